import Formats
import SQL
import SchemaRegistry

/// The reader schema an Avro format's strategy chose at creation (`LATEST`, `ID n` or `INLINE '…'`), with the
/// subject's latest writer to check it against.
struct AvroReaderChoice {
    var schema: AvroSchema
    /// The schema's JSON text, as the registry or the statement gave it.
    var text: String
    /// The registry's id of the reader; nil for an INLINE one.
    var id: Int32?
    var version: Int?
    /// How messages name the reader: `schema id 3 (VALUE STRATEGY ID 3)`.
    var description: String
    /// The subject's latest version, when the subject exists: the writer the reader must be able to read.
    var latestWriter: RegisteredSchema?

    /// Fetches or reads the reader `strategy` names for `subject`.
    static func choose(
        _ strategy: AvroReaderStrategy, clause: String, subject: String, client: SchemaRegistryClient,
        connection: String
    ) async throws -> AvroReaderChoice {
        switch strategy {
        case .latest:
            let latest = try await latest(
                subject, clause: clause, client: client, connection: connection, required: true)!
            let description = "schema id \(latest.id) of subject \(subject)"
            return AvroReaderChoice(
                schema: try parse(latest, description: description, connection: connection), text: latest.schema,
                id: latest.id, version: latest.version, description: description, latestWriter: latest)
        case .id(let id):
            let registered: RegisteredSchema
            do {
                registered = try await client.schema(id: id)
            } catch {
                var failure = error.sqlError(connection: connection, doing: "fetching \(clause) ID \(id)")
                if error.code == .notFound {
                    failure.message =
                        "\(clause) ID \(id): the schema registry of connection \(connection) has no schema id \(id)"
                    failure.hint =
                        "use an id the registry gave (GET /subjects/\(subject)/versions/latest shows the latest "
                        + "one's), or \(clause) LATEST"
                }
                throw failure
            }
            let description = "schema id \(id) (\(clause) ID \(id))"
            return AvroReaderChoice(
                schema: try parse(registered, description: description, connection: connection),
                text: registered.schema, id: id, version: nil, description: description,
                latestWriter: try await latest(
                    subject, clause: clause, client: client, connection: connection, required: false))
        case .inline(let text):
            let schema: AvroSchema
            do {
                schema = try AvroSchema(parsing: text)
            } catch {
                throw SQLError.invalidParameter(
                    "the reader schema of \(clause) INLINE is not an Avro schema: \(error.reason)",
                    hint: "give the schema's JSON, e.g. \(clause) INLINE '{\"type\": \"record\", \"name\": \"Event\", "
                        + "\"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}' (a quote inside is written '')")
            }
            return AvroReaderChoice(
                schema: schema, text: text, id: nil, version: nil, description: "the reader schema of \(clause) INLINE",
                latestWriter: try await latest(
                    subject, clause: clause, client: client, connection: connection, required: false))
        }
    }

    /// Refuses a reader that the subject's latest writer cannot be resolved to (a reader field the writer lacks
    /// without a default, a type no promotion reaches): its records would all be errors.
    static func checkResolution(
        writer registered: RegisteredSchema, reader: AvroReaderChoice, clause: String, subject: String,
        debezium: Bool, connection: String
    ) throws(SQLError) {
        let what = "the latest schema of subject \(subject) (id \(registered.id))"
        let writer = try parse(registered, description: what, connection: connection)
        do throws(DecodeError) {
            if debezium {
                _ = try AvroDebeziumDecoder(writer: writer, reader: reader.schema)
            } else {
                _ = try AvroRowDecoder(writer: writer, reader: reader.schema)
            }
        } catch {
            throw SQLError.invalidParameter(
                "\(reader.description) cannot read \(what) of connection \(connection): \(error.reason)",
                hint: "choose a reader whose fields the writer has (of the same or a promotable type) or that have "
                    + "a default, or use \(clause) LATEST")
        }
    }

    /// The subject's latest version; a subject that does not exist is an error only when `required` (LATEST needs
    /// it; ID and INLINE readers serve topics whose writers register under other subjects too).
    private static func latest(
        _ subject: String, clause: String, client: SchemaRegistryClient, connection: String, required: Bool
    ) async throws -> RegisteredSchema? {
        do {
            return try await client.latest(subject: subject)
        } catch {
            if error.code == .notFound && !required { return nil }
            var failure = error.sqlError(
                connection: connection, doing: "fetching the reader schema of subject \(subject)")
            if error.code == .notFound {
                failure.hint =
                    "register a schema under \(subject) first (producing with Confluent's serializer does), check "
                    + "the topic's name, or choose the reader with \(clause) ID n or INLINE '…'"
            }
            throw failure
        }
    }

    private static func parse(_ registered: RegisteredSchema, description: String, connection: String)
        throws(SQLError) -> AvroSchema
    {
        guard registered.schemaType.uppercased() == "AVRO" else {
            throw SQLError.invalidParameter(
                "\(description) of connection \(connection) is a \(registered.schemaType) schema, not Avro; use the "
                    + "FORMAT that matches it")
        }
        do {
            return try AvroSchema(parsing: registered.schema)
        } catch {
            throw SQLError.invalidParameter("\(description) (connection \(connection)) cannot be read: " + error.reason)
        }
    }
}
