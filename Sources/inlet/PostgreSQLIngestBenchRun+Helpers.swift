import Foundation
import KafkaClient
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

extension PostgreSQLIngestBenchRun {
    /// Polls the progress relation every 20 ms over one connection until its offsets add up to `records`. With
    /// `inSourceSchema`, first finds the schema `inlet serve --storage` made for the source.
    func waitForProgress(
        host: String, port: Int, user: String, password: String?, database: String, relation: String,
        inSourceSchema: Bool, serve: BenchServeProcess
    ) async throws {
        let logger = Logger(label: "inlet.bench.pg-ingest")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: host, port: port, username: user, password: password, database: database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await poll(connection, relation: relation, inSourceSchema: inSourceSchema, serve: serve, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private func poll(
        _ connection: PostgresConnection, relation: String, inSourceSchema: Bool, serve: BenchServeProcess,
        logger: Logger
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        var qualified = relation
        if inSourceSchema {
            var schema: String?
            while schema == nil, ContinuousClock.now < deadline {
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT table_schema FROM information_schema.tables WHERE table_name = '\(relation)'"),
                    logger: logger)
                for try await (name) in rows.decode(String.self) { schema = name }
                if schema == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            guard let schema else { throw BenchFailure("no schema holds \(relation) after 600 s") }
            qualified = "\"\(schema)\".\(relation)"
        }
        let query = "SELECT CAST(coalesce(sum(\"offset\"), 0) AS text) FROM \(qualified)"
        var last: Int64 = 0
        var failure = ""
        while ContinuousClock.now < deadline {
            guard serve.process.isRunning else {
                throw BenchFailure("inlet serve exited during the ingest; its log is in \(serve.directory.path)")
            }
            do {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: query), logger: logger)
                for try await (sum) in rows.decode(String.self) { last = Int64(sum) ?? last }
            } catch {
                // The relation may not be there a moment after CREATE SOURCE; keep polling, say why at the end.
                failure = String(reflecting: error)
            }
            if last >= records { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchFailure("\(relation) reached \(last) of \(records) offsets in 600 s; last error: \(failure)")
    }

    /// Runs one psql command against a PostgreSQL-protocol server; a failure throws with psql's message.
    func psql(host: String = "127.0.0.1", port: Int, database: String, user: String, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user, "-d", database,
            "-c", command,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["PGSSLMODE"] = "disable"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw BenchFailure("psql -c \(command.prefix(60)) failed: \(message)")
        }
    }

    /// Produces the records with Inlet's producer, round-robin, values as `inlet bench ingest` makes them.
    func fill(_ cluster: KafkaCluster, topic: String) async throws {
        let producer = KafkaProducer(
            cluster: cluster, configuration: .init(acks: .all, linger: .milliseconds(5), partitioner: .roundRobin))
        let value = BenchProducing.recordValues(size: size)
        try await BenchProducing.produce(producer, topic: topic, records: records) { (nil, value($0)) }
    }

    /// CPU seconds of the postmaster and its backends: the postmaster's own and its reaped children's
    /// (utime, stime, cutime, cstime), plus the live children's.
    static func postgresCPU(_ postmaster: Int32) -> Double {
        var ticks = 0.0
        if let fields = statFields(postmaster), fields.count > 14 {
            ticks += fields[11...14].compactMap { Double($0) }.reduce(0, +)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != postmaster, let fields = statFields(pid), fields.count > 14,
                Int32(fields[1]) == postmaster
            else { continue }
            ticks += fields[11...14].compactMap { Double($0) }.reduce(0, +)
        }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The fields of /proc/PID/stat after "pid (comm)": state is index 0, ppid 1, utime 11, stime 12.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ")
    }
}
