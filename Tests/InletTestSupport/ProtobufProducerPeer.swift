import Foundation

/// `testpeers/protobuf_produce.py`: Confluent-framed Protobuf written by confluent-kafka's own `ProtobufSerializer`
/// through a schema registry (each import registered under its own subject as a reference), the `.proto` files
/// compiled by grpcio-tools' protoc; and, offline, a FileDescriptorSet or a bare message's bytes.
public struct ProtobufProducerPeer: Sendable {
    public var bootstrap: String
    public var registry: String
    /// `name:password` for the registry's basic auth.
    public var user: String?

    public init(bootstrap: String, registry: String, user: String? = nil) {
        self.bootstrap = bootstrap
        self.registry = registry
        self.user = user
    }

    /// `.proto` files by name, and which of them holds the messages.
    public struct Protos: Sendable {
        public var files: [String: String]
        public var main: String

        public init(_ files: [String: String], main: String) {
            self.files = files
            self.main = main
        }
    }

    /// One record: a message (in Protobuf's JSON mapping) serialized by `ProtobufSerializer`, or raw value bytes.
    public struct Record: Sendable {
        public var key: String?
        public var protos: Protos?
        public var message: String?
        public var valueJSON: String?
        public var raw: [UInt8]?
        public var keyMessage: String?
        public var keyJSON: String?

        public static func message(_ protos: Protos, _ message: String, _ valueJSON: String, key: String? = nil)
            -> Record
        {
            Record(key: key, protos: protos, message: message, valueJSON: valueJSON)
        }

        public static func raw(_ bytes: [UInt8], key: String? = nil) -> Record { Record(key: key, raw: bytes) }

        /// This record with a Protobuf key (registered under `<topic>-key`) instead of a text one.
        public func withKey(_ message: String, _ json: String) -> Record {
            var record = self
            record.key = nil
            record.keyMessage = message
            record.keyJSON = json
            return record
        }
    }

    /// Produces `records` in order; returns each record's schema id (nil for raw ones) and its value bytes.
    @discardableResult
    public func produce(_ records: [Record], topic: String, createPartitions: Int = 0) async throws
        -> (ids: [Int?], values: [[UInt8]?])
    {
        var input = ""
        for record in records {
            var object: [String: Any] = [:]
            if let key = record.key { object["key"] = key }
            if let raw = record.raw {
                object["raw"] = raw.map { String(format: "%02x", $0) }.joined()
            } else if let protos = record.protos, let message = record.message, let json = record.valueJSON {
                object["protos"] = protos.files
                object["main"] = protos.main
                object["message"] = message
                object["value"] = try JSONSerialization.jsonObject(with: Data(json.utf8))
                if let keyMessage = record.keyMessage, let keyJSON = record.keyJSON {
                    object["keyMessage"] = keyMessage
                    object["keyValue"] = try JSONSerialization.jsonObject(with: Data(keyJSON.utf8))
                }
            }
            let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            input += String(decoding: line, as: UTF8.self) + "\n"
        }
        var arguments = [
            "--bootstrap", bootstrap, "--topic", topic, "--registry", registry, "--create-partitions",
            String(createPartitions),
        ]
        if let user { arguments += ["--user", user] }
        let output = try await Self.run(arguments, input: input)
        struct Summary: Decodable {
            var delivered: Int
            var ids: [Int?]
            var values: [String?]
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(output.utf8))
        guard summary.delivered == records.count else {
            throw PeerError(
                peer: "protobuf_produce.py", message: "delivered \(summary.delivered) of \(records.count) records")
        }
        return (summary.ids, summary.values.map { $0.map(Self.bytes) })
    }

    /// The FileDescriptorSet protoc makes of `protos` (`--include_imports`), as Materialize's `'\x…'` literal.
    public static func descriptorSetLiteral(_ protos: Protos) async throws -> String {
        let line = try JSONSerialization.data(
            withJSONObject: ["protos": protos.files, "main": protos.main], options: [.sortedKeys])
        let output = try await run(["--descriptor-set"], input: String(decoding: line, as: UTF8.self) + "\n")
        struct Answer: Decodable { var set: String }
        return "\\x" + (try JSONDecoder().decode(Answer.self, from: Data(output.utf8))).set
    }

    /// A message's bytes as the protobuf runtime serializes them (`SerializeToString`), unframed.
    public static func encode(_ protos: Protos, _ message: String, _ json: String) async throws -> [UInt8] {
        let object: [String: Any] = [
            "protos": protos.files, "main": protos.main, "message": message,
            "value": try JSONSerialization.jsonObject(with: Data(json.utf8)),
        ]
        let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let output = try await run(["--encode"], input: String(decoding: line, as: UTF8.self) + "\n")
        struct Answer: Decodable { var hex: String }
        return bytes((try JSONDecoder().decode(Answer.self, from: Data(output.utf8))).hex)
    }

    private static func run(_ arguments: [String], input: String) async throws -> String {
        try await PeerEnvironment.requirePythonModule("confluent_kafka")
        try await PeerEnvironment.requirePythonModule("google.protobuf")
        try await PeerEnvironment.requirePythonModule("grpc_tools")
        let python = try await PeerEnvironment.python()
        let result = try await PeerCommand.run(
            name: "protobuf_produce.py", executable: python,
            arguments: ["-W", "ignore", PeerPaths.script("protobuf_produce.py")] + arguments,
            stdin: Data(input.utf8), timeout: .seconds(150))
        return String(decoding: result.stdout, as: UTF8.self)
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
