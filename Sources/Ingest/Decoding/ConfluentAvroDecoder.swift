import Dispatch
import Formats
import NIOConcurrencyHelpers
import NIOCore
import SQL
import Storage

/// Decodes Confluent-framed Avro (magic byte 0, the writer's 4-byte big-endian schema id, the Avro binary) into
/// the columns of the reader schema pinned at creation, or (for ENVELOPE DEBEZIUM) into the change a Debezium
/// event makes, with the `after` row's columns.
///
/// One `AvroRowDecoder(writer:reader:)` per writer id, made the first time the id is seen: the pinned id needs no
/// request; any other writer schema is fetched from the registry by id. A writer the reader cannot resolve, an id
/// the registry does not know, or a registry that cannot be reached makes that record an error row with the
/// reason; the records after it carry on. Unknown ids and incompatible writers are remembered; a failed request is
/// retried after `retryAfter`.
final class ConfluentAvroDecoder: Sendable {
    let connection: String
    let pinned: PinnedAvroSchema
    private let reader: AvroSchema
    /// Whether records are Debezium envelopes (`decodeChange`) rather than rows (`decode`).
    let isDebezium: Bool
    private let lookup: (any WriterSchemaLookup)?
    private let decoders: NIOLockedValueBox<[Int32: Entry]>
    /// The pinned writer's decoder, read without the lock: most records are written with the pinned schema.
    private let pinnedBody: Body?
    /// How long a failed registry request answers for its id before it is tried again.
    static let retryAfter: Duration = .seconds(5)
    /// How long a record may wait for its writer schema.
    static let fetchTimeout: DispatchTimeInterval = .seconds(30)

    /// The decoder of one writer's records.
    private enum Body: Sendable {
        case row(AvroRowDecoder)
        case debezium(AvroDebeziumDecoder)
    }

    private enum Entry: Sendable {
        case ready(Body)
        /// An id the registry does not know, or a writer incompatible with the reader: final.
        case refused(DecodeError)
        /// The registry could not answer; tried again after the instant.
        case failed(DecodeError, until: ContinuousClock.Instant)
    }

    init(_ format: AvroFormat, debezium: Bool = false) {
        connection = format.connection
        isDebezium = debezium
        // The catalog pins the schema before the relation is stored, so a stored Avro relation always has one.
        let pinned = format.pinned ?? PinnedAvroSchema(subject: "", id: -1, version: nil, schema: "", columns: [])
        self.pinned = pinned
        lookup = WriterSchemaLookups.lookup(connection: format.connection)
        var initial: [Int32: Entry] = [:]
        var schema = AvroSchema.null
        do throws(DecodeError) {
            schema = try AvroSchema(parsing: pinned.schema)
            if debezium {
                initial[pinned.id] = .ready(.debezium(try AvroDebeziumDecoder(writer: schema, reader: schema)))
            } else {
                initial[pinned.id] = .ready(.row(AvroRowDecoder(schema: schema)))
            }
        } catch {
            initial[pinned.id] = .refused(DecodeError("the pinned reader schema cannot be read: \(error.reason)"))
        }
        reader = schema
        if case .ready(let body)? = initial[pinned.id] {
            pinnedBody = body
        } else {
            pinnedBody = nil
        }
        decoders = NIOLockedValueBox(initial)
    }

    /// The columns of one record (not for ENVELOPE DEBEZIUM).
    func decode(_ buffer: ByteBuffer) throws(DecodeError) -> DecodedFields {
        let (body, id) = try body(of: buffer)
        guard case .row(let decoder) = body else {
            throw DecodeError("writer schema id \(id) is read as a Debezium envelope, not as a row")
        }
        let cells = try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in
            try decoder.decodeCells(UnsafeRawBufferPointer(rebasing: raw[5...]))
        }
        return .many(Self.data(cells))
    }

    /// The change one Debezium event makes (ENVELOPE DEBEZIUM): its `after` row's columns to upsert, or a delete.
    func decodeChange(_ buffer: ByteBuffer) throws(DecodeError) -> DebeziumChange {
        let (body, id) = try body(of: buffer)
        guard case .debezium(let decoder) = body else {
            throw DecodeError("writer schema id \(id) is read as a row, not as a Debezium envelope")
        }
        let change = try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in
            try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[5...]))
        }
        switch change {
        case .upsert(let cells): return .upsert(Self.data(cells))
        case .delete: return .delete
        }
    }

    private static func data(_ cells: [AvroCell]) -> [Datum] {
        var fields: [Datum] = []
        fields.reserveCapacity(cells.count)
        for cell in cells { fields.append(datum(cell)) }
        return fields
    }

    /// The framing checked, and the decoder of the record's writer schema.
    private func body(of buffer: ByteBuffer) throws(DecodeError) -> (Body, Int32) {
        guard buffer.readableBytes >= 5 else {
            throw DecodeError(
                "not Confluent-framed Avro: \(buffer.readableBytes) bytes, fewer than the 5 of the magic byte and schema id"
            )
        }
        let magic = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        guard magic == 0 else {
            throw DecodeError(
                "not Confluent-framed Avro: the first byte is 0x\(String(magic, radix: 16)), not the magic byte 0; "
                    + "was the record written without a schema registry serializer?")
        }
        let id = buffer.getInteger(at: buffer.readerIndex + 1, endianness: .big, as: Int32.self)!
        return (try decoder(for: id), id)
    }

    /// The stored value of a column: integers and booleans as integers, bytea as bytes, finite doubles as reals, the
    /// rest as text (floats and non-finite doubles too, so that NaN and the infinities keep their text and SQLite's
    /// REAL affinity stores the rest as reals).
    static func datum(_ cell: AvroCell) -> Datum {
        switch cell {
        case .null: return .null
        case .boolean(let value): return .integer(value ? 1 : 0)
        case .integer(let value): return .integer(value)
        case .bytes(let bytes): return .blob(bytes)
        case .text(let text): return .text(text)
        // A finite double is stored as the real SQLite would parse its text into, without the text; a float keeps
        // its shortest text, which a double of it would not print as.
        case .double(let value) where value.isFinite: return .real(value)
        case .float, .double: return cell.columnText.map(Datum.text) ?? .null
        }
    }

    private func decoder(for id: Int32) throws(DecodeError) -> Body {
        if id == pinned.id, let pinnedBody { return pinnedBody }
        switch decoders.withLockedValue({ $0[id] }) {
        case .ready(let decoder): return decoder
        case .refused(let error): throw error
        case .failed(let error, let until) where ContinuousClock.now < until: throw error
        default: break
        }
        let entry = fetch(id)
        decoders.withLockedValue { $0[id] = entry }
        switch entry {
        case .ready(let decoder): return decoder
        case .refused(let error), .failed(let error, _): throw error
        }
    }

    /// Fetches and resolves writer schema `id`. The decoder runs synchronously inside the runtime's batch loop, so
    /// this waits for the registry's answer (on `SchemaFetchExecutor`, off the cooperative pool); it happens once per
    /// writer id.
    private func fetch(_ id: Int32) -> Entry {
        guard let lookup else {
            return .failed(
                DecodeError(
                    "writer schema id \(id) is not the pinned one (\(pinned.id)) and this server has no registry client "
                        + "for connection \(connection)"), until: .now + Self.retryAfter)
        }
        let result = NIOLockedValueBox<Result<String, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let fetch: @Sendable () async -> Void = {
            let answer: Result<String, any Error>
            do {
                answer = .success(try await lookup.writerSchema(id: id))
            } catch {
                answer = .failure(error)
            }
            result.withLockedValue { $0 = answer }
            done.signal()
        }
        if #available(macOS 15, *) {
            Task(executorPreference: SchemaFetchExecutor.shared) { await fetch() }
        } else {
            Task.detached { await fetch() }
        }
        guard done.wait(timeout: .now() + Self.fetchTimeout) == .success, let answer = result.withLockedValue({ $0 })
        else {
            return .failed(
                DecodeError("writer schema id \(id): the registry of connection \(connection) did not answer in time"),
                until: .now + Self.retryAfter)
        }
        switch answer {
        case .failure(let error as WriterSchemaLookupError) where error.isFinal:
            return .refused(DecodeError("writer schema id \(id): \(error.message)"))
        case .failure(let error):
            return .failed(DecodeError("writer schema id \(id): \(error)"), until: .now + Self.retryAfter)
        case .success(let text):
            let writer: AvroSchema
            do throws(DecodeError) {
                writer = try AvroSchema(parsing: text)
            } catch {
                return .refused(DecodeError("writer schema id \(id) does not parse: \(error.reason)"))
            }
            do throws(DecodeError) {
                if isDebezium {
                    return .ready(.debezium(try AvroDebeziumDecoder(writer: writer, reader: reader)))
                }
                return .ready(.row(try AvroRowDecoder(writer: writer, reader: reader)))
            } catch {
                return .refused(
                    DecodeError(
                        "writer schema id \(id) is incompatible with the reader schema pinned at creation (id "
                            + "\(pinned.id) of \(pinned.subject)): \(error.reason)"))
            }
        }
    }
}

/// What one Debezium event does, in the store's values: upsert the `after` row, or delete the record's key.
enum DebeziumChange: Sendable {
    case upsert([Datum])
    case delete
}

/// A lookup failure that will not change by asking again: the registry does not know the id (404).
public struct WriterSchemaLookupError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// True when asking again cannot help (an unknown id); false for a registry that could not be reached.
    public var isFinal: Bool

    public init(_ message: String, isFinal: Bool) {
        self.message = message
        self.isFinal = isFinal
    }

    public var description: String { message }
}
