import ArgumentParser
import Foundation
import KafkaClient
import Routing

/// `inlet kafka probe`: asks the cluster for its brokers, then opens one connection to each through its route
/// and prints what happened: the rule that matched, the address dialled, connect/TLS/SASL time and whether the
/// certificate is valid for the advertised name.
///
/// Exits non-zero when a broker is unmapped or unreachable, and says which flag to add.
struct KafkaProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Dial every broker in the metadata through its route; print rule, target, timings, certificate.")

    @OptionGroup var connection: KafkaConnectionOptions

    func run() async throws {
        try await reportingErrors {
            var configuration = try connection.makeConfiguration()
            // The probe lists unmapped brokers itself, in its table and its advice.
            configuration.metadataObserver = nil
            let table = try connection.routeTable()
            let resolver = RouteResolver(table: table)
            for bootstrap in configuration.bootstrapBrokers {
                let decision = table.decide(for: bootstrap)
                let target = (try? resolver.target(for: decision))?.description ?? "?"
                print("bootstrap \(bootstrap.hostPort) → \(target) [\(decision.rule)]")
            }
            let cluster = try KafkaCluster(configuration: configuration)
            let metadata: ClusterMetadata
            do {
                metadata = try await cluster.refreshMetadata(topics: [])
            } catch {
                await cluster.shutdown()
                throw error
            }
            await cluster.shutdown()
            let probes = await probeAll(metadata, configuration: configuration, resolver: resolver)
            print(render(probes, tls: configuration.tls, clusterID: metadata.clusterID))
            let advice = probes.compactMap { probe in probe.advice(table: table) }
            if !advice.isEmpty {
                print("")
                for line in advice { print("problem: \(line)") }
                throw ExitCode(1)
            }
        }
    }

    /// One broker's outcome.
    struct Probe {
        var broker: BrokerAddress
        var decision: RouteDecision
        var target: String
        var timings: BrokerConnectionTimings?
        var error: KafkaClientError?

        func advice(table: RouteTable) -> String? {
            if decision.rule == .unmapped {
                let failure = error.map { " (\(Self.reason($0)))" } ?? ""
                return table.unmappedAdvice(for: broker, syntax: .commandLine) + failure
            }
            guard let error else { return nil }
            return "broker \(broker) is unreachable through \(decision.rule) at \(target): \(Self.reason(error))"
        }

        /// The client's message without the routing preamble the dialer put in front of it.
        static func reason(_ error: KafkaClientError) -> String {
            if let failure = error.underlying as? RouteDialError {
                return (failure.underlying as? KafkaClientError)?.message ?? "\(failure.underlying)"
            }
            return error.message
        }
    }

    private func probeAll(
        _ metadata: ClusterMetadata, configuration: KafkaConfiguration, resolver: RouteResolver
    ) async -> [Probe] {
        var probes: [Probe] = []
        for nodeID in metadata.brokers.keys.sorted() {
            let broker = metadata.brokers[nodeID]!
            let decision = resolver.table.decide(for: broker)
            let target: String
            do {
                target = try resolver.target(for: decision).description
            } catch {
                probes.append(
                    Probe(
                        broker: broker, decision: decision, target: "?",
                        error: KafkaClientError(.configuration, error.message, underlying: error)))
                continue
            }
            var probe = Probe(broker: broker, decision: decision, target: target)
            do {
                let (opened, timings) = try await BrokerConnection.connectTimed(
                    to: broker, configuration: configuration)
                opened.close()
                probe.timings = timings
            } catch let error as KafkaClientError {
                probe.error = error
            } catch {
                probe.error = KafkaClientError(.connect, "\(error)", underlying: error)
            }
            probes.append(probe)
        }
        return probes
    }

    private func render(_ probes: [Probe], tls: KafkaTLSConfiguration?, clusterID: String?) -> String {
        var rows = [["node", "advertised", "rule", "target", "connect", "tls", "sasl", "certificate", "status"]]
        let usesSASL = (try? connection.parsedSecurityProtocol())?.usesSASL == true
        for probe in probes {
            let timings = probe.timings
            var certificate = "-"
            if let tls {
                if timings != nil {
                    certificate = tls.verifyCertificates ? "valid for \(probe.broker.host)" : "not verified"
                } else if let error = probe.error, error.code == .tls {
                    certificate = "NOT valid for \(probe.broker.host)"
                } else {
                    certificate = "not reached"
                }
            }
            let status: String
            if let error = probe.error {
                status = "FAILED (\(error.code))"
            } else {
                status = probe.decision.rule == .unmapped ? "ok, unmapped" : "ok"
            }
            rows.append([
                probe.broker.nodeID.map(String.init) ?? "?", probe.broker.hostPort, "\(probe.decision.rule)",
                probe.target, Self.milliseconds(timings?.connect),
                tls == nil ? "-" : Self.milliseconds(timings?.tls),
                usesSASL ? Self.milliseconds(timings?.setup) : "-", certificate, status,
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["\(probes.count) brokers" + (clusterID.map { " in cluster \($0)" } ?? "") + ":"]
        for row in rows {
            lines.append(
                row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        return lines.joined(separator: "\n")
    }

    static func milliseconds(_ duration: Duration?) -> String {
        guard let duration else { return "-" }
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(format: "%.1f ms", value)
    }
}
