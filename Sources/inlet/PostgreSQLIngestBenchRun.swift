import Foundation
import KafkaClient
import Logging
import NIOCore
import NIOPosix
import PostgreSQLStorage
import PostgresNIO

/// One `inlet bench pg-ingest`: fill a topic, time psql's `\copy` of the same rows into a table of the source
/// relation's shape, then one `inlet serve` on SQLite and one with `--storage postgresql://…`, each timed from
/// CREATE SOURCE until its progress relation shows every record.
struct PostgreSQLIngestBenchRun {
    let bootstrap: String
    let url: PostgreSQLStorageURL
    let postmaster: Int32
    let records: Int
    let size: Int
    let partitions: Int32
    let inlet: String
    let stamp: String

    func run() async throws -> PostgreSQLIngestBenchTable {
        let broker = try KafkaConfiguration.parseBroker(bootstrap)
        let cluster = try KafkaCluster(configuration: KafkaConfiguration(bootstrapBrokers: [broker]))
        let topic = "pg-ingest-\(stamp)"
        try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: partitions)])
        try await fill(cluster, topic: topic)
        await cluster.shutdown()

        var table = PostgreSQLIngestBenchTable()
        table.rows.append(try await copyLimit())
        table.rows.append(try await ingest(topic: topic, postgreSQL: false))
        table.rows.append(try await ingest(topic: topic, postgreSQL: true))
        return table
    }

    /// psql `\copy` of the rows an ENVELOPE NONE FORMAT TEXT source writes (one text column) from a file.
    private func copyLimit() async throws -> PostgreSQLIngestBenchTable.Row {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-pg-copy-\(stamp).tsv")
        var text = [UInt8]()
        text.reserveCapacity(records * (size + 1))
        var template = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        var digits = [UInt8](repeating: 0, count: 20)
        for index in 0..<records {
            BenchFigures.writeRecordValue(index, into: &template, digits: &digits)
            text += template
            text.append(UInt8(ascii: "\n"))
        }
        try Data(text).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let name = "bench_copy_\(stamp.replacingOccurrences(of: "-", with: "_"))"
        try psql(
            host: url.host, port: url.port, database: url.database, user: url.username,
            "CREATE TABLE \(name) (text text)")
        let cpuStart = Self.postgresCPU(postmaster)
        let start = ContinuousClock.now
        try psql(
            host: url.host, port: url.port, database: url.database, user: url.username,
            "\\copy \(name) FROM '\(file.path)'")
        let seconds = BenchFigures.seconds(ContinuousClock.now - start)
        let cpu = Self.postgresCPU(postmaster) - cpuStart
        try psql(host: url.host, port: url.port, database: url.database, user: url.username, "DROP TABLE \(name)")
        return .init(label: "psql \\copy from a file (PostgreSQL's limit)", seconds: seconds, postgresCPU: cpu)
    }

    /// CREATE SOURCE on the filled topic in a fresh `inlet serve`, timed until the progress offsets add up.
    private func ingest(topic: String, postgreSQL: Bool) async throws -> PostgreSQLIngestBenchTable.Row {
        let name = postgreSQL ? "pg_none" : "lite_none"
        let serve = try await BenchServeProcess.start(
            binary: inlet, name: "pg-ingest-\(stamp)-\(name)",
            arguments: postgreSQL
                ? ["--storage", "postgresql://\(url.username)@\(url.host):\(url.port)/\(url.database)"] : [])
        do {
            try psql(
                port: serve.port, database: "materialize", user: "materialize",
                "CREATE CONNECTION bench_kafka TO KAFKA (BROKER '\(bootstrap)')")
            let inletStart = serve.cpuSeconds
            let postgresStart = Self.postgresCPU(postmaster)
            let start = ContinuousClock.now
            try psql(
                port: serve.port, database: "materialize", user: "materialize",
                "CREATE SOURCE \(name) FROM KAFKA CONNECTION bench_kafka (TOPIC '\(topic)') FORMAT TEXT")
            if postgreSQL {
                try await waitForProgress(
                    host: url.host, port: url.port, user: url.username, password: url.password, database: url.database,
                    relation: name + "_progress", inSourceSchema: true, serve: serve)
            } else {
                try await waitForProgress(
                    host: "127.0.0.1", port: serve.port, user: "materialize", password: nil, database: "materialize",
                    relation: name + "_progress", inSourceSchema: false, serve: serve)
            }
            let seconds = BenchFigures.seconds(ContinuousClock.now - start)
            let inletCPU = serve.cpuSeconds - inletStart
            let postgresCPU = Self.postgresCPU(postmaster) - postgresStart
            await serve.stop()
            return .init(
                label: postgreSQL ? "inlet serve --storage postgresql (1 replica)" : "inlet serve (SQLite default)",
                seconds: seconds, inletCPU: inletCPU, postgresCPU: postgreSQL ? postgresCPU : nil)
        } catch {
            await serve.stop()
            throw error
        }
    }
}
