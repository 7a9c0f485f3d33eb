import NIOCore

/// Reads the record batches of one partition's records blob in a Fetch response.
///
/// The blob is a sequence of v2 batches whose last one may be cut short by the fetch size limit: the reader stops
/// cleanly there and says how far it got. Every batch's CRC-32C is checked before anything in it is used; control
/// batches come back without records; transactional data batches come back as data (read_uncommitted).
///
/// ```swift
/// var reader = RecordBatchReader(partition.records, context: .init(topic: "orders", partition: 3))
/// let fetched = try reader.readAll()
/// deliver(fetched.records)                // may start before the requested offset: filter by offset
/// nextFetchOffset = fetched.nextOffset ?? nextFetchOffset
/// ```
public struct RecordBatchReader: Sendable {
    /// Limits that keep a hostile or corrupt batch from costing unbounded memory.
    public struct Options: Hashable, Sendable {
        /// The most bytes one batch's records section may decompress to.
        public var maxUncompressedBatchBytes: Int

        public init(maxUncompressedBatchBytes: Int = 128 * 1024 * 1024) {
            self.maxUncompressedBatchBytes = maxUncompressedBatchBytes
        }
    }

    public let context: RecordBatchContext
    public var options: Options
    private var buffer: ByteBuffer
    private let startIndex: Int
    private let allocator = ByteBufferAllocator()

    public init(_ records: ByteBuffer, context: RecordBatchContext, options: Options = Options()) {
        self.buffer = records
        self.startIndex = records.readerIndex
        self.context = context
        self.options = options
    }

    /// Bytes of complete batches read so far.
    public var bytesConsumed: Int { buffer.readerIndex - startIndex }

    /// Bytes left unread: after `next()` returned nil, the partial batch the fetch size limit cut off.
    public var remainingBytes: Int { buffer.readableBytes }

    /// The declared size of the partial batch at the end, when its length field arrived; a fetch whose first
    /// batch is partial needs a max bytes of at least this much.
    public var incompleteBatchSize: Int? {
        guard let length: Int32 = buffer.getInteger(at: buffer.readerIndex + 8) else { return nil }
        return Int(length) + RecordBatchHeader.logOverhead
    }

    /// The next complete batch, or nil when the rest of the blob is empty or an incomplete batch.
    ///
    /// Throws, without returning any of the batch's records, when the batch is not magic 2, fails its CRC, or does
    /// not parse; the error names the topic, partition and base offset.
    public mutating func next() throws(RecordBatchError) -> RecordBatch? {
        var records: [KafkaRecord] = []
        guard let header = try next(reservingCapacity: { records.reserveCapacity($0) }, { records.append($0) }) else {
            return nil
        }
        return RecordBatch(header: header, records: records)
    }

    /// The next complete batch's header, with each of its records handed to `each` in offset order (none for a
    /// control batch); nil when the rest of the blob is empty or an incomplete batch. This is the consumer's path:
    /// records go straight to where they are kept, without a batch array in between.
    ///
    /// Throws, naming the topic, partition and base offset, when the batch is not magic 2, fails its CRC, or does
    /// not parse. A CRC or magic failure comes before any record is handed over; a malformed record (under a valid
    /// CRC: a broken producer) comes after the records before it, which the caller then drops.
    /// `reservingCapacity` learns the batch's record count before the first record.
    public mutating func next(
        reservingCapacity reserve: (Int) -> Void = { _ in },
        _ each: (consuming KafkaRecord) -> Void
    ) throws(RecordBatchError) -> RecordBatchHeader? {
        let start = buffer.readerIndex
        guard let baseOffset: Int64 = buffer.getInteger(at: start),
            let batchLength: Int32 = buffer.getInteger(at: start + 8),
            let magic: Int8 = buffer.getInteger(at: start + RecordBatchHeader.magicOffset)
        else { return nil }
        guard magic == 2 else {
            throw RecordBatchError(
                code: .unsupportedMagic,
                message: "the batch has magic \(magic); Inlet reads only record batches v2 (magic 2, Kafka 0.11 "
                    + "and later). Upgrade the topic's message format or reproduce its data with a newer producer"
            ).located(context, baseOffset: baseOffset)
        }
        let totalSize = Int(batchLength) + RecordBatchHeader.logOverhead
        guard totalSize >= RecordBatchHeader.size else {
            throw RecordBatchError(
                code: .malformedBatch,
                message:
                    "the batch declares a length of \(batchLength) bytes, less than a v2 header; the batch is corrupt"
            ).located(context, baseOffset: baseOffset)
        }
        guard buffer.readableBytes >= totalSize else { return nil }
        var batch = buffer.getSlice(at: start, length: totalSize)!
        let storedCRC: UInt32 = batch.getInteger(at: batch.readerIndex + RecordBatchHeader.crcOffset)!
        let computedCRC = batch.withUnsafeReadableBytes { bytes in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[RecordBatchHeader.crcStart...]))
        }
        guard storedCRC == computedCRC else {
            throw RecordBatchError(
                code: .checksumMismatch,
                message: "CRC-32C mismatch (stored \(hex(storedCRC)), computed \(hex(computedCRC))): the batch is "
                    + "corrupt on the broker or was damaged in transit; no records of it were returned"
            ).located(context, baseOffset: baseOffset)
        }
        let header = RecordBatchHeader.read(from: &batch)!
        if !header.attributes.isControl {
            do {
                try Self.readRecords(batch, header: header, options: options, allocator: allocator, reserve, each)
            } catch {
                throw error.located(context, baseOffset: baseOffset)
            }
        }
        buffer.moveReaderIndex(forwardBy: totalSize)
        return header
    }

    /// What the headers of a records blob's complete batches say, read without checking or decoding anything:
    /// the offset after the last complete batch (nil when none is complete) and the records they declare.
    ///
    /// The consumer uses it to write the next fetch before decoding this one, and to size the array the records
    /// go to.
    public static func completeBatches(in blob: ByteBuffer) -> (nextOffset: Int64?, records: Int) {
        var position = blob.readerIndex
        let end = blob.writerIndex
        var next: Int64?
        var records = 0
        while position + RecordBatchHeader.size <= end, let base: Int64 = blob.getInteger(at: position),
            let length: Int32 = blob.getInteger(at: position + 8), length > 0,
            let lastDelta: Int32 = blob.getInteger(at: position + 23),
            let count: Int32 = blob.getInteger(at: position + 57)
        {
            let total = RecordBatchHeader.logOverhead + Int(length)
            guard position + total <= end else { break }
            next = base + Int64(lastDelta) + 1
            records += Int(Swift.max(0, count))
            position += total
        }
        return (next, records)
    }

    /// Reads every complete batch and gathers the user records of the data batches.
    ///
    /// A broker answers a fetch from offset N with whole batches, so the first one may start before N: pass the
    /// fetch offset as `minimumOffset` to leave out the records before it.
    public mutating func readAll(skippingOffsetsBelow minimumOffset: Int64 = .min) throws(RecordBatchError)
        -> FetchedRecords
    {
        var result = FetchedRecords()
        while var batch = try next() {
            result.batchCount += 1
            if batch.isControl { result.controlBatchCount += 1 }
            if batch.header.baseOffset < minimumOffset {
                batch.records.removeAll { $0.offset < minimumOffset }
            }
            if result.records.isEmpty {
                result.records = batch.records
            } else {
                result.records.append(contentsOf: batch.records)
            }
            result.nextOffset = batch.header.nextOffset
        }
        result.bytesConsumed = bytesConsumed
        result.truncatedBytes = remainingBytes
        result.incompleteBatchSize = remainingBytes > 0 ? incompleteBatchSize : nil
        return result
    }

    static func readRecords(
        _ section: ByteBuffer,
        header: RecordBatchHeader,
        options: Options,
        allocator: ByteBufferAllocator,
        _ reserve: (Int) -> Void,
        _ each: (consuming KafkaRecord) -> Void
    ) throws(RecordBatchError) {
        // Compaction can leave a batch with no records (kept for its producer state); nothing to decompress.
        if header.recordCount == 0 { return }
        let codec = header.attributes.compression
        let body = try RecordCompression.decompress(
            section, codec: codec, limit: options.maxUncompressedBatchBytes, allocator: allocator)
        // Each record takes at least 7 bytes, so a count beyond that is corrupt and must not size an allocation.
        guard header.recordCount >= 0, Int(header.recordCount) <= body.readableBytes / 7 + 1 else {
            throw RecordBatchError(
                code: .malformedBatch,
                message: "the batch declares \(header.recordCount) records in \(body.readableBytes) bytes; "
                    + "the batch is corrupt"
            )
        }
        reserve(Int(header.recordCount))
        try KafkaRecord.readAll(in: body, header: header, each)
    }
}

/// The outcome of reading one partition's records blob.
///
/// `nextOffset` covers control batches and compacted gaps too, so it is the offset to fetch next even when
/// `records` is empty.
public struct FetchedRecords: Hashable, Sendable {
    /// User records of all data batches, in offset order.
    public var records: [KafkaRecord] = []
    /// `lastOffset + 1` of the last complete batch (data or control), nil when no batch was complete.
    public var nextOffset: Int64?
    public var batchCount = 0
    public var controlBatchCount = 0
    /// Bytes of complete batches.
    public var bytesConsumed = 0
    /// Bytes of the partial batch the fetch size limit cut off (0 when the blob ended on a batch boundary).
    public var truncatedBytes = 0
    /// Declared size of that partial batch, when known.
    public var incompleteBatchSize: Int?

    public init() {}
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
