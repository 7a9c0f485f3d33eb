import Foundation

/// The Python programs `inlet bench ingest` runs: the hand-written peer (`ingest_peer.py`) and the PostgreSQL side
/// (`ingest_probe.py`, psycopg), each answering with one JSON line.
struct BenchPython {
    let settings: IngestBenchSettings

    /// What `ingest_peer.py` prints.
    struct PeerResult: Decodable {
        var records: Int
        var seconds: Double
        var cpuSeconds: Double
    }

    /// What `ingest_probe.py ingest` prints: seconds from CREATE SOURCE to all offsets committed, and the
    /// milliseconds of each probe statement run meanwhile.
    struct IngestResult: Decodable {
        var seconds: Double
        var polls: Int
        var probes: [String: [Double]]
    }

    /// Runs `python arguments…` to its end and returns its standard output; standard error passes through.
    func run(_ arguments: [String]) throws -> Data {
        let process = try start(arguments, output: nil)
        let data = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure(
                "\(settings.python) \(arguments.first ?? "") failed (status \(process.terminationStatus)); "
                    + "run scripts/bootstrap --test, or see its message above")
        }
        return data
    }

    /// Starts `python arguments…` with its standard output in `output` (a pipe when nil).
    func start(_ arguments: [String], output: URL?) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [settings.python] + arguments
        if let output {
            guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
                throw BenchFailure("cannot create \(output.path); check the temporary folder's permissions")
            }
            process.standardOutput = FileHandle(forWritingAtPath: output.path)
        } else {
            process.standardOutput = Pipe()
        }
        try process.run()
        return process
    }

    func script(_ name: String) -> String { (settings.peers as NSString).appendingPathComponent(name) }

    /// The hand-written ingest of `topic` into a fresh SQLite file.
    func peer(topic: String, upsert: Bool, database: String) throws -> KafkaBenchCommand.Figure {
        var arguments = [
            script("ingest_peer.py"), "--bootstrap", settings.bootstrap, "--topic", topic, "--count",
            "\(settings.records)", "--database", database,
        ]
        if upsert { arguments.append("--upsert") }
        let result: PeerResult = try decode(run(arguments), from: "ingest_peer.py")
        try? FileManager.default.removeItem(atPath: database)
        return KafkaBenchCommand.Figure(
            records: result.records, seconds: result.seconds,
            megabytesPerSecond: Double(result.records * settings.size) / result.seconds / 1e6,
            cpuSeconds: result.cpuSeconds)
    }

    /// Runs `create` (a CREATE SOURCE) and waits until `progress` sums to `target`, running `probes` meanwhile.
    func ingest(port: Int, create: String, progress: String, target: Int, probes: [(label: String, sql: String)] = [])
        throws -> IngestResult
    {
        var arguments = [
            script("ingest_probe.py"), "ingest", "--port", "\(port)", "--create", create, "--progress", progress,
            "--target", "\(target)", "--poll-ms", "2", "--probe-gap-ms", "\(settings.probeGapMilliseconds)",
        ]
        for probe in probes { arguments += ["--probe", "\(probe.label)=\(probe.sql)"] }
        return try decode(run(arguments), from: "ingest_probe.py ingest")
    }

    /// Runs SQL statements over one connection.
    func exec(port: Int, _ statements: [String]) throws {
        _ = try run([script("ingest_probe.py"), "exec", "--port", "\(port)"] + statements)
    }

    private func decode<T: Decodable>(_ data: Data, from program: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw BenchFailure(
                "\(program) printed no result I can read (\(String(decoding: data.prefix(200), as: UTF8.self)))")
        }
    }
}
