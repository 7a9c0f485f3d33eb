import Formats
import KafkaClient
import NIOCore
import SQL
import Storage

/// Decodes Confluent-framed Avro (magic byte 0, the writer's 4-byte big-endian schema id, the Avro binary) into
/// the columns of the reader schema pinned at creation, or (for ENVELOPE DEBEZIUM) into the change a Debezium
/// event makes, with the `after` row's columns.
///
/// One `AvroRowDecoder(writer:reader:)` per writer id, made the first time the id is seen: the pinned id (unless the
/// reader was given `INLINE`) needs no request; any other writer schema is fetched from the registry by id, by `prefetch`, which the runtime awaits
/// before it decodes the chunk of records that names the id (decoding itself never waits). A writer the reader cannot resolve, an id
/// the registry does not know, or a registry that cannot be reached makes that record an error row with the
/// reason; the records after it carry on. Unknown ids and incompatible writers are remembered; a failed request is
/// retried after `WriterSchemaFetch.retryAfter` (the entries live in a `WriterCache`).
final class ConfluentAvroDecoder: WriterPrefetching {
    let connection: String
    let pinned: PinnedAvroSchema
    private let reader: AvroSchema
    /// Whether records are Debezium envelopes (`decodeChange`) rather than rows (`decode`).
    let isDebezium: Bool
    private let lookup: (any WriterSchemaLookup)?
    private let decoders: WriterCache<Body>
    /// The pinned writer's decoder, read without the lock: most records are written with the pinned schema.
    private let pinnedBody: Body?
    /// The same as `pinnedBody` for rows, so that most records reach their decoder without copying a `Body`.
    private let pinnedRow: AvroRowDecoder?
    /// Why the pinned reader cannot read anything (its text does not parse), for every record.
    private let readerError: DecodeError?

    /// The decoder of one writer's records.
    private enum Body: Sendable {
        case row(AvroRowDecoder)
        case debezium(AvroDebeziumDecoder)
    }

    init(_ format: AvroFormat, lookup: (any WriterSchemaLookup)?, debezium: Bool = false) {
        connection = format.connection
        isDebezium = debezium
        // The catalog pins the schema before the relation is stored, so a stored Avro relation always has one.
        let pinned = format.pinned ?? PinnedAvroSchema(subject: "", id: -1, version: nil, schema: "", columns: [])
        self.pinned = pinned
        self.lookup = lookup
        var schema = AvroSchema.null
        var body: Body?
        var failure: DecodeError?
        do throws(DecodeError) {
            schema = try AvroSchema(parsing: pinned.schema)
            if debezium {
                body = .debezium(try AvroDebeziumDecoder(writer: schema, reader: schema))
            } else {
                body = .row(AvroRowDecoder(schema: schema))
            }
        } catch {
            failure = DecodeError("the pinned reader schema cannot be read: \(error.reason)")
        }
        reader = schema
        readerError = failure
        // A reader from the registry reads its own id's records as they are; an INLINE reader has no id, so every
        // writer is fetched and resolved against it.
        pinnedBody = pinned.id == nil ? nil : body
        if case .row(let decoder)? = pinnedBody { pinnedRow = decoder } else { pinnedRow = nil }
        var initial: [Int32: WriterCache<Body>.Entry] = [:]
        if let id = pinned.id, let body { initial[id] = .ready(body) }
        decoders = WriterCache(initial)
    }

    /// The number of columns a record decodes into: the pinned reader's.
    var columnCount: Int {
        guard case .record(let record) = reader else { return 1 }
        return record.fields.count
    }

    /// The columns of one record (not for ENVELOPE DEBEZIUM).
    func decode(_ buffer: ByteBuffer) throws(DecodeError) -> DecodedFields {
        let decoder = try rowDecoder(of: buffer)
        let cells = try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in
            try decoder.decodeCells(UnsafeRawBufferPointer(rebasing: raw[5...]))
        }
        return .many(Self.data(cells))
    }

    /// The columns of one record appended to the change `changes` is building, `columnCount` of them (not for
    /// ENVELOPE DEBEZIUM): no array per record, and strings and bytes stay in `buffer` (`AvroBatchSink`).
    ///
    /// When it throws, some of the record's columns may have been appended; the caller drops the open change.
    func decode(_ buffer: ByteBuffer, into changes: inout OutputChanges) throws(DecodeError) {
        let decoder = try rowDecoder(of: buffer)
        var sink = AvroBatchSink(record: buffer, bodyStart: buffer.readerIndex + 5)
        swap(&sink.changes, &changes)
        defer { swap(&sink.changes, &changes) }
        try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in
            try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[5...]), into: &sink)
        }
    }

    private func rowDecoder(of buffer: ByteBuffer) throws(DecodeError) -> AvroRowDecoder {
        if let pinnedRow, buffer.readableBytes >= 5, buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0,
            buffer.getInteger(at: buffer.readerIndex + 1, endianness: .big, as: Int32.self) == pinned.id
        {
            return pinnedRow
        }
        let (body, id) = try body(of: buffer)
        guard case .row(let decoder) = body else {
            throw DecodeError("writer schema id \(id) is read as a Debezium envelope, not as a row")
        }
        return decoder
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
        if let readerError { throw readerError }
        switch decoders[id] {
        case .ready(let decoder): return decoder
        case .refused(let error), .failed(let error, _): throw error
        case nil:
            // `prefetch` runs before every chunk is decoded, so this is a record whose id it did not see.
            throw DecodeError("writer schema id \(id) was not fetched before its record was decoded")
        }
    }

    /// The writer ids of `records`' keys or values that have no decoder yet, or whose failed fetch may be tried
    /// again: what `prefetch` must fetch before the records are decoded.
    func unknownWriterIDs(in records: [KafkaConsumerRecord], keys: Bool) -> Set<Int32> {
        decoders.unknownIDs(in: records, keys: keys)
    }

    /// Fetches and resolves the writer schemas `ids`, so that the records that name them decode without waiting.
    func prefetch(_ ids: Set<Int32>) async {
        let fetch = lookup.map { lookup in { @Sendable (id: Int32) in try await lookup.writerSchema(id: id) } }
        await decoders.prefetch(ids, connection: connection, fetch: fetch) { id, text in resolve(id, text) }
    }

    /// The decoder for writer schema `text` (id `id`) resolved against the pinned reader.
    private func resolve(_ id: Int32, _ text: String) -> WriterCache<Body>.Entry {
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
                    "writer schema id \(id) is incompatible with the reader schema pinned at creation ("
                        + "\(pinned.readerDescription)): \(error.reason)"))
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
