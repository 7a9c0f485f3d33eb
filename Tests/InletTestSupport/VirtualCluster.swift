import Foundation

/// A virtual multi-broker Kafka cluster in front of one tansu (testpeers/virtual_cluster.py).
///
/// tansu alone is one broker that leads everything. The virtual cluster gives each of N brokers its
/// own loopback listener, node id (1…N) and advertised address (by default the unresolvable
/// `b-{id}.kafka.internal:9096`), spreads partition leadership (partition p is led by broker
/// (p mod N) + 1) and answers NOT_LEADER_OR_FOLLOWER for misrouted Produce/Fetch/ListOffsets
/// partitions, so tests can show the load-balancer failure and the routing fix. See README.md.
public final class VirtualCluster: Sendable {
    /// One virtual broker.
    public struct Broker: Sendable, Equatable, Decodable {
        /// Node id, 1…N.
        public var id: Int
        /// The loopback port where this broker really listens.
        public var port: Int
        /// The advertised host (what Metadata says), e.g. b-1.kafka.internal.
        public var host: String
        /// The advertised port, e.g. 9096.
        public var advertisedPort: Int
        /// Connections this broker accepted so far (only filled by `brokers()`).
        public var connections: Int?
        /// Where the broker listens (nil means 127.0.0.1).
        public var listenHost: String?

        /// "host:port" as clients see it in Metadata.
        public var advertised: String { "\(host):\(advertisedPort)" }
        /// "LISTENHOST:PORT", where a route must send this broker's connections.
        public var listener: String { "\(listenHost ?? "127.0.0.1"):\(port)" }

        enum CodingKeys: String, CodingKey {
            case id, port, host, connections
            case advertisedPort = "advertised_port"
            case listenHost = "listen_host"
        }
    }

    /// SASL mechanisms the virtual brokers can require.
    public struct SASLMechanism: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        public static let plain = SASLMechanism(description: "PLAIN")
        public static let scramSHA256 = SASLMechanism(description: "SCRAM-SHA-256")
        public static let scramSHA512 = SASLMechanism(description: "SCRAM-SHA-512")
        /// Amazon MSK's IAM sign-in; the tokens are checked with botocore against `SASL.mskIAM`'s keys.
        public static let oauthBearer = SASLMechanism(description: "OAUTHBEARER")
    }

    /// What an IAM-guarded MSK cluster knows: the access keys tokens may be signed with (id → secret), its
    /// region, and the KIP-368 session lifetime it gives each sign-in (0: unlimited).
    public struct MSKIAM: Sendable {
        public var keys: [String: String]
        public var region: String
        public var sessionLifetimeMs: Int

        public init(keys: [String: String], region: String = "us-east-1", sessionLifetimeMs: Int = 0) {
            self.keys = keys
            self.region = region
            self.sessionLifetimeMs = sessionLifetimeMs
        }
    }

    /// SASL required by every virtual broker: the offered mechanisms and the user → password table.
    public struct SASL: Sendable {
        public var mechanisms: [SASLMechanism]
        public var users: [String: String]
        /// With `.oauthBearer`: the keys, region and session lifetime of the IAM check.
        public var mskIAM: MSKIAM?

        public init(mechanisms: [SASLMechanism], users: [String: String], mskIAM: MSKIAM? = nil) {
            self.mechanisms = mechanisms
            self.users = users
            self.mskIAM = mskIAM
        }

        /// An MSK cluster that accepts only IAM sign-in.
        public static func mskIAM(_ iam: MSKIAM) -> SASL {
            SASL(mechanisms: [.oauthBearer], users: [:], mskIAM: iam)
        }
    }

    /// The tansu broker behind the cluster.
    public let tansu: Tansu
    /// The proxy process.
    public let process: PeerProcess
    /// The control port (JSON lines) of the proxy, on `listenHost`.
    public let controlPort: Int
    /// Where the virtual brokers and the control port listen.
    public let listenHost: String
    /// The brokers as they were at start.
    public let initialBrokers: [Broker]

    /// The first broker's loopback listener, e.g. for a direct bootstrap.
    public var bootstrap: String { initialBrokers[0].listener }

    private init(tansu: Tansu, process: PeerProcess, controlPort: Int, listenHost: String, brokers: [Broker]) {
        self.tansu = tansu
        self.listenHost = listenHost
        self.process = process
        self.controlPort = controlPort
        self.initialBrokers = brokers
    }

    /// Starts `brokers` virtual brokers in front of `tansu`.
    ///
    /// - Parameters:
    ///   - advertised: host:port template; `{id}` is the node id, `{port}` the broker's own loopback
    ///     port (so `"127.0.0.1:{port}"` makes a cluster that plain clients can use directly).
    ///   - sasl: when set, every broker requires SASL with these mechanisms and users.
    ///   - advertisedOverrides: node id → "host:port" advertised instead of the template, e.g. the
    ///     haproxy frontend in front of that broker so that a client without routes (librdkafka) uses it.
    ///     Brokers added later with `addBroker()` use the template.
    ///   - listenHost: where the virtual brokers listen (a network namespace's address for SSH tests).
    ///   - commandPrefix: runs the proxy through this command, e.g. `["ip", "netns", "exec", "ns1"]`.
    ///   - apiVersionsMax: play brokers that know ApiVersions only up to this version: newer ApiVersions
    ///     requests are answered UNSUPPORTED_VERSION in v0 format with that range (KIP-511).
    ///   - offsetOutOfRange: answer OFFSET_OUT_OF_RANGE for Fetch offsets beyond the high watermark, as Kafka
    ///     does (tansu 0.6.0 answers an empty partition without error).
    ///   - timestampOffsets: answer ListOffsets by timestamp from the records' own timestamps, as Kafka does
    ///     (tansu's memory engine answers offset 0 for every time).
    public static func start(
        brokers: Int = 3,
        tansu: Tansu,
        advertised: String = "b-{id}.kafka.internal:9096",
        sasl: SASL? = nil,
        advertisedOverrides: [Int: String] = [:],
        listenHost: String = "127.0.0.1",
        commandPrefix: [String] = [],
        apiVersionsMax: Int? = nil,
        offsetOutOfRange: Bool = false,
        timestampOffsets: Bool = false
    ) async throws -> VirtualCluster {
        let python = try await PeerEnvironment.python()
        if sasl != nil { try await PeerEnvironment.requirePythonModule("scramp") }
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: "virtual-cluster")
        let readyFile = directory.appendingPathComponent("ready.json")
        var arguments = [
            PeerPaths.script("virtual_cluster.py"), "--tansu", tansu.bootstrap, "--brokers", String(brokers),
            "--advertised", advertised, "--ready-file", readyFile.path, "--listen-host", listenHost,
        ]
        for (id, address) in advertisedOverrides.sorted(by: { $0.key < $1.key }) {
            arguments += ["--advertise-broker", "\(id)=\(address)"]
        }
        if let apiVersionsMax { arguments += ["--api-versions-max", String(apiVersionsMax)] }
        if offsetOutOfRange { arguments += ["--out-of-range"] }
        if timestampOffsets { arguments += ["--timestamp-offsets"] }
        for mechanism in sasl?.mechanisms ?? [] {
            arguments += ["--sasl-mechanism", mechanism.description]
        }
        for (user, password) in (sasl?.users ?? [:]).sorted(by: { $0.key < $1.key }) {
            arguments += ["--sasl-user", "\(user):\(password)"]
        }
        if let iam = sasl?.mskIAM {
            try await PeerEnvironment.requirePythonModule("botocore")
            for (key, secret) in iam.keys.sorted(by: { $0.key < $1.key }) {
                arguments += ["--msk-iam-key", "\(key):\(secret)"]
            }
            arguments += [
                "--msk-iam-region", iam.region, "--session-lifetime-ms", String(iam.sessionLifetimeMs),
            ]
        }
        let command = commandPrefix + [python] + arguments
        let process = try await PeerProcess.launch(
            name: "virtual-cluster", executable: command[0], arguments: Array(command.dropFirst()),
            directory: directory)
        struct Ready: Decodable {
            var controlPort: Int
            var brokers: [Broker]
            enum CodingKeys: String, CodingKey {
                case controlPort = "control_port"
                case brokers
            }
        }
        do {
            try await process.waitForLog(containing: "ready:")
            let ready = try JSONDecoder().decode(Ready.self, from: Data(contentsOf: readyFile))
            return VirtualCluster(
                tansu: tansu, process: process, controlPort: ready.controlPort, listenHost: listenHost,
                brokers: ready.brokers)
        } catch {
            await process.stop()
            throw error
        }
    }

    /// The current brokers with their connection counts.
    public func brokers() async throws -> [Broker] {
        struct Reply: Decodable { var brokers: [Broker] }
        return try JSONDecoder().decode(Reply.self, from: Data(control(#"{"cmd": "brokers"}"#).utf8)).brokers
    }

    /// What one virtual broker has received so far.
    public struct Received: Sendable, Decodable {
        /// Requests per "API vVERSION" (API as its numeric key), e.g. `"1 v17": 12` for Fetch v17.
        public var requests: [String: Int]
        /// The partition indexes of each Fetch request, in arrival order.
        public var fetches: [[Int]]

        /// How many requests of API `key` (numeric) arrived, per version.
        public func versions(ofAPI key: Int) -> [Int: Int] {
            var found: [Int: Int] = [:]
            for (name, count) in requests {
                let parts = name.split(separator: " ")
                guard parts.count == 2, Int(parts[0]) == key, let version = Int(parts[1].dropFirst()) else { continue }
                found[version, default: 0] += count
            }
            return found
        }
    }

    /// Per broker id: the requests it has received (counted by the proxy, a peer independent of Inlet).
    public func received() async throws -> [Int: Received] {
        struct Reply: Decodable { var brokers: [String: Received] }
        let reply = try JSONDecoder().decode(Reply.self, from: Data(control(#"{"cmd": "requests"}"#).utf8))
        return Dictionary(uniqueKeysWithValues: reply.brokers.compactMap { key, value in Int(key).map { ($0, value) } })
    }

    /// How many KIP-368 re-authentications (a SaslHandshake on an authenticated connection) the brokers saw.
    public func reauthentications() async throws -> Int {
        struct Reply: Decodable { var reauthentications: Int }
        return try JSONDecoder().decode(Reply.self, from: Data(control(#"{"cmd": "reauthentications"}"#).utf8))
            .reauthentications
    }

    /// Broker N+1 joins: a new listener; Metadata now lists it and leadership is spread over N+1.
    public func addBroker() async throws -> Broker {
        try JSONDecoder().decode(Broker.self, from: Data(control(#"{"cmd": "add_broker"}"#).utf8))
    }

    /// From now on Metadata lists only partitions `0..<count` of `topic` (all of them when nil), so a client sees
    /// the topic grow when `count` is raised. tansu has no CreatePartitions; the topic is created with its final
    /// partition count and shown smaller first.
    public func showPartitions(of topic: String, count: Int?) async throws {
        let request: [String: Any] = ["cmd": "show_partitions", "topic": topic, "count": count ?? NSNull()]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
        _ = try await control(line)
    }

    /// Aborts every open client connection of broker `id` (all brokers when nil) and returns how many;
    /// the clients see their connections die mid-stream. New connections are accepted as before.
    @discardableResult
    public func cutConnections(broker id: Int? = nil) async throws -> Int {
        struct Reply: Decodable { var cut: Int }
        let line = id.map { #"{"cmd": "cut", "id": \#($0)}"# } ?? #"{"cmd": "cut"}"#
        return try JSONDecoder().decode(Reply.self, from: Data(control(line).utf8)).cut
    }

    /// The node id that leads `partition` when the cluster has `brokerCount` brokers.
    public static func leader(ofPartition partition: Int, brokerCount: Int) -> Int {
        partition % brokerCount + 1
    }

    /// Stops the proxy (not tansu).
    public func stop() async {
        await process.stop()
    }

    private func control(_ line: String) throws -> String {
        try LineClient.request(host: listenHost, port: controlPort, line: line, peer: "virtual-cluster")
    }
}

/// Starts a virtual cluster in front of `tansu`, runs `body`, and stops the proxy however `body` ends.
public func withVirtualCluster<T: Sendable>(
    brokers: Int = 3, tansu: Tansu, advertised: String = "b-{id}.kafka.internal:9096", timestampOffsets: Bool = false,
    _ body: (VirtualCluster) async throws -> T
) async throws -> T {
    let cluster = try await VirtualCluster.start(
        brokers: brokers, tansu: tansu, advertised: advertised, timestampOffsets: timestampOffsets)
    do {
        let value = try await body(cluster)
        await cluster.stop()
        return value
    } catch {
        await cluster.stop()
        throw error
    }
}
