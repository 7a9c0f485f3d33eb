import Foundation

/// Produces Debezium change events (the envelope Debezium's Avro converter writes, with an Avro key of the row's
/// key fields) with confluent-kafka's own `AvroSerializer` through `testpeers/debezium_produce.py`.
public struct DebeziumProducerPeer: Sendable {
    public var bootstrap: String
    public var registry: String
    /// `name:password` for the registry's basic auth.
    public var user: String?

    public init(bootstrap: String, registry: String, user: String? = nil) {
        self.bootstrap = bootstrap
        self.registry = registry
        self.user = user
    }

    /// One event of a table whose row record has the Avro fields `rowFields` (a JSON array's text) and whose key
    /// is the row's fields `key`.
    public struct Event: Sendable {
        public var rowFields: String
        public var key: [String]
        /// The event as `debezium_produce.py` reads it, without the row and key (JSON texts for `after`, `before`,
        /// `tombstone` and `keyValue`).
        public var body: [String: any Sendable]

        public init(rowFields: String, key: [String], body: [String: any Sendable]) {
            self.rowFields = rowFields
            self.key = key
            self.body = body
        }

        /// `op` `c`, `r` or `u` with the `after` row (JSON), and `before` for an update.
        public static func change(_ op: String, after: String, before: String? = nil, rowFields: String, key: [String])
            -> Event
        {
            Event(rowFields: rowFields, key: key, body: ["op": op, "after": after, "before": before ?? "null"])
        }

        /// `op` `d`: the old row in `before`, `after` null.
        public static func delete(before: String, rowFields: String, key: [String]) -> Event {
            Event(rowFields: rowFields, key: key, body: ["op": "d", "before": before, "after": "null"])
        }

        /// A record with the key (JSON of the key record) and no value.
        public static func tombstone(key keyJSON: String, rowFields: String, key: [String]) -> Event {
            Event(rowFields: rowFields, key: key, body: ["tombstone": keyJSON])
        }

        /// A record with the key and `bytes` as its value.
        public static func raw(_ bytes: [UInt8], key keyJSON: String, rowFields: String, key: [String]) -> Event {
            Event(
                rowFields: rowFields, key: key,
                body: ["raw": bytes.map { String(format: "%02x", $0) }.joined(), "keyValue": keyJSON])
        }

        /// This event without a record key.
        public var withoutKey: Event {
            var event = self
            event.body["noKey"] = true
            return event
        }
    }

    /// Produces `events` in order and returns the value schema id of each (nil for tombstones and raw values).
    @discardableResult
    public func produce(_ events: [Event], topic: String, createPartitions: Int = 0) async throws -> [Int?] {
        try await PeerEnvironment.requirePythonModule("confluent_kafka")
        let python = try await PeerEnvironment.python()
        var input = ""
        for event in events {
            var object: [String: Any] = [
                "row": try JSONSerialization.jsonObject(with: Data(event.rowFields.utf8)), "key": event.key,
            ]
            for (name, value) in event.body {
                switch name {
                case "after", "before", "tombstone", "keyValue":
                    object[name] = try JSONSerialization.jsonObject(
                        with: Data(((value as? String) ?? "null").utf8), options: [.fragmentsAllowed])
                default:
                    object[name] = value
                }
            }
            let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            input += String(decoding: line, as: UTF8.self) + "\n"
        }
        var arguments = [
            "-W", "ignore", PeerPaths.script("debezium_produce.py"), "--bootstrap", bootstrap, "--topic", topic,
            "--registry", registry, "--create-partitions", String(createPartitions),
        ]
        if let user { arguments += ["--user", user] }
        let result = try await PeerCommand.run(
            name: "debezium_produce.py", executable: python, arguments: arguments, stdin: Data(input.utf8),
            timeout: .seconds(150))
        struct Summary: Decodable {
            var delivered: Int
            var valueIds: [Int?]
        }
        let summary = try JSONDecoder().decode(Summary.self, from: result.stdout)
        guard summary.delivered == events.count else {
            throw PeerError(
                peer: "debezium_produce.py", message: "delivered \(summary.delivered) of \(events.count) records")
        }
        return summary.valueIds
    }
}
