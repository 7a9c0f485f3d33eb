import Foundation

/// Throughput figures of one librdkafka run, as printed by testpeers/rdk_bench.py.
public struct PeerThroughput: Sendable, Decodable, CustomStringConvertible {
    public var mode: String
    public var records: Int
    public var bytes: Int
    public var seconds: Double
    public var recordsPerSecond: Double
    public var megabytesPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case mode, records, bytes, seconds
        case recordsPerSecond = "records_per_second"
        case megabytesPerSecond = "megabytes_per_second"
    }

    public var description: String {
        "librdkafka \(mode): \(records) records in \(seconds) s, \(Int(recordsPerSecond)) records/s, "
            + "\(megabytesPerSecond) MB/s"
    }
}

extension LibrdkafkaPeer {
    /// Produces `count` records of `size` bytes round-robin over the topic's partitions (creating the
    /// topic with `partitions` partitions first when > 0) and returns librdkafka's throughput.
    public func benchmarkProduce(
        topic: String,
        count: Int,
        size: Int = 100,
        partitions: Int = 0,
        compression: PeerCompression = .none,
        timeout: Duration = .seconds(300)
    ) async throws -> PeerThroughput {
        let result = try await script(
            "rdk_bench.py",
            [
                "--topic", topic, "--timeout", seconds(timeout), "produce", "--count", String(count),
                "--size", String(size), "--partitions", String(partitions), "--compression", compression.rawValue,
            ],
            timeout: timeout)
        return try JSONDecoder().decode(PeerThroughput.self, from: result.stdout)
    }

    /// Consumes `count` records from the beginning of every partition with `consume()` in batches and
    /// returns librdkafka's throughput.
    public func benchmarkConsume(
        topic: String, count: Int, timeout: Duration = .seconds(300)
    ) async throws -> PeerThroughput {
        let result = try await script(
            "rdk_bench.py", ["--topic", topic, "--timeout", seconds(timeout), "consume", "--count", String(count)],
            timeout: timeout)
        return try JSONDecoder().decode(PeerThroughput.self, from: result.stdout)
    }
}
