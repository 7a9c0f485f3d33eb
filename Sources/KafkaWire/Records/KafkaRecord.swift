import NIOCore

/// One user record read from a v2 batch, with its absolute offset and timestamp.
///
/// Key, value and header values are slices of the fetched (or decompressed) buffer, not copies; keep them only as
/// long as needed, since they hold the whole buffer alive.
public struct KafkaRecord: Hashable, Sendable {
    public var offset: Int64
    /// Milliseconds since the epoch: the producer's clock, or the broker's when `timestampType` is log-append.
    public var timestamp: Int64
    public var timestampType: TimestampType
    /// nil for a null key (distinct from an empty key).
    public var key: ByteBuffer?
    /// nil for a null value: a tombstone on compacted topics.
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(
        offset: Int64,
        timestamp: Int64,
        timestampType: TimestampType = .createTime,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = []
    ) {
        self.offset = offset
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record header: a string key and a nullable byte value.
///
/// Kafka allows repeated keys, so headers are an ordered list rather than a dictionary.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }

    public init(key: String, value: some Collection<UInt8>) {
        self.key = key
        self.value = ByteBuffer(bytes: value)
    }
}

/// A decoded v2 batch: its header and, for data batches, its records.
///
/// Control batches (transaction markers) come back with no records; advance past them with `header.nextOffset`.
public struct RecordBatch: Hashable, Sendable {
    public var header: RecordBatchHeader
    public var records: [KafkaRecord]

    public init(header: RecordBatchHeader, records: [KafkaRecord]) {
        self.header = header
        self.records = records
    }

    public var isControl: Bool { header.attributes.isControl }
}
