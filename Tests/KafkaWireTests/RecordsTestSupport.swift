import NIOCore

@testable import KafkaWire

/// A record as a test wants to describe it, before it is written into a batch.
struct TestRecord: Hashable {
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [(String, [UInt8]?)] = []
    var timestamp: Int64

    static func == (a: TestRecord, b: TestRecord) -> Bool {
        a.key == b.key && a.value == b.value && a.timestamp == b.timestamp
            && a.headers.map(\.0) == b.headers.map(\.0) && a.headers.map(\.1) == b.headers.map(\.1)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(timestamp)
    }

    var recordHeaders: [RecordHeader] {
        headers.map { RecordHeader(key: $0.0, value: $0.1.map { ByteBuffer(bytes: $0) }) }
    }

    /// Whether a decoded record carries exactly these fields.
    func matches(_ record: KafkaRecord) -> Bool {
        record.key.map { Array($0.readableBytesView) } == key
            && record.value.map { Array($0.readableBytesView) } == value
            && record.timestamp == timestamp
            && record.headers.map(\.key) == headers.map(\.0)
            && record.headers.map { $0.value.map { Array($0.readableBytesView) } } == headers.map(\.1)
    }
}

enum RecordsFixtures {
    static let context = RecordBatchContext(topic: "orders", partition: 7)

    /// Keys, a null key, a null value, empty key and value, repeated and null headers, out-of-order timestamps.
    static let varied: [TestRecord] = [
        TestRecord(key: Array("k0".utf8), value: Array("v0".utf8), headers: [("h", Array("x".utf8))], timestamp: 1000),
        TestRecord(key: nil, value: Array("no key".utf8), timestamp: 1001),
        TestRecord(key: Array("tomb".utf8), value: nil, timestamp: 1002),
        TestRecord(key: [], value: [], headers: [("empty", [])], timestamp: 998),
        TestRecord(
            key: Array(0..<200).map { UInt8($0) },
            value: Array(String(repeating: "compressible ", count: 100).utf8),
            headers: [("dup", Array("a".utf8)), ("dup", Array("b".utf8)), ("null", nil)],
            timestamp: 5000),
        TestRecord(key: Array("clé".utf8), value: Array("héllo ✓".utf8), headers: [("ü", [1, 2])], timestamp: 1003),
    ]

    static func batch(
        _ records: [TestRecord],
        codec: CompressionCodec,
        baseOffset: Int64 = 0,
        configure: (inout RecordBatchBuilder) -> Void = { _ in }
    ) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(compression: codec)
        builder.baseOffset = baseOffset
        configure(&builder)
        for record in records {
            builder.append(
                key: record.key, value: record.value, headers: record.recordHeaders, timestamp: record.timestamp)
        }
        return try builder.build()
    }

    /// A batch written field by field, for layouts the builder never produces (offset gaps, hand-set deltas).
    static func handmadeBatch(
        baseOffset: Int64,
        lastOffsetDelta: Int32,
        baseTimestamp: Int64,
        records: [(offsetDelta: Int32, timestampDelta: Int64, key: [UInt8]?, value: [UInt8]?)],
        attributes: RecordBatchAttributes = RecordBatchAttributes()
    ) throws -> ByteBuffer {
        var body = ByteBuffer()
        for r in records {
            KafkaRecord.write(
                into: &body, timestampDelta: r.timestampDelta, offsetDelta: r.offsetDelta,
                key: r.key.map { ByteBuffer(bytes: $0) }, value: r.value.map { ByteBuffer(bytes: $0) }, headers: [])
        }
        let section = try RecordCompression.compress(body, codec: attributes.compression, allocator: .init())
        let header = RecordBatchHeader(
            baseOffset: baseOffset,
            batchLength: Int32(RecordBatchHeader.size - 12 + section.readableBytes),
            partitionLeaderEpoch: 3, magic: 2, crc: 0, attributes: attributes, lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: baseTimestamp + (records.map(\.timestampDelta).max() ?? 0),
            producerId: 4242, producerEpoch: 1, baseSequence: 0, recordCount: Int32(records.count))
        var out = ByteBuffer()
        header.write(into: &out)
        var s = section
        out.writeBuffer(&s)
        return resealed(out)
    }

    /// The batch with its CRC recomputed, so that a deliberate change is seen by the parser, not the checksum.
    static func resealed(_ batch: ByteBuffer) -> ByteBuffer {
        var copy = batch
        let crc = copy.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        copy.setInteger(crc, at: copy.readerIndex + 17)
        return copy
    }

    static func concat(_ parts: [ByteBuffer]) -> ByteBuffer {
        var out = ByteBuffer()
        for var part in parts { out.writeBuffer(&part) }
        return out
    }
}
