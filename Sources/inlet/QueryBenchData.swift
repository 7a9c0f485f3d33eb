import Foundation
import KafkaClient
import NIOCore

/// The rows of `inlet bench query`: key `key-<i>`, value `val-<i>-` padded with `x` to 40 bytes; produced to the
/// topic for Inlet and written as COPY data for PostgreSQL, so both servers hold the same rows.
enum QueryBenchData {
    static func value(_ index: Int) -> String {
        let head = "val-\(index)-"
        return head + String(repeating: "x", count: max(0, 40 - head.count))
    }

    static func produce(bootstrap: String, topic: String, rows: Int) async throws {
        let broker = try KafkaConfiguration.parseBroker(bootstrap)
        let cluster = try KafkaCluster(configuration: KafkaConfiguration(bootstrapBrokers: [broker]))
        let admin = KafkaAdmin(cluster: cluster)
        try await admin.createTopics([.init(name: topic, partitions: 1)])
        let producer = KafkaProducer(
            cluster: cluster, configuration: .init(acks: .all, linger: .milliseconds(5), partitioner: .murmur2))
        do {
            try await BenchProducing.produce(producer, topic: topic, records: rows) { index in
                (ByteBuffer(string: "key-\(index)"), ByteBuffer(string: value(index)))
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    /// A psql script loading the same rows into PostgreSQL's `q`.
    static func copyScript(rows: Int) -> String {
        var script = "COPY q (key, text) FROM STDIN;\n"
        script.reserveCapacity(rows * 56)
        for index in 0..<rows { script += "key-\(index)\t\(value(index))\n" }
        return script + "\\.\n"
    }
}
