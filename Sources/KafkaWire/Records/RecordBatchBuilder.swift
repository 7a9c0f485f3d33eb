import NIOCore

/// Builds one v2 record batch for a Produce request.
///
/// Records are encoded as they are appended, behind room kept for the header, so `uncompressedSizeInBytes` is exact
/// and a producer can decide when a batch is full; `build()` then compresses the records section once and fills in
/// lengths, deltas and the CRC-32C. `finish()` does the same in place, without copying an uncompressed batch.
/// The defaults are those of a non-idempotent producer: producer id -1, epoch -1, base sequence -1.
///
/// ```swift
/// var builder = RecordBatchBuilder(compression: .zstd)
/// builder.append(key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v"), timestamp: nowMillis)
/// let batch = try builder.build()         // the `records` bytes of a Produce partition
/// ```
public struct RecordBatchBuilder: Sendable {
    public var compression: CompressionCodec
    /// Offset of the first record; 0 for produce (the broker assigns offsets).
    public var baseOffset: Int64 = 0
    public var partitionLeaderEpoch: Int32 = -1
    public var producerId: Int64 = -1
    public var producerEpoch: Int16 = -1
    public var baseSequence: Int32 = -1
    public var isTransactional = false
    /// Marks a transaction marker batch; only transaction coordinators (and tests) write these.
    public var isControl = false
    public var timestampType: TimestampType = .createTime

    private let allocator: ByteBufferAllocator
    /// Room for the header, then the encoded records.
    private var body: ByteBuffer
    private var baseTimestamp: Int64?
    private var maxTimestamp: Int64 = -1
    private var nextOffsetDelta: Int32 = 0

    public init(compression: CompressionCodec = .none, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.compression = compression
        self.allocator = allocator
        self.body = Self.emptyBody(allocator)
    }

    private static func emptyBody(_ allocator: ByteBufferAllocator) -> ByteBuffer {
        var body = allocator.buffer(capacity: 4096)
        body.writeRepeatingByte(0, count: RecordBatchHeader.size)
        return body
    }

    /// Records appended so far.
    public var count: Int { Int(nextOffsetDelta) }

    public var isEmpty: Bool { nextOffsetDelta == 0 }

    /// Size of the batch if it were built without compression.
    public var uncompressedSizeInBytes: Int { body.readableBytes }

    /// At least the number of bytes `append` adds for a record with these fields (a few more), whatever
    /// its timestamp and position; a producer checks it before appending so that a batch never outgrows its limit.
    public static func maximumGrowth(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []) -> Int {
        // length 5, attributes 1, timestamp delta 10, offset delta 5, key and value lengths 5 each, header count 5
        var bound = 36 + (key?.readableBytes ?? 0) + (value?.readableBytes ?? 0)
        for header in headers { bound += 10 + header.key.utf8.count + (header.value?.readableBytes ?? 0) }
        return bound
    }

    /// Appends a record; `timestamp` is in milliseconds since the epoch.
    public mutating func append(
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = [],
        timestamp: Int64
    ) {
        let base = baseTimestamp ?? timestamp
        baseTimestamp = base
        maxTimestamp = Swift.max(maxTimestamp, timestamp)
        KafkaRecord.write(
            into: &body, timestampDelta: timestamp &- base, offsetDelta: nextOffsetDelta, key: key, value: value,
            headers: headers)
        nextOffsetDelta += 1
    }

    /// Appends raw bytes as key and value (nil for null).
    public mutating func append(
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [RecordHeader] = [],
        timestamp: Int64
    ) {
        append(
            key: key.map { ByteBuffer(bytes: $0) }, value: value.map { ByteBuffer(bytes: $0) }, headers: headers,
            timestamp: timestamp)
    }

    /// The finished batch, ready to be written as a Produce partition's records.
    public func build() throws(RecordBatchError) -> ByteBuffer {
        var output = allocator.buffer(capacity: 0)
        try write(into: &output)
        return output
    }

    /// The finished batch, built in place when uncompressed (no copy); the builder is empty afterwards.
    public mutating func finish() throws(RecordBatchError) -> ByteBuffer {
        defer { reset() }
        guard compression == .none else { return try build() }
        var batch = body
        body = allocator.buffer(capacity: 0)  // `batch` is now the only owner: the header is set without a copy
        var header = ByteBuffer()
        makeHeader(recordsBytes: batch.readableBytes - RecordBatchHeader.size).write(into: &header)
        batch.setBuffer(header, at: batch.readerIndex)
        Self.fillCRC(&batch, batchStart: batch.readerIndex)
        return batch
    }

    /// Empties the builder, keeping its settings.
    public mutating func reset() {
        body = Self.emptyBody(allocator)
        baseTimestamp = nil
        maxTimestamp = -1
        nextOffsetDelta = 0
    }

    /// Writes the finished batch at the end of `buffer`.
    public func write(into buffer: inout ByteBuffer) throws(RecordBatchError) {
        guard compression.isSupported else { throw RecordCompression.unsupported(compression) }
        let plain = body.getSlice(
            at: body.readerIndex + RecordBatchHeader.size, length: body.readableBytes - RecordBatchHeader.size)!
        var records = try RecordCompression.compress(plain, codec: compression, allocator: allocator)
        let start = buffer.writerIndex
        buffer.reserveCapacity(minimumWritableBytes: RecordBatchHeader.size + records.readableBytes)
        makeHeader(recordsBytes: records.readableBytes).write(into: &buffer)
        buffer.writeBuffer(&records)
        Self.fillCRC(&buffer, batchStart: start)
    }

    private func makeHeader(recordsBytes: Int) -> RecordBatchHeader {
        RecordBatchHeader(
            baseOffset: baseOffset,
            batchLength: Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead + recordsBytes),
            partitionLeaderEpoch: partitionLeaderEpoch,
            magic: 2,
            crc: 0,
            attributes: RecordBatchAttributes(
                compression: compression, timestampType: timestampType, isTransactional: isTransactional,
                isControl: isControl),
            lastOffsetDelta: Swift.max(0, nextOffsetDelta - 1),
            baseTimestamp: baseTimestamp ?? -1,
            maxTimestamp: maxTimestamp,
            producerId: producerId,
            producerEpoch: producerEpoch,
            baseSequence: baseSequence,
            recordCount: nextOffsetDelta
        )
    }

    /// Computes the CRC-32C of the batch that starts at `batchStart` and runs to the end, and stores it.
    private static func fillCRC(_ buffer: inout ByteBuffer, batchStart start: Int) {
        let crc = buffer.withUnsafeReadableBytes { bytes in
            let from = start - buffer.readerIndex + RecordBatchHeader.crcStart
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[from...]))
        }
        buffer.setInteger(crc, at: start + RecordBatchHeader.crcOffset)
    }
}
