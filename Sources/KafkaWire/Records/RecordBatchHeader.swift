import NIOCore

/// The fixed 61-byte header of a v2 record batch (magic 2, the format since Kafka 0.11).
///
/// Kept separate from the records so that a consumer can advance past a batch (control batches, compacted gaps)
/// from the header alone: the next fetch offset is always `lastOffset + 1`.
public struct RecordBatchHeader: Hashable, Sendable {
    /// Size of the header in bytes; the records section starts here.
    public static let size = 61
    /// Bytes before `batchLength` counts: baseOffset (8) and batchLength (4) itself.
    public static let logOverhead = 12
    /// Where the CRC-32C coverage starts (the attributes field).
    static let crcStart = 21
    static let crcOffset = 17
    static let magicOffset = 16

    public var baseOffset: Int64
    /// Bytes after the batchLength field: the whole batch is `batchLength + 12` bytes.
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    /// The timestamp record deltas are relative to (the first record's, or the delete horizon after KIP-534).
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    public init(
        baseOffset: Int64,
        batchLength: Int32,
        partitionLeaderEpoch: Int32,
        magic: Int8,
        crc: UInt32,
        attributes: RecordBatchAttributes,
        lastOffsetDelta: Int32,
        baseTimestamp: Int64,
        maxTimestamp: Int64,
        producerId: Int64,
        producerEpoch: Int16,
        baseSequence: Int32,
        recordCount: Int32
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// The offset of the last record the batch was written with (records may since have been compacted away).
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }

    /// The offset a consumer fetches next after this batch, whether or not it held user records.
    public var nextOffset: Int64 { lastOffset + 1 }

    /// The size of the whole batch on the wire.
    public var totalSize: Int { Int(batchLength) + Self.logOverhead }

    /// Reads the 61 header bytes; nil (nothing consumed) when fewer are readable.
    public static func read(from buffer: inout ByteBuffer) -> RecordBatchHeader? {
        guard buffer.readableBytes >= size else { return nil }
        let i = buffer.readerIndex
        let header = RecordBatchHeader(
            baseOffset: buffer.getInteger(at: i)!,
            batchLength: buffer.getInteger(at: i + 8)!,
            partitionLeaderEpoch: buffer.getInteger(at: i + 12)!,
            magic: buffer.getInteger(at: i + 16)!,
            crc: buffer.getInteger(at: i + 17)!,
            attributes: RecordBatchAttributes(rawValue: buffer.getInteger(at: i + 21)!),
            lastOffsetDelta: buffer.getInteger(at: i + 23)!,
            baseTimestamp: buffer.getInteger(at: i + 27)!,
            maxTimestamp: buffer.getInteger(at: i + 35)!,
            producerId: buffer.getInteger(at: i + 43)!,
            producerEpoch: buffer.getInteger(at: i + 51)!,
            baseSequence: buffer.getInteger(at: i + 53)!,
            recordCount: buffer.getInteger(at: i + 57)!
        )
        buffer.moveReaderIndex(forwardBy: size)
        return header
    }

    /// Writes the 61 header bytes as they are (the caller fills in `batchLength` and `crc`).
    @discardableResult
    public func write(into buffer: inout ByteBuffer) -> Int {
        var n = buffer.writeInteger(baseOffset)
        n += buffer.writeInteger(batchLength)
        n += buffer.writeInteger(partitionLeaderEpoch)
        n += buffer.writeInteger(magic)
        n += buffer.writeInteger(crc)
        n += buffer.writeInteger(attributes.rawValue)
        n += buffer.writeInteger(lastOffsetDelta)
        n += buffer.writeInteger(baseTimestamp)
        n += buffer.writeInteger(maxTimestamp)
        n += buffer.writeInteger(producerId)
        n += buffer.writeInteger(producerEpoch)
        n += buffer.writeInteger(baseSequence)
        n += buffer.writeInteger(recordCount)
        return n
    }
}
