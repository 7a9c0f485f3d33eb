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
        let encoded = try DecodeBench.runPython(
            python, [script, "encode", "--records", "\(records)", "--output", file.path])
        guard let setHex = encoded["set"] as? String, let message = encoded["message"] as? String else {
            throw BenchFailure("protobuf_bench.py encode printed no descriptor set")
        }
        let pool = try ProtobufDescriptorPool(serializedSet: Self.bytes(hex: setHex))
        let decoder = ProtobufRowDecoder(program: try ProtobufProgram(pool: pool, message: message))
        let corpus = try DecodeBench.Corpus(contentsOf: file)
        let width = decoder.program.columns.count
        print(
            "records=\(corpus.count) bytes=\(corpus.byteCount) (\(corpus.byteCount / max(corpus.count, 1)) per record)"
                + " passes=\(passes)")
        let inlet = try DecodeBench.median(passes: passes) {
            var columns = 0
            try corpus.forEach { record in columns += try decoder.decodeCells(record).count }
            guard columns == corpus.count * width else { throw BenchFailure("columns went missing") }
        }
        let answer = try DecodeBench.runPython(python, [script, "decode", "--input", file.path])
        let parse = try DecodeBench.time(answer, from: "protobuf_bench.py decode")
        let read = try DecodeBench.time(
            answer, seconds: "read_seconds", cpu: "read_cpu_seconds", from: "protobuf_bench.py decode")
        DecodeBench.printTable(
            [
                ("Inlet ProtobufRowDecoder → typed cells", inlet), ("python protobuf FromString (upb)", parse),
                ("python FromString + every field read", read),
            ], reference: parse, referenceName: "FromString", records: corpus.count, bytes: corpus.byteCount)
    }

    private static func bytes(hex: String) -> [UInt8] {
        let utf8 = Array(hex.utf8)
        func nibble(_ byte: UInt8) -> UInt8 { byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : byte - 87 }
        return stride(from: 0, to: utf8.count - 1, by: 2).map { nibble(utf8[$0]) << 4 | nibble(utf8[$0 + 1]) }
    }
}
