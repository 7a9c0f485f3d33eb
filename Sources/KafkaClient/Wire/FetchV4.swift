import KafkaWire
import NIOCore

// Fetch v4 for one partition: the consumer's only read path. A fixed, non-flexible version that every broker
// since Kafka 0.11 (and tansu) accepts; the records blob is handed to `RecordBatchReader` untouched.

/// Fetch v4 request for one topic partition.
struct PartitionFetchRequest: KafkaRequest {
    typealias Response = PartitionFetchResponse
    static let apiKey = APIKey.fetch
    static let supportedVersions: ClosedRange<Int16> = 4...4
    static let firstFlexibleVersion: Int16? = nil

    var topic: String
    var partition: Int32
    var offset: Int64
    var partitionMaxBytes: Int32
    var maxWaitMs: Int32
    var minBytes: Int32 = 1

    func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(Int32(-1))  // replica_id
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        buffer.writeInteger(partitionMaxBytes)  // max_bytes for the whole response
        buffer.writeInteger(Int8(0))  // isolation_level: read_uncommitted
        buffer.writeInteger(Int32(1))
        buffer.writeKafkaString(topic, compact: false)
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(partition)
        buffer.writeInteger(offset)
        buffer.writeInteger(partitionMaxBytes)
    }
}

/// What one partition's Fetch v4 answer holds.
struct PartitionFetchResponse: KafkaResponse {
    var error: KafkaErrorCode?
    var highWatermark: Int64 = -1
    var records: ByteBuffer?

    init(from buffer: inout ByteBuffer, version: Int16) throws {
        _ = try buffer.readKafkaInt32("ThrottleTimeMs")
        let topics = try buffer.readKafkaInt32("Responses")
        for _ in 0..<max(0, topics) {
            _ = try buffer.readKafkaString("Topic", compact: false)
            let partitions = try buffer.readKafkaInt32("Partitions")
            for _ in 0..<max(0, partitions) {
                _ = try buffer.readKafkaInt32("PartitionIndex")
                let code = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
                error = code.isError ? code : nil
                highWatermark = try buffer.readKafkaInt64("HighWatermark")
                _ = try buffer.readKafkaInt64("LastStableOffset")
                let aborted = try buffer.readKafkaInt32("AbortedTransactions")
                for _ in 0..<max(0, aborted) {
                    _ = try buffer.readKafkaInt64("ProducerId")
                    _ = try buffer.readKafkaInt64("FirstOffset")
                }
                records = try buffer.readKafkaNullableBytes("Records", compact: false)
            }
        }
    }
}

/// ListOffsets v1 request for one partition: the offset at a timestamp (-2 earliest, -1 latest).
struct PartitionListOffsetsRequest: KafkaRequest {
    typealias Response = PartitionListOffsetsResponse
    static let apiKey = APIKey.listOffsets
    static let supportedVersions: ClosedRange<Int16> = 1...1
    static let firstFlexibleVersion: Int16? = nil

    var topic: String
    var partition: Int32
    var timestamp: Int64

    func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(Int32(-1))  // replica_id
        buffer.writeInteger(Int32(1))
        buffer.writeKafkaString(topic, compact: false)
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(partition)
        buffer.writeInteger(timestamp)
    }
}

struct PartitionListOffsetsResponse: KafkaResponse {
    var error: KafkaErrorCode?
    var offset: Int64 = -1

    init(from buffer: inout ByteBuffer, version: Int16) throws {
        let topics = try buffer.readKafkaInt32("Topics")
        for _ in 0..<max(0, topics) {
            _ = try buffer.readKafkaString("Name", compact: false)
            let partitions = try buffer.readKafkaInt32("Partitions")
            for _ in 0..<max(0, partitions) {
                _ = try buffer.readKafkaInt32("PartitionIndex")
                let code = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
                error = code.isError ? code : nil
                _ = try buffer.readKafkaInt64("Timestamp")
                offset = try buffer.readKafkaInt64("Offset")
            }
        }
    }
}

extension BrokerConnection {
    /// Fetches one partition from `offset`; the broker waits up to `maxWait` for data.
    func fetchPartition(topic: String, partition: Int32, offset: Int64, maxBytes: Int32, maxWait: TimeAmount)
        async throws -> PartitionFetchResponse
    {
        let waitMs = Int32(maxWait.nanoseconds / 1_000_000)
        return try await send(
            PartitionFetchRequest(
                topic: topic, partition: partition, offset: offset, partitionMaxBytes: maxBytes, maxWaitMs: waitMs),
            timeout: requestTimeout + maxWait)
    }

    /// Writes a fetch now and returns a handle to its answer (for fetching ahead while decoding).
    func startFetch(topic: String, partition: Int32, offset: Int64, maxBytes: Int32, maxWait: TimeAmount) throws
        -> PendingResponse<PartitionFetchRequest>
    {
        let waitMs = Int32(maxWait.nanoseconds / 1_000_000)
        return try start(
            PartitionFetchRequest(
                topic: topic, partition: partition, offset: offset, partitionMaxBytes: maxBytes, maxWaitMs: waitMs),
            timeout: requestTimeout + maxWait)
    }

    /// The offset for `timestamp` in one partition (-2: earliest, -1: latest).
    func listOffset(topic: String, partition: Int32, timestamp: Int64) async throws -> PartitionListOffsetsResponse {
        try await send(PartitionListOffsetsRequest(topic: topic, partition: partition, timestamp: timestamp))
    }
}
