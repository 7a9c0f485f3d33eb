import Foundation

/// The compression codecs librdkafka can produce with.
public enum PeerCompression: String, Sendable, CaseIterable {
    case none, gzip, snappy, lz4, zstd
}

/// Cluster metadata as confluent-kafka sees it.
public struct PeerMetadata: Sendable, Equatable, Decodable {
    public struct Broker: Sendable, Equatable, Decodable {
        public var id: Int
        public var host: String
        public var port: Int

        public init(id: Int, host: String, port: Int) {
            self.id = id
            self.host = host
            self.port = port
        }
    }

    public struct Partition: Sendable, Equatable, Decodable {
        public var leader: Int
        public var replicas: [Int]
        public var isrs: [Int]
        public var error: String?
    }

    /// Brokers sorted by node id.
    public var brokers: [Broker]
    /// Topic name → partition number (as a string, JSON keys) → partition metadata.
    public var topics: [String: [String: Partition]]

    /// The leader of one partition, if the topic and partition are known.
    public func leader(topic: String, partition: Int) -> Int? {
        topics[topic]?[String(partition)]?.leader
    }
}

/// confluent-kafka (librdkafka 2.16), the independent Kafka client the tests compare Inlet against.
///
/// Each call runs one of the testpeers/rdk_*.py scripts to completion. `config` adds librdkafka
/// properties to every call (e.g. `security.protocol`, `sasl.mechanism`, `ssl.ca.location`).
public struct LibrdkafkaPeer: Sendable {
    public var bootstrap: String
    public var config: [String: String]
    /// Runs the scripts through this command, e.g. `["ip", "netns", "exec", "ns1"]` to produce from inside a
    /// network namespace whose brokers are reachable only there.
    public var commandPrefix: [String]

    public init(bootstrap: String, config: [String: String] = [:], commandPrefix: [String] = []) {
        self.bootstrap = bootstrap
        self.config = config
        self.commandPrefix = commandPrefix
    }

    /// Creates `topic` with `partitions` partitions through confluent-kafka's AdminClient.
    public func createTopic(_ topic: String, partitions: Int, timeout: Duration = .seconds(30)) async throws {
        _ = try await script(
            "rdk_admin.py",
            [
                "--timeout", seconds(timeout), "create-topic", "--topic", topic,
                "--partitions", String(partitions),
            ], timeout: timeout)
    }

    /// Deletes `topic` through confluent-kafka's AdminClient; a missing topic throws.
    public func deleteTopic(_ topic: String, timeout: Duration = .seconds(30)) async throws {
        _ = try await script(
            "rdk_admin.py", ["--timeout", seconds(timeout), "delete-topic", "--topic", topic], timeout: timeout)
    }

    /// Produces `records` in order and returns how many were acknowledged (all, or it throws).
    ///
    /// - Parameter createPartitions: when > 0, the topic is created with that many partitions first.
    @discardableResult
    public func produce(
        records: [PeerRecord],
        topic: String,
        compression: PeerCompression = .none,
        createPartitions: Int = 0,
        timeout: Duration = .seconds(120)
    ) async throws -> Int {
        var input = Data()
        input.reserveCapacity(records.count * 64)
        for record in records {
            input.append(contentsOf: record.jsonLine().utf8)
            input.append(UInt8(ascii: "\n"))
        }
        let result = try await script(
            "rdk_produce.py",
            [
                "--topic", topic, "--compression", compression.rawValue, "--create-partitions",
                String(createPartitions),
                "--timeout", seconds(timeout),
            ],
            stdin: input, timeout: timeout)
        struct Summary: Decodable { var delivered: Int }
        let summary = try JSONDecoder().decode(Summary.self, from: result.stdout)
        return summary.delivered
    }

    /// Reads `count` records from `partitions` (all when nil) starting at the beginning (or `offset`).
    ///
    /// Records come in consumption order: ordered within a partition, interleaved across partitions.
    public func consume(
        topic: String,
        partitions: [Int]? = nil,
        count: Int,
        offset: Int64? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> [PeerRecord] {
        var arguments = ["--topic", topic, "--count", String(count), "--timeout", seconds(timeout)]
        if let partitions { arguments += ["--partitions", partitions.map(String.init).joined(separator: ",")] }
        if let offset { arguments += ["--offset", String(offset)] }
        let result = try await script("rdk_consume.py", arguments, timeout: timeout)
        return try PeerRecord.parseLines(result.stdout)
    }

    /// Cluster metadata (brokers and, for `topic` or all topics, partition leaders).
    public func metadata(topic: String? = nil, timeout: Duration = .seconds(30)) async throws -> PeerMetadata {
        var arguments = ["--timeout", seconds(timeout), "metadata"]
        if let topic { arguments += ["--topic", topic] }
        let result = try await script("rdk_admin.py", arguments, timeout: timeout)
        return try JSONDecoder().decode(PeerMetadata.self, from: result.stdout)
    }

    func script(
        _ name: String,
        _ arguments: [String],
        stdin: Data? = nil,
        timeout: Duration
    ) async throws -> PeerCommandResult {
        try await PeerEnvironment.requirePythonModule("confluent_kafka")
        let python = try await PeerEnvironment.python()
        var common = ["--bootstrap", bootstrap]
        for (key, value) in config.sorted(by: { $0.key < $1.key }) {
            common += ["--config", "\(key)=\(value)"]
        }
        let command = commandPrefix + [python, PeerPaths.script(name)] + common + arguments
        return try await PeerCommand.run(
            name: name, executable: command[0], arguments: Array(command.dropFirst()), stdin: stdin,
            timeout: timeout + .seconds(30))
    }

    func seconds(_ duration: Duration) -> String {
        String(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
