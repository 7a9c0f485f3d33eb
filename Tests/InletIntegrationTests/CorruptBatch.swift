import KafkaClient
import KafkaWire
import NIOCore
import Testing

/// Appends one record batch whose CRC does not match its bytes to `topic`/`partition`, written raw to the leader
/// (the producer would never write one), so a consumer must report it instead of returning it as data.
func produceCorruptBatch(_ cluster: KafkaCluster, topic: String, partition: Int32) async throws {
    var builder = RecordBatchBuilder()
    builder.append(key: nil, value: ByteBuffer(string: "this batch is damaged"), timestamp: 1_700_000_000_000)
    var batch = try builder.build()
    let last = batch.writerIndex - 1
    batch.setInteger(batch.getInteger(at: last, as: UInt8.self)! ^ 0xFF, at: last)
    let leader = try await cluster.leaderConnection(topic: topic, partition: partition)
    let answer = try await leader.send(
        ProduceRequest(
            acks: -1, timeoutMs: 5000,
            topics: [.init(name: topic, partitions: [.init(index: partition, records: batch)])]))
    try #require(answer.topics.first?.partitions.first?.errorCode == .noError, "tansu refused the raw batch")
}
