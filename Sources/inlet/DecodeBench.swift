import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the decode benchmarks (`inlet bench avro`, `inlet bench protobuf`) share: the peer's record file, timed
/// passes with their CPU time, the Python peer's JSON answer, and the table next to the peer's figure.
enum DecodeBench {
    /// One timed pass: wall-clock and CPU seconds.
    struct Time {
        var seconds: Double
        var cpuSeconds: Double
    }

    /// The records of a peer's file (each a 4-byte little-endian length and the bytes), in one buffer.
    struct Corpus {
        private let bytes: [UInt8]
        private let ranges: [Range<Int>]

        init(contentsOf file: URL) throws {
            bytes = Array(try Data(contentsOf: file))
            var ranges: [Range<Int>] = []
            var offset = 0
            while offset + 4 <= bytes.count {
                var length = 0
                for shift in 0..<4 { length |= Int(bytes[offset + shift]) << (8 * shift) }
                guard offset + 4 + length <= bytes.count else {
                    throw BenchFailure("\(file.path) ends inside a record")
                }
                ranges.append(offset + 4..<offset + 4 + length)
                offset += 4 + length
            }
            self.ranges = ranges
        }

        var count: Int { ranges.count }
        var byteCount: Int { ranges.reduce(0) { $0 + $1.count } }

        func forEach(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            try bytes.withUnsafeBytes { all in
                for range in ranges {
                    try body(UnsafeRawBufferPointer(rebasing: all[range]))
                }
            }
        }
    }

    /// The pass with the median wall-clock time of `passes` runs of `body`, with its CPU time.
    static func median(passes: Int, _ body: () throws -> Void) throws -> Time {
        var times: [Time] = []
        for _ in 0..<max(passes, 1) {
            let start = ContinuousClock.now
            let cpuStart = threadCPUSeconds()
            try body()
            let elapsed = (ContinuousClock.now - start).components
            times.append(
                Time(
                    seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                    cpuSeconds: threadCPUSeconds() - cpuStart))
        }
        return times.sorted { $0.seconds < $1.seconds }[times.count / 2]
    }

    /// CPU seconds of the calling thread (CLOCK_THREAD_CPUTIME_ID), which Python's `time.thread_time` reads.
    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Runs `python arguments…` and returns the JSON object it prints.
    static func runPython(_ python: String, _ arguments: [String]) throws -> [String: Any] {
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

    /// The peer's `seconds` and `cpu_seconds` (or the keys given) as a time.
    static func time(_ answer: [String: Any], seconds: String = "seconds", cpu: String = "cpu_seconds", from: String)
        throws -> Time
    {
        guard let wall = answer[seconds] as? Double, let cpuSeconds = answer[cpu] as? Double, wall > 0, cpuSeconds > 0
        else {
            throw BenchFailure("\(from) printed no \(seconds)")
        }
        return Time(seconds: wall, cpuSeconds: cpuSeconds)
    }

    /// Prints records/s and MB/s of each figure, wall clock and CPU, each next to `reference` (the peer's).
    /// On a shared machine the wall clock includes other programs' turns; the CPU figures do not.
    static func printTable(
        _ figures: [(label: String, time: Time)], reference: Time, referenceName: String, records: Int, bytes: Int
    ) {
        let header = ["records/s", "MB/s", "× \(referenceName)", "records/CPU-s", "× \(referenceName) (CPU)"]
        let widths = header.map { max($0.count + 2, 12) }
        print("path".padding(toLength: 40, withPad: " ", startingAt: 0) + zip(header, widths).map(pad).joined())
        for (label, time) in figures {
            let columns = [
                String(format: "%.0f", Double(records) / time.seconds),
                String(format: "%.1f", Double(bytes) / time.seconds / 1e6),
                String(format: "%.2f", reference.seconds / time.seconds),
                String(format: "%.0f", Double(records) / time.cpuSeconds),
                String(format: "%.2f", reference.cpuSeconds / time.cpuSeconds),
            ]
            print(label.padding(toLength: 40, withPad: " ", startingAt: 0) + zip(columns, widths).map(pad).joined())
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }
}
