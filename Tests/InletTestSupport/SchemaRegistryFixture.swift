import Foundation

/// `testpeers/schema_registry.py`: the Confluent Schema Registry's REST subset that confluent-kafka's serializers
/// and Inlet's client use, on a free loopback port, optionally with basic auth (`user` is `name:password`).
public final class SchemaRegistryFixture: Sendable {
    public let port: Int
    public let process: PeerProcess

    /// How the fixture serves https: its certificate, and the CA whose client certificates it requires (mTLS).
    public struct TLS: Sendable {
        public var server: CertificateFiles
        /// When set, a client without a certificate signed by this CA fails the handshake.
        public var clientCA: URL?

        public init(server: CertificateFiles, clientCA: URL? = nil) {
            self.server = server
            self.clientCA = clientCA
        }
    }

    /// Set when the fixture serves https.
    public let tls: TLS?

    private init(port: Int, process: PeerProcess, tls: TLS?) {
        self.port = port
        self.process = process
        self.tls = tls
    }

    /// `http://127.0.0.1:port`, or `https://localhost:port` with TLS (the server certificate must name `localhost`).
    public var url: String { tls == nil ? "http://127.0.0.1:\(port)" : "https://localhost:\(port)" }

    /// Starts the fixture; inside `namespace` it listens on the namespace's loopback, reachable only from there.
    public static func start(user: String? = nil, tls: TLS? = nil, in namespace: NetworkNamespace? = nil)
        async throws -> SchemaRegistryFixture
    {
        let python = try await PeerEnvironment.python()
        // The fixture prints its port once it has bound it, so that line (not a connect, which another program that
        // took the port in the meantime would answer too) says the fixture is up; a lost race retries on a new port.
        var attempt = 0
        while true {
            attempt += 1
            let port = try await namespace?.freePort(on: "127.0.0.1") ?? FreePort.next()
            var arguments = [PeerPaths.script("schema_registry.py"), "--port", String(port)]
            if let user { arguments += ["--user", user] }
            if let tls {
                arguments += ["--cert", tls.server.certificate.path, "--key", tls.server.key.path]
                if let clientCA = tls.clientCA { arguments += ["--client-ca", clientCA.path] }
            }
            let process = try await PeerProcess.launch(
                name: "schema-registry", executable: python, arguments: arguments, in: namespace)
            do {
                try await process.waitForLog(containing: String(port))
                return SchemaRegistryFixture(port: port, process: process, tls: tls)
            } catch {
                await process.stop()
                if attempt >= 3 { throw error }
            }
        }
    }

    public func stop() async {
        await process.stop()
    }
}

/// Produces Confluent-framed Avro with confluent-kafka's own `AvroSerializer` (`testpeers/avro_produce.py`), which
/// registers each schema under `<topic>-value` in the registry.
public struct AvroProducerPeer: Sendable {
    public var bootstrap: String
    public var registry: String
    /// `name:password` for the registry's basic auth.
    public var user: String?

    /// Runs the producer through this command, e.g. `["ip", "netns", "exec", "ns1"]` inside a private network.
    public var commandPrefix: [String]
    /// For an https registry: the CA that signed its certificate, and a client certificate when it requires one.
    public var registryCA: URL?
    public var registryClient: CertificateFiles?

    public init(
        bootstrap: String, registry: String, user: String? = nil, commandPrefix: [String] = [],
        registryCA: URL? = nil, registryClient: CertificateFiles? = nil
    ) {
        self.bootstrap = bootstrap
        self.registry = registry
        self.user = user
        self.commandPrefix = commandPrefix
        self.registryCA = registryCA
        self.registryClient = registryClient
    }

    /// One record to produce: an Avro value serialized with `schema`, or raw value bytes.
    public struct Record: Sendable {
        public var key: String?
        public var schema: String?
        /// JSON of the value, with the tagged objects `avro_produce.py` describes for bytes, decimals, dates, ….
        public var valueJSON: String?
        public var raw: [UInt8]?
        public var tombstone = false
        /// An Avro key instead of `key`: serialized with `keySchema` (registered under `<topic>-key`).
        public var keySchema: String?
        public var keyJSON: String?

        public static func avro(_ schema: String, _ valueJSON: String, key: String? = nil) -> Record {
            Record(key: key, schema: schema, valueJSON: valueJSON, raw: nil)
        }

        public static func raw(_ bytes: [UInt8], key: String? = nil) -> Record {
            Record(key: key, schema: nil, valueJSON: nil, raw: bytes)
        }

        /// This record with an Avro key instead of a text one.
        public func withAvroKey(_ schema: String, _ json: String) -> Record {
            var record = self
            record.key = nil
            record.keySchema = schema
            record.keyJSON = json
            return record
        }

        /// A record with `key` and no value (a delete under ENVELOPE UPSERT).
        public static func tombstone(key: String) -> Record {
            Record(key: key, schema: nil, valueJSON: nil, raw: nil, tombstone: true)
        }
    }

    /// Produces `records` in order and returns the schema id of each (nil for raw ones).
    @discardableResult
    public func produce(_ records: [Record], topic: String, createPartitions: Int = 0) async throws -> [Int?] {
        try await PeerEnvironment.requirePythonModule("confluent_kafka")
        let python = try await PeerEnvironment.python()
        var input = ""
        for record in records {
            var object: [String: Any] = [:]
            if let key = record.key { object["key"] = key }
            if let keySchema = record.keySchema, let keyJSON = record.keyJSON {
                object["keySchema"] = keySchema
                object["keyValue"] = try JSONSerialization.jsonObject(
                    with: Data(keyJSON.utf8), options: [.fragmentsAllowed])
            }
            if record.tombstone {
                object["tombstone"] = true
            } else if let raw = record.raw {
                object["raw"] = raw.map { String(format: "%02x", $0) }.joined()
            } else if let schema = record.schema, let valueJSON = record.valueJSON {
                object["schema"] = schema
                object["value"] = try JSONSerialization.jsonObject(
                    with: Data(valueJSON.utf8), options: [.fragmentsAllowed])
            }
            let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            input += String(decoding: line, as: UTF8.self) + "\n"
        }
        var arguments = [
            python, "-W", "ignore", PeerPaths.script("avro_produce.py"), "--bootstrap", bootstrap, "--topic", topic,
            "--registry", registry, "--create-partitions", String(createPartitions),
        ]
        if let user { arguments += ["--user", user] }
        if let registryCA { arguments += ["--registry-ca", registryCA.path] }
        if let registryClient {
            arguments += [
                "--registry-cert", registryClient.certificate.path, "--registry-key", registryClient.key.path,
            ]
        }
        let command = commandPrefix + arguments
        let result = try await PeerCommand.run(
            name: "avro_produce.py", executable: command[0], arguments: Array(command.dropFirst()),
            stdin: Data(input.utf8), timeout: .seconds(150))
        struct Summary: Decodable {
            var delivered: Int
            var ids: [Int?]
        }
        let summary = try JSONDecoder().decode(Summary.self, from: result.stdout)
        guard summary.delivered == records.count else {
            throw PeerError(
                peer: "avro_produce.py", message: "delivered \(summary.delivered) of \(records.count) records")
        }
        return summary.ids
    }
}
