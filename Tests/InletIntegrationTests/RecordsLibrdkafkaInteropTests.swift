import Foundation
import KafkaWire
import NIOCore
import Testing

/// Record batches written by Inlet's `RecordBatchBuilder` are read by librdkafka, for every codec.
///
/// `librdkafka_reads.py` (next to the librdkafka fixtures) starts tansu on a free port, produces each blob
/// unchanged with a raw Produce request, fetches it back raw and consumes it with confluent-kafka (check.crcs on).
/// The other direction, librdkafka's batches read by Inlet, is `RecordsLibrdkafkaTests` in KafkaWireTests.
@Suite struct RecordsLibrdkafkaInteropTests {
    struct Record: Decodable {
        var offset: Int64
        var timestamp: Int64
        var key: String?
        var value: String?
        var headers: [[String?]]
    }

    struct Topic: Decodable {
        var fetched: String
        var records: [Record]
    }

    struct Sent {
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [(String, [UInt8]?)]
        var timestamp: Int64
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KafkaWireTests/Fixtures/records/librdkafka_reads.py")

    static func varied(_ codec: CompressionCodec) -> [Sent] {
        [
            Sent(
                key: Array("k0".utf8), value: Array("v0 \(codec)".utf8), headers: [("h", Array("x".utf8))],
                timestamp: 1_700_000_000_000),
            Sent(key: nil, value: Array("no key".utf8), headers: [], timestamp: 1_700_000_000_500),
            Sent(key: Array("tomb".utf8), value: nil, headers: [], timestamp: 1_700_000_001_000),
            Sent(key: [], value: [], headers: [("empty", [])], timestamp: 1_699_999_999_000),
            Sent(
                key: (0..<40).map { UInt8($0) }, value: Array(String(repeating: "compressible ", count: 60).utf8),
                headers: [("dup", Array("a".utf8)), ("dup", Array("b".utf8)), ("null", nil)],
                timestamp: 1_700_000_002_000),
        ]
    }

    /// Enough records for several LZ4 blocks and snappy/zstd inputs well beyond one buffer.
    static func large() -> [Sent] {
        var state: UInt64 = 7
        return (0..<800).map { i in
            var value: [UInt8] = []
            for _ in 0..<(50 + i % 250) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                value.append(UInt8(truncatingIfNeeded: state >> 60) &+ 65)
            }
            return Sent(
                key: Array("key-\(i % 13)".utf8), value: value, headers: [], timestamp: 1_700_000_000_000 + Int64(i))
        }
    }

    static func hex(_ bytes: [UInt8]?) -> String? {
        bytes.map { $0.map { String(format: "%02x", $0) }.joined() }
    }

    @Test func librdkafkaReadsInletBatchesForEveryCodec() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "inlet-records-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var sent: [String: [Sent]] = [:]
        for codec in CompressionCodec.allSupported {
            for (suffix, records) in [("varied", Self.varied(codec)), ("large", Self.large())] {
                var builder = RecordBatchBuilder(compression: codec)
                for r in records {
                    builder.append(
                        key: r.key, value: r.value,
                        headers: r.headers.map { RecordHeader(key: $0.0, value: $0.1.map { ByteBuffer(bytes: $0) }) },
                        timestamp: r.timestamp)
                }
                let topic = "inlet-\(codec.name)-\(suffix)"
                sent[topic] = records
                try Data(try builder.build().readableBytesView).write(
                    to: directory.appendingPathComponent("\(topic).bin"))
            }
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, directory.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "librdkafka_reads.py failed (needs scripts/bootstrap --test): \(String(decoding: errors, as: UTF8.self))")

        let result = try JSONDecoder().decode([String: Topic].self, from: output)
        #expect(Set(result.keys) == Set(sent.keys))
        for (topic, records) in sent {
            let got = try #require(result[topic], "\(topic) missing")
            #expect(got.records.count == records.count, "\(topic)")
            for (index, (want, have)) in zip(records, got.records).enumerated() {
                #expect(have.offset == Int64(index), "\(topic) record \(index)")
                #expect(have.timestamp == want.timestamp, "\(topic) record \(index)")
                #expect(have.key == Self.hex(want.key), "\(topic) record \(index)")
                #expect(have.value == Self.hex(want.value), "\(topic) record \(index)")
                #expect(have.headers.map { $0[0] } == want.headers.map(\.0), "\(topic) record \(index)")
                #expect(have.headers.map { $0[1] } == want.headers.map { Self.hex($0.1) }, "\(topic) record \(index)")
            }

            // What tansu serves back from its log reads in Inlet to the same records.
            var fetched = ByteBuffer()
            var hexDigits = got.fetched.utf8.makeIterator()
            while let high = hexDigits.next(), let low = hexDigits.next() {
                fetched.writeInteger(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
            }
            var reader = RecordBatchReader(fetched, context: RecordBatchContext(topic: topic, partition: 0))
            let decoded = try reader.readAll()
            #expect(decoded.records.count == records.count, "\(topic)")
            #expect(
                decoded.records.map { Self.hex($0.value.map { Array($0.readableBytesView) }) }
                    == records.map { Self.hex($0.value) })
        }
    }
}
