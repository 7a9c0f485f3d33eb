import ArgumentParser
import Formats
import Foundation

/// `inlet bench protobuf`: Inlet's Protobuf decoding rate next to the python protobuf runtime's on the same bytes.
///
/// `testpeers/protobuf_bench.py` writes the messages once with the protobuf runtime into a file (and prints their
/// FileDescriptorSet); Inlet decodes them from memory with `ProtobufRowDecoder.decodeCells`, then the script times
/// `FromString` (upb, which makes Python objects only when a field is read) and `FromString` with every field read.
/// `scripts/bench-protobuf` builds and runs it.
struct ProtobufBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protobuf",
        abstract: "Protobuf decoding rate of Inlet next to python protobuf's FromString on the same bytes, in one run.")

    @Option(help: "Records to encode and decode.")
    var records: Int = 1_000_000

    @Option(help: "Timed passes over the records for Inlet; the median is printed.")
    var passes: Int = 3

    @Option(help: "Folder with protobuf_bench.py (the repository's testpeers).")
    var peers: String = "testpeers"

    @Option(help: "The Python that runs protobuf_bench.py (with protobuf and grpcio-tools).")
    var python: String = "python3"

    func run() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-protobuf-bench-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        let script = (peers as NSString).appendingPathComponent("protobuf_bench.py")
        let encoded = try runPython([script, "encode", "--records", "\(records)", "--output", file.path])
        guard let setHex = encoded["set"] as? String, let message = encoded["message"] as? String else {
            throw BenchFailure("protobuf_bench.py encode printed no descriptor set")
        }
        let pool = try ProtobufDescriptorPool(serializedSet: Self.bytes(hex: setHex))
        let decoder = ProtobufRowDecoder(program: try ProtobufProgram(pool: pool, message: message))
        let (bytes, ranges) = try Self.corpus(file)
        let total = ranges.reduce(0) { $0 + $1.count }
        print("records=\(ranges.count) bytes=\(total) (\(total / max(ranges.count, 1)) per record) passes=\(passes)")

        var times: [AvroBenchTime] = []
        for _ in 0..<max(passes, 1) {
            let start = ContinuousClock.now
            let cpuStart = Self.threadCPUSeconds()
            var columns = 0
            try bytes.withUnsafeBytes { all in
                for range in ranges {
                    columns += try decoder.decodeCells(UnsafeRawBufferPointer(rebasing: all[range])).count
                }
            }
            guard columns == ranges.count * decoder.program.columns.count else {
                throw BenchFailure("columns went missing")
            }
            let elapsed = (ContinuousClock.now - start).components
            times.append(
                AvroBenchTime(
                    seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                    cpuSeconds: Self.threadCPUSeconds() - cpuStart))
        }
        let inlet = times.sorted { $0.seconds < $1.seconds }[times.count / 2]
        let python = try runPython([script, "decode", "--input", file.path])
        guard let seconds = python["seconds"] as? Double, let cpu = python["cpu_seconds"] as? Double,
            let readSeconds = python["read_seconds"] as? Double, let readCPU = python["read_cpu_seconds"] as? Double
        else { throw BenchFailure("protobuf_bench.py decode printed no seconds") }
        let parse = AvroBenchTime(seconds: seconds, cpuSeconds: cpu)
        let figures = [
            ("Inlet ProtobufRowDecoder → typed cells", inlet),
            ("python protobuf FromString (upb)", parse),
            ("python FromString + every field read", AvroBenchTime(seconds: readSeconds, cpuSeconds: readCPU)),
        ]
        print("path                                      records/s      MB/s  × FromString  records/CPU-s  × (CPU)")
        for (label, time) in figures {
            let columns = [
                String(format: "%.0f", Double(ranges.count) / time.seconds),
                String(format: "%.1f", Double(total) / time.seconds / 1e6),
                String(format: "%.2f", parse.seconds / time.seconds),
                String(format: "%.0f", Double(ranges.count) / time.cpuSeconds),
                String(format: "%.2f", parse.cpuSeconds / time.cpuSeconds),
            ]
            print(
                label.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + zip(columns, [11, 10, 14, 15, 9]).map { Self.pad($0, $1) }.joined())
        }
    }

    /// The file's records: each a 4-byte little-endian length and the bytes.
    private static func corpus(_ file: URL) throws -> ([UInt8], [Range<Int>]) {
        let bytes = Array(try Data(contentsOf: file))
        var ranges: [Range<Int>] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            var length = 0
            for shift in 0..<4 { length |= Int(bytes[offset + shift]) << (8 * shift) }
            guard offset + 4 + length <= bytes.count else { throw BenchFailure("\(file.path) ends inside a record") }
            ranges.append(offset + 4..<offset + 4 + length)
            offset += 4 + length
        }
        return (bytes, ranges)
    }

    private static func bytes(hex: String) -> [UInt8] {
        let utf8 = Array(hex.utf8)
        func nibble(_ byte: UInt8) -> UInt8 { byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : byte - 87 }
        return stride(from: 0, to: utf8.count - 1, by: 2).map { nibble(utf8[$0]) << 4 | nibble(utf8[$0 + 1]) }
    }

    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(width - text.count, 0)) + text
    }

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
