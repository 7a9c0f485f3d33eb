import ArgumentParser
import Formats
import Foundation

/// `inlet bench avro`: Avro decoding rates of Inlet's paths next to fastavro's on the same bytes, in one run.
///
/// `testpeers/avro_bench.py` writes the records once with fastavro into a file; Inlet decodes them from memory
/// (into column texts, into typed cells, into `AvroValue` only, and by the value and `AvroText.columns`), then
/// the script times fastavro's `schemaless_reader` over the same file. `scripts/bench-avro` builds and runs it.
struct AvroBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro decoding rate of Inlet next to fastavro's schemaless_reader on the same bytes, in one run.")

    @Option(help: "Records to encode and decode.")
    var records: Int = 1_000_000

    @Option(help: "Timed passes over the records for each Inlet path; the median is printed.")
    var passes: Int = 3

    @Option(help: "Folder with avro_bench.py (the repository's testpeers).")
    var peers: String = "testpeers"

    @Option(help: "The Python that runs avro_bench.py (with fastavro).")
    var python: String = "python3"

    func run() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-avro-bench-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        let script = (peers as NSString).appendingPathComponent("avro_bench.py")
        let encoded = try runPython([script, "encode", "--records", "\(records)", "--output", file.path])
        guard let schemaText = encoded["schema"] as? String else {
            throw BenchFailure("avro_bench.py encode printed no schema")
        }
        let corpus = try AvroBenchCorpus(contentsOf: file)
        let schema = try AvroSchema(parsing: schemaText)
        let rows = AvroRowDecoder(schema: schema)
        let tree = AvroDecoder(schema: schema)
        print(
            "records=\(corpus.count) bytes=\(corpus.byteCount) (\(corpus.byteCount / max(corpus.count, 1)) per record)"
                + " fields=\(rows.columnCount) passes=\(passes)")
        try corpus.checkSameColumns(rows, tree)

        var figures: [(label: String, time: AvroBenchTime)] = []
        figures.append(("Inlet AvroRowDecoder → column texts", try median { try corpus.decodeRows(rows) }))
        figures.append(("Inlet AvroRowDecoder → typed cells", try median { try corpus.decodeCells(rows) }))
        figures.append(("Inlet AvroDecoder → AvroValue only", try median { try corpus.decodeValues(tree) }))
        figures.append(("Inlet AvroValue + AvroText.columns", try median { try corpus.decodeTexts(tree) }))
        let fastavro = try runPython([script, "decode", "--input", file.path])
        guard let seconds = fastavro["seconds"] as? Double, let cpuSeconds = fastavro["cpu_seconds"] as? Double,
            seconds > 0, cpuSeconds > 0
        else {
            throw BenchFailure("avro_bench.py decode printed no seconds")
        }
        let reference = AvroBenchTime(seconds: seconds, cpuSeconds: cpuSeconds)
        figures.append(("fastavro schemaless_reader (Python)", reference))

        // On a shared machine the wall clock includes other programs' turns; the CPU figures do not.
        print(
            "path                                     records/s      MB/s  × fastavro   records/CPU-s  × fastavro (CPU)"
        )
        for (label, time) in figures {
            let columns = [
                String(format: "%.0f", Double(corpus.count) / time.seconds),
                String(format: "%.1f", Double(corpus.byteCount) / time.seconds / 1e6),
                String(format: "%.2f", reference.seconds / time.seconds),
                String(format: "%.0f", Double(corpus.count) / time.cpuSeconds),
                String(format: "%.2f", reference.cpuSeconds / time.cpuSeconds),
            ]
            print(
                label.padding(toLength: 38, withPad: " ", startingAt: 0)
                    + zip(columns, [12, 10, 12, 16, 18]).map { pad($0, $1) }.joined())
        }
    }

    /// The pass with the median wall-clock time of `passes` runs of `body`, with its CPU time.
    private func median(_ body: () throws -> Void) throws -> AvroBenchTime {
        var times: [AvroBenchTime] = []
        for _ in 0..<max(passes, 1) {
            let start = ContinuousClock.now
            let cpuStart = Self.threadCPUSeconds()
            try body()
            let elapsed = (ContinuousClock.now - start).components
            times.append(
                AvroBenchTime(
                    seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                    cpuSeconds: Self.threadCPUSeconds() - cpuStart))
        }
        return times.sorted { $0.seconds < $1.seconds }[times.count / 2]
    }

    /// CPU seconds of the calling thread (CLOCK_THREAD_CPUTIME_ID), which Python's `time.thread_time` reads.
    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }

    /// Runs `python arguments…` and returns the JSON object it prints.
    private func runPython(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw BenchFailure(
                "\(python) \(arguments.prefix(2).joined(separator: " ")) failed (status \(process.terminationStatus)); "
                    + "run scripts/bootstrap --test, or see its message above")
        }
        return object
    }
}

/// One timed pass: wall-clock and CPU seconds.
struct AvroBenchTime {
    var seconds: Double
    var cpuSeconds: Double
}

/// The records of `avro_bench.py encode`'s file, in one buffer with each record's range.
struct AvroBenchCorpus {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(contentsOf file: URL) throws {
        bytes = Array(try Data(contentsOf: file))
        var ranges: [Range<Int>] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            var length = 0
            for shift in 0..<4 { length |= Int(bytes[offset + shift]) << (8 * shift) }
            guard offset + 4 + length <= bytes.count else { throw BenchFailure("\(file.path) ends inside a record") }
            ranges.append(offset + 4..<offset + 4 + length)
            offset += 4 + length
        }
        self.ranges = ranges
    }

    var count: Int { ranges.count }
    var byteCount: Int { ranges.reduce(0) { $0 + $1.count } }

    private func forEach(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            for range in ranges {
                try body(UnsafeRawBufferPointer(rebasing: all[range]))
            }
        }
    }

    func decodeRows(_ decoder: AvroRowDecoder) throws {
        var columns = 0
        try forEach { record in columns += try decoder.decode(record).count }
        guard columns == count * decoder.columnCount else { throw BenchFailure("columns went missing") }
    }

    func decodeCells(_ decoder: AvroRowDecoder) throws {
        var columns = 0
        try forEach { record in columns += try decoder.decodeCells(record).count }
        guard columns == count * decoder.columnCount else { throw BenchFailure("columns went missing") }
    }

    func decodeValues(_ decoder: AvroDecoder) throws {
        var records = 0
        try forEach { record in
            if case .record = try decoder.decode(record) { records += 1 }
        }
        guard records == count else { throw BenchFailure("a record decoded into something else") }
    }

    func decodeTexts(_ decoder: AvroDecoder) throws {
        var columns = 0
        try forEach { record in columns += try AvroText.columns(try decoder.decode(record), decoder.reader).count }
        guard columns > 0 || count == 0 else { throw BenchFailure("no columns") }
    }

    /// Both paths must give the same texts before their speeds mean anything.
    func checkSameColumns(_ rows: AvroRowDecoder, _ tree: AvroDecoder) throws {
        try forEach { record in
            let fast = try rows.decode(record)
            let slow = try AvroText.columns(try tree.decode(record), tree.reader)
            guard fast == slow else { throw BenchFailure("AvroRowDecoder gives \(fast), the tree path \(slow)") }
        }
    }
}
