import Catalog
import Formats
import Ingest
import SQL
import SchemaRegistry

extension KafkaSourcePreparer {
    /// Pins a Protobuf format's descriptors and message: for the registry form the latest schema of `subject` with
    /// every reference (fetched with `?format=serialized`), for USING SCHEMA the given FileDescriptorSet. Refuses a
    /// missing subject, a schema that is not Protobuf, descriptors that do not read, and a message they do not
    /// define, naming what to write instead.
    func pinProtobuf(
        _ format: ProtobufFormat, subject: String, registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> RecordFormat {
        var protobuf = format
        switch format.schema {
        case .inline(let bytes):
            let pool: ProtobufDescriptorPool
            do {
                pool = try ProtobufDescriptorPool(serializedSet: bytes)
            } catch {
                throw SQLError.invalidParameter(
                    "USING SCHEMA: \(error.reason); give the hex of protoc --include_imports --descriptor_set_out")
            }
            let message = format.message ?? ""
            let program = try compile(pool, message: message, what: "the schema given with USING SCHEMA")
            protobuf.pinned = PinnedProtobufSchema(
                subject: nil, id: nil, version: nil, descriptorSet: bytes, message: program.messageName,
                columns: ProtobufColumns.plan(program))
        case .registry(let name):
            guard let connection = registries[name] else { return .protobuf(format) }
            let client = try await SchemaRegistryConnectionClient(
                connection: connection, endpoints: endpoints, tunnels: tunnels
            ).client()
            let latest: RegisteredSchema
            let files: [[UInt8]]
            do {
                latest = try await client.serializedVersion(subject: subject)
                guard latest.schemaType.uppercased() == "PROTOBUF" else {
                    throw SQLError.invalidParameter(
                        "subject \(subject) of connection \(name) holds a \(latest.schemaType) schema, not Protobuf; "
                            + "use the FORMAT that matches it")
                }
                files = try await client.protobufFiles(of: latest)
            } catch let error as SchemaRegistryError {
                var failure = error.sqlError(
                    connection: name, doing: "fetching the Protobuf schema of subject \(subject)")
                if error.code == .notFound {
                    failure.hint =
                        "register a schema under \(subject) first (producing with Confluent's ProtobufSerializer "
                        + "does), or check the topic's name"
                }
                throw failure
            }
            let what = "schema id \(latest.id) of subject \(subject) (connection \(name))"
            let set: [UInt8]
            let pool: ProtobufDescriptorPool
            do {
                set = try ProtobufDescriptorPool.serializedSet(files: files, of: what)
                pool = try ProtobufDescriptorPool(serializedSet: set)
            } catch {
                throw SQLError.invalidParameter("\(what) cannot be read: \(error.reason)")
            }
            guard let message = format.message ?? pool.firstMessageName else {
                throw SQLError.invalidParameter("\(what) defines no message; a relation reads one message type")
            }
            let program = try compile(pool, message: message, what: what)
            protobuf.pinned = PinnedProtobufSchema(
                subject: subject, id: latest.id, version: latest.version, descriptorSet: set,
                message: program.messageName, columns: ProtobufColumns.plan(program))
        }
        return .protobuf(protobuf)
    }

    private func compile(_ pool: ProtobufDescriptorPool, message: String, what: String) throws -> ProtobufProgram {
        do {
            return try ProtobufProgram(pool: pool, message: message)
        } catch {
            throw SQLError.invalidParameter("\(what): \(error.reason)")
        }
    }
}
