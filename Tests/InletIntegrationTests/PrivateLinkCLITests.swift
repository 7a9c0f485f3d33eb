import Foundation
import InletTestSupport
import KafkaClient
import Routing
import Testing

/// `inlet kafka probe|metadata|produce|consume` with `--route…` flags, run as the built binary against the
/// virtual cluster behind haproxy listeners.
@Suite("PrivateLink: inlet kafka … --route", .serialized, .timeLimit(.minutes(3)))
struct PrivateLinkCLITests {
    static var inlet: String {
        PeerPaths.repositoryRoot.appendingPathComponent(".build/debug/inlet").path
    }

    func inlet(_ arguments: [String], stdin: Data? = nil) async throws -> PeerCommandResult {
        guard FileManager.default.isExecutableFile(atPath: Self.inlet) else {
            throw PeerError(peer: "inlet", message: "\(Self.inlet) is missing; run swift build first")
        }
        return try await PeerCommand.run(
            name: "inlet", executable: Self.inlet, arguments: arguments, stdin: stdin, timeout: .seconds(60),
            check: false)
    }

    /// The MSK shape (SASL_SSL, SCRAM-SHA-512, TLS listeners per broker with broker-name certificates).
    @Test func probeListsEveryBrokerWithRuleTargetTimingsAndCertificate() async throws {
        try await withVirtualCluster(sasl: PrivateLinkMSKTests.sasl) { virtual in
            let certificates = try await BrokerCertificates.issue(for: virtual.initialBrokers)
            let listeners = try virtual.initialBrokers.map { broker in
                try HAProxy.Frontend.tls(
                    "b\(broker.id)", certificates: [certificates.byBroker[broker.id]!], to: [broker.listener])
            }
            try await withHAProxy(listeners) { _ in
                let passwordFile = certificates.ca.directory.appendingPathComponent("password")
                try "pl-s3cret\n".write(to: passwordFile, atomically: true, encoding: .utf8)
                let common = [
                    "kafka", "probe", "--bootstrap", routedBootstrap, "--security-protocol", "SASL_SSL",
                    "--ssl-ca", certificates.ca.certificate.path, "--sasl-mechanism", "SCRAM-SHA-512",
                    "--sasl-username", "inlet", "--sasl-password-file", passwordFile.path,
                ]
                let routes = zip(virtual.initialBrokers, listeners).flatMap { ["--route", $0.route(to: $1.address)] }

                let probe = try await inlet(common + routes)
                print(probe.output)
                #expect(probe.status == 0, "\(probe.stderr)\n\(probe.output)")
                #expect(probe.output.contains("bootstrap b-1.kafka.internal:9096 → \(listeners[0].address)"))
                for (broker, listener) in zip(virtual.initialBrokers, listeners) {
                    let line = probe.output.split(separator: "\n").first {
                        $0.hasPrefix("\(broker.id) ") && $0.contains(broker.advertised)
                    }
                    let row = String(line ?? "")
                    #expect(row.contains(broker.advertised), "\(row)")
                    #expect(row.contains("broker '\(broker.advertised)'"), "\(row)")
                    #expect(row.contains(listener.address), "\(row)")
                    #expect(row.contains("valid for \(broker.host)"), "\(row)")
                    #expect(row.components(separatedBy: " ms").count == 4, "connect, TLS and SASL times: \(row)")
                    #expect(row.hasSuffix("ok"), "\(row)")
                }

                // Broker 3 has no route: the probe says so, with the flag to add, and exits non-zero.
                let partial = try await inlet(common + Array(routes.prefix(4)))
                print(partial.output)
                #expect(partial.status != 0)
                #expect(partial.output.contains("unmapped (direct)"), "\(partial.output)")
                #expect(
                    partial.output.contains(
                        "problem: broker b-3.kafka.internal:9096 (node 3) is not mapped by any --route"),
                    "\(partial.output)")
                #expect(partial.output.contains("add --route 'b-3.kafka.internal:9096=127.0.0.1:"), "\(partial.output)")

                // A listener that presents the wrong certificate: the probe shows which broker and exits non-zero.
                let swapped = [
                    "--route", virtual.initialBrokers[0].route(to: listeners[0].address),
                    "--route", virtual.initialBrokers[1].route(to: listeners[2].address),
                    "--route", virtual.initialBrokers[2].route(to: listeners[1].address),
                ]
                let mismatch = try await inlet(common + swapped)
                print(mismatch.output)
                #expect(mismatch.status != 0)
                #expect(mismatch.output.contains("NOT valid for b-2.kafka.internal"), "\(mismatch.output)")
                #expect(mismatch.output.contains("problem: broker b-2.kafka.internal:9096 (node 2) is unreachable"))
            }
        }
    }

    @Test func produceConsumeAndMetadataTakeRouteFlags() async throws {
        try await withVirtualCluster { virtual in
            let listeners = try virtual.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            try await withHAProxy(listeners) { _ in
                let routes = zip(virtual.initialBrokers, listeners).flatMap { ["--route", $0.route(to: $1.address)] }
                let connection = ["--bootstrap", routedBootstrap] + routes

                let table = try RouteTable(
                    routes: zip(virtual.initialBrokers, listeners).map { $0.route(to: $1.address) })
                let configuration = try routedConfiguration(table: table, reports: UnmappedReports())
                try await withKafkaCluster(configuration) { cluster in
                    try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "cli-routes", partitions: 3)])
                }
                let lines = (0..<90).map { "value \($0)" }
                let produced = try await inlet(
                    ["kafka", "produce", "--topic", "cli-routes"] + connection,
                    stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
                #expect(produced.status == 0, "\(produced.stderr)")
                #expect(produced.output.contains("90 records acknowledged"), "\(produced.output)")

                let consumed = try await inlet(
                    [
                        "kafka", "consume", "--topic", "cli-routes", "--from-beginning", "--count", "90", "--format",
                        "json",
                    ]
                        + connection)
                #expect(consumed.status == 0, "\(consumed.stderr)")
                let records = consumed.output.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                #expect(Set(records.compactMap { $0["value"] as? String }) == Set(lines))
                #expect(Set(records.compactMap { $0["partition"] as? Int }) == [0, 1, 2], "every partition was read")

                let metadata = try await inlet(["kafka", "metadata"] + connection)
                #expect(metadata.status == 0, "\(metadata.stderr)")
                #expect(metadata.output.contains("broker 3 at b-3.kafka.internal:9096"), "\(metadata.output)")
                #expect(metadata.stderr.isEmpty, "\(metadata.stderr)")

                // With broker 3 left out, metadata still answers, and stderr names the broker and the flag.
                let partial = try await inlet(["kafka", "metadata", "--bootstrap", routedBootstrap] + routes.prefix(4))
                #expect(partial.status == 0, "\(partial.stderr)")
                #expect(
                    partial.stderr.contains(
                        "inlet: warning: broker b-3.kafka.internal:9096 (node 3) is not mapped by any --route"),
                    "\(partial.stderr)")
                #expect(partial.stderr.contains("add --route 'b-3.kafka.internal:9096="), "\(partial.stderr)")

                let bad = try await inlet(["kafka", "metadata", "--bootstrap", routedBootstrap, "--route", "b-1"])
                #expect(bad.status != 0)
                #expect(bad.stderr.contains("--route 'b-1' has no '='"), "\(bad.stderr)")
            }
        }
    }
}
