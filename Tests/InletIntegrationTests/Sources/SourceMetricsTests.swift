import Foundation
import InletTestSupport
import Testing

/// `inlet serve --metrics-listen`: a source's records, commits and lag, and the broker's connection state, as
/// Prometheus text that a real HTTP client (Python's urllib) reads.
@Suite(.timeLimit(.minutes(3))) struct SourceMetricsTests {
    static func scrape(_ port: Int, path: String = "/metrics") async throws -> (status: Int, body: String) {
        let script = """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen("http://127.0.0.1:\(port)\(path)", timeout=10)
                print(r.status); sys.stdout.write(r.read().decode())
            except urllib.error.HTTPError as e:
                print(e.code)
            """
        let result = try await runClient(try await PeerEnvironment.python(), ["-c", script], timeout: .seconds(30))
        let lines = result.stdout.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return (Int(lines.first ?? "") ?? -1, lines.count > 1 ? String(lines[1]) : "")
    }

    @Test func sourceAndBrokerMetricsAreServed() async throws {
        try await withTansu { tansu in
            try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).produce(
                records: SourceTextTests.records(0..<200, partitions: 2), topic: "metered", createPartitions: 2)
            let metricsPort = try FreePort.next()
            let bed = try await SourceTestBed.start(["--metrics-listen", "127.0.0.1:\(metricsPort)"])
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE metered FROM KAFKA CONNECTION kafka_conn (TOPIC 'metered') FORMAT TEXT;
                """)
            try await bed.waitFor("SELECT count(*) FROM metered;", toBe: "200\n")
            let deadline = ContinuousClock.now + .seconds(30)
            var body = ""
            while ContinuousClock.now < deadline {
                body = try await Self.scrape(metricsPort).body
                if body.contains("inlet_source_lag{source=\"metered\",partition=\"1\"} 0") { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(body.contains("inlet_source_messages_total{source=\"metered\"} 200"), "\(body)")
            #expect(body.contains("inlet_source_updates_committed_total{source=\"metered\"} 200"), "\(body)")
            #expect(body.contains("inlet_source_running{source=\"metered\"} 1"), "\(body)")
            #expect(body.contains("inlet_source_lag{source=\"metered\",partition=\"0\"} 0"), "\(body)")
            #expect(body.contains("inlet_source_commit_seconds_count{source=\"metered\"}"), "\(body)")
            #expect(
                body.contains(
                    "inlet_kafka_broker_connected{connection=\"kafka_conn\",broker=\"\(tansu.bootstrap)\""),
                "\(body)")
            #expect(try await Self.scrape(metricsPort, path: "/other").status == 404)
            try await bed.stop()
        }
    }
}
