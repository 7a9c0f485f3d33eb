import KafkaWire
import NIOCore

/// One record as the consumer yields it: where it lives (topic, partition, offset) and what it holds.
///
/// It carries the record as read from its batch (`record`) rather than a copy of its fields, so handing a decoded
/// record to the reader costs no reference counting beyond the record's own.
public struct KafkaConsumerRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    /// Offset, timestamp, key, value and headers, as read from the record batch.
    public var record: KafkaRecord

    public var offset: Int64 {
        get { record.offset }
        set { record.offset = newValue }
    }
    /// Milliseconds since the epoch (create or log-append time, see `timestampType`).
    public var timestamp: Int64 {
        get { record.timestamp }
        set { record.timestamp = newValue }
    }
    public var timestampType: TimestampType {
        get { record.timestampType }
        set { record.timestampType = newValue }
    }
    public var key: ByteBuffer? {
        get { record.key }
        set { record.key = newValue }
    }
    public var value: ByteBuffer? {
        get { record.value }
        set { record.value = newValue }
    }
    public var headers: [RecordHeader] {
        get { record.headers }
        set { record.headers = newValue }
    }

    public init(topic: String, partition: Int32, record: KafkaRecord) {
        self.topic = topic
        self.partition = partition
        self.record = record
    }

    public init(
        topic: String, partition: Int32, offset: Int64, timestamp: Int64, timestampType: TimestampType = .createTime,
        key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []
    ) {
        self.init(
            topic: topic, partition: partition,
            record: KafkaRecord(
                offset: offset, timestamp: timestamp, timestampType: timestampType, key: key, value: value,
                headers: headers))
    }
}
