import Foundation

/// Sends one raw Produce, Fetch or ListOffsets request of a chosen version to one broker address
/// (testpeers/kafka_probe.py) and returns the error code per partition.
///
/// Independent of any client library, it proves what a single broker answers, e.g. that a virtual
/// broker says NOT_LEADER_OR_FOLLOWER (6) for partitions it does not lead.
public enum KafkaProbe {
    /// The request kinds the probe can send.
    public enum API: String, Sendable, CaseIterable {
        case produce, fetch
        case listOffsets = "list-offsets"
    }

    /// NOT_LEADER_OR_FOLLOWER.
    public static let notLeaderOrFollower = 6

    /// Partition → Kafka error code, as answered by the broker at `broker` ("host:port").
    public static func errorCodes(
        broker: String, api: API, version: Int, topic: String, partitions: [Int]
    ) async throws -> [Int: Int] {
        let python = try await PeerEnvironment.python()
        let result = try await PeerCommand.run(
            name: "kafka_probe", executable: python,
            arguments: [
                PeerPaths.script("kafka_probe.py"), "--broker", broker, "--api", api.rawValue,
                "--version", String(version), "--topic", topic,
                "--partitions", partitions.map(String.init).joined(separator: ","),
            ],
            timeout: .seconds(60))
        struct Row: Decodable {
            var partition: Int
            var errorCode: Int
            enum CodingKeys: String, CodingKey {
                case partition
                case errorCode = "error_code"
            }
        }
        var codes: [Int: Int] = [:]
        for line in result.output.split(separator: "\n") {
            let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
            codes[row.partition] = row.errorCode
        }
        return codes
    }
}
