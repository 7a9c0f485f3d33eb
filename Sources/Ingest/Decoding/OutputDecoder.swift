import Formats
import KafkaClient
import KafkaWire
import NIOCore
import PGWire
import SQL
import Storage

/// Turns Kafka records into the row changes of one relation, as its format, INCLUDE columns and envelope say.
///
/// A record that does not decode becomes an `ErrorRow` with its raw key and value (or, for UPSERT with inline
/// errors, a row whose `error` column says why); it never stops the records after it. Under ENVELOPE NONE a record
/// without a value adds no row, as in Materialize. Under ENVELOPE DEBEZIUM the value is a change event whose
/// `after` row is upserted, and a delete or a tombstone removes the record key's row.
///
/// It runs once per record, so it is a class (the batch loop does not copy its fields) and reads the planned
/// column sources from one array.
final class OutputDecoder: Sendable {
    let outputID: String
    let definition: SourceOutputDefinition
    private let keyFormat: FieldDecoder?
    private let valueFormat: FieldDecoder
    private let isUpsert: Bool
    private let inlineErrors: Bool
    private let keyColumnIndexes: [Int]
    /// Where each column of a row comes from, in relation order.
    private let sources: [ColumnSource]
    /// ENVELOPE DEBEZIUM: the value's decoder, and for each key field the `after` column that holds it (Avro).
    private let debezium: DebeziumValue?
    private let debeziumKeyValueIndexes: [Int]
    /// An Avro value whose columns are one run of the relation's columns, in order: its decoder appends them
    /// straight to the batch, between the columns before and after the run.
    private let directValue: (decoder: ConfluentAvroDecoder, columns: Range<Int>)?

    /// How ENVELOPE DEBEZIUM reads values: Avro envelopes through the registry, or Debezium's JSON converter.
    private enum DebeziumValue: Sendable {
        case avro(ConfluentAvroDecoder)
        /// The `after` row as one jsonb column; `jsonKey` when the key is read as JSON (unwrapped from the
        /// converter's `payload` when it wrote schemas).
        case json(jsonKey: Bool)
    }

    /// `lookups` gives Avro formats the writer schemas of their CONFLUENT SCHEMA REGISTRY connection.
    init(
        outputID: String, definition: SourceOutputDefinition,
        lookups: (_ connection: String) -> (any WriterSchemaLookup)? = { _ in nil }
    ) {
        self.outputID = outputID
        self.definition = definition
        keyFormat = definition.spec.keyFormatRead.map { FieldDecoder($0, lookups: lookups) }
        valueFormat = FieldDecoder(definition.spec.format.value, lookups: lookups)
        if case .upsert(let inline) = definition.spec.envelope {
            isUpsert = true
            inlineErrors = inline != nil
        } else {
            isUpsert = false
            inlineErrors = false
        }
        sources = definition.columns.map(\.source)
        let keys = Set(definition.keyColumns)
        keyColumnIndexes = definition.columns.indices.filter { keys.contains(definition.columns[$0].column.name) }
        if definition.spec.isDebeziumJSON {
            debezium = .json(jsonKey: definition.spec.keyFormatRead == .json)
            debeziumKeyValueIndexes = []
        } else if definition.spec.envelope == .debezium, case .avro(let avro) = definition.spec.format.value {
            debezium = .avro(ConfluentAvroDecoder(avro, lookup: lookups(avro.connection), debezium: true))
            debeziumKeyValueIndexes = definition.keyColumns.map { name in
                let column = definition.columns.first { $0.column.name == name }
                if case .value(let index)? = column?.source { return index }
                return -1
            }
        } else {
            debezium = nil
            debeziumKeyValueIndexes = []
        }
        if debezium == nil, let avro = valueFormat.avro {
            directValue = Self.directRun(avro, definition.columns.map(\.source))
        } else {
            directValue = nil
        }
        var avroDebezium = false
        if case .avro? = debezium { avroDebezium = true }
        needsPreparation = keyFormat?.prefetching != nil || valueFormat.prefetching != nil || avroDebezium
    }

    /// The decoder and its columns when the value columns are `.value(0)`, `.value(1)`, … in a row, one per column
    /// `decoder` decodes.
    private static func directRun(
        _ decoder: ConfluentAvroDecoder, _ sources: [ColumnSource]
    ) -> (decoder: ConfluentAvroDecoder, columns: Range<Int>)? {
        let positions = sources.indices.filter { if case .value = sources[$0] { true } else { false } }
        guard let first = positions.first, positions.count == decoder.columnCount else { return nil }
        for (index, position) in positions.enumerated()
        where position != first + index || sources[position] != .value(index: index) {
            return nil
        }
        return (decoder, first..<first + positions.count)
    }

    /// True when `prepare` has work to do before records are decoded (Avro or Protobuf keys or values: their writer
    /// schemas).
    let needsPreparation: Bool

    /// Fetches what decoding `records` needs and does not have yet (the writer schemas of Avro keys and values), so
    /// that `decode` never waits.
    func prepare(_ records: [KafkaConsumerRecord]) async {
        if let decoder = keyFormat?.prefetching {
            let ids = decoder.unknownWriterIDs(in: records, keys: true)
            if !ids.isEmpty { await decoder.prefetch(ids) }
        }
        var values: [any WriterPrefetching] = []
        if let decoder = valueFormat.prefetching { values.append(decoder) }
        if case .avro(let debezium)? = debezium { values.append(debezium) }
        for decoder in values {
            let ids = decoder.unknownWriterIDs(in: records, keys: false)
            if !ids.isEmpty { await decoder.prefetch(ids) }
        }
    }

    /// Adds the record's change (or error) to `changes`.
    func decode(_ record: KafkaConsumerRecord, into changes: inout OutputChanges) {
        if let debezium {
            decodeDebezium(record, debezium, into: &changes)
            return
        }
        var key = DecodedFields.none
        if let keyFormat {
            if let bytes = record.key {
                do {
                    key = try keyFormat.decode(bytes)
                } catch {
                    changes.errors.append(Self.errorRow(record, reason: "key: \(error.reason)"))
                    return
                }
            } else if isUpsert {
                changes.errors.append(
                    Self.errorRow(record, reason: "UPSERT record has a null key; every record needs a key to upsert"))
                return
            }
        }
        var value: DecodedFields?
        var valueError: String?
        if let bytes = record.value {
            do {
                if let directValue {
                    try appendRow(record, key: key, value: bytes, directValue, into: &changes)
                    return
                }
                value = try valueFormat.decode(bytes)
                if let header = valueFormat.header, case .many(let fields) = value, fields == header {
                    return  // CSV WITH HEADER: the header line itself is no row.
                }
            } catch {
                changes.discardOpenChange()  // what `appendRow` appended before the value failed
                if isUpsert && inlineErrors {
                    valueError = error.reason
                } else {
                    changes.errors.append(Self.errorRow(record, reason: error.reason))
                    return
                }
            }
        } else if isUpsert {
            for index in keyColumnIndexes {
                changes.append(datum(sources[index], record, key: key, value: nil, error: nil))
            }
            changes.endChange(.delete)
            return
        } else {
            // ENVELOPE NONE skips records without a value, as Materialize does (its value columns are NOT NULL).
            return
        }
        for source in sources {
            changes.append(datum(source, record, key: key, value: value, error: valueError))
        }
        changes.endChange(isUpsert ? .upsert : .insert)
    }

    /// A record's row whose value columns the Avro decoder appends straight to the batch; on an error the row is
    /// left open.
    private func appendRow(
        _ record: KafkaConsumerRecord, key: DecodedFields, value: ByteBuffer,
        _ direct: (decoder: ConfluentAvroDecoder, columns: Range<Int>), into changes: inout OutputChanges
    ) throws(DecodeError) {
        for source in sources[..<direct.columns.lowerBound] {
            changes.append(datum(source, record, key: key, value: nil, error: nil))
        }
        try direct.decoder.decode(value, into: &changes)
        for source in sources[direct.columns.upperBound...] {
            changes.append(datum(source, record, key: key, value: nil, error: nil))
        }
        changes.endChange(isUpsert ? .upsert : .insert)
    }

    /// ENVELOPE DEBEZIUM: the key identifies the row; `c`, `r` and `u` upsert the `after` row (whose key columns
    /// must hold the key, for Avro; over JSON the row is one jsonb column beside the key), `d` and a tombstone (Debezium writes one after each delete, for log compaction) delete.
    private func decodeDebezium(
        _ record: KafkaConsumerRecord, _ decoder: DebeziumValue, into changes: inout OutputChanges
    ) {
        guard let keyFormat, let keyBytes = record.key else {
            changes.errors.append(
                Self.errorRow(
                    record,
                    reason:
                        "ENVELOPE DEBEZIUM record has a null key; Debezium keys every change by the row's primary key"
                ))
            return
        }
        let key: DecodedFields
        do {
            if case .json(jsonKey: true) = decoder {
                key = .one(
                    .text(
                        try keyBytes.withUnsafeReadableBytes { raw throws(DecodeError) in try JSONDebezium.key(raw) }))
            } else {
                key = try keyFormat.decode(keyBytes)
            }
        } catch {
            changes.errors.append(Self.errorRow(record, reason: "key: \(error.reason)"))
            return
        }
        let names = definition.keyColumns
        for field in names.indices where key[field] == .null {
            changes.errors.append(Self.errorRow(record, reason: "key: the key field \(names[field]) is null"))
            return
        }
        let change: DebeziumChange
        if let bytes = record.value {
            do {
                switch decoder {
                case .avro(let decoder): change = try decoder.decodeChange(bytes)
                case .json:
                    let event = try bytes.withUnsafeReadableBytes { raw throws(DecodeError) in
                        try JSONDebezium.change(raw)
                    }
                    switch event {
                    case .upsert(let after): change = .upsert([.text(after)])
                    case .delete: change = .delete
                    }
                }
            } catch {
                changes.errors.append(Self.errorRow(record, reason: error.reason))
                return
            }
        } else {
            change = .delete
        }
        switch change {
        case .delete:
            for field in names.indices { changes.append(key[field]) }
            changes.endChange(.delete)
        case .upsert(let row):
            for (field, index) in debeziumKeyValueIndexes.enumerated()
            where index >= row.count || row[index] != key[field] {
                changes.errors.append(
                    Self.errorRow(
                        record,
                        reason: "the after row's \(names[field]) is not the record key's; ENVELOPE DEBEZIUM needs the "
                            + "row's key columns to hold the record's key"))
                return
            }
            let value = DecodedFields.many(row)
            for source in sources {
                changes.append(datum(source, record, key: key, value: value, error: nil))
            }
            changes.endChange(.upsert)
        }
    }

    /// One column's value: the row is written value by value into the batch's flat array, with no array per row.
    @inline(__always)
    private func datum(
        _ source: ColumnSource, _ record: KafkaConsumerRecord, key: DecodedFields, value: DecodedFields?,
        error: String?
    ) -> Datum {
        switch source {
        case .key(let index): return key[index]
        case .value(let index): return value?[index] ?? .null
        case .partition: return .integer(Int64(record.partition))
        case .offset: return .integer(record.offset)
        case .timestamp: return .text(PGDateTime.timestampText(unixMilliseconds: record.timestamp))
        case .headers: return .text(Self.headersJSON(record.headers))
        case .header(let name, let bytes): return Self.header(name, bytes: bytes, in: record.headers)
        case .valueError: return error.map(Datum.text) ?? .null
        }
    }

    static func errorRow(_ record: KafkaConsumerRecord, reason: String) -> ErrorRow {
        ErrorRow(
            partition: record.partition, offset: record.offset, key: record.key.map { Array($0.readableBytesView) },
            value: record.value.map { Array($0.readableBytesView) }, reason: reason)
    }

    /// `[{"key": "h", "value": "\\x…"}, …]`: every header in record order; a null value is JSON null.
    static func headersJSON(_ headers: [RecordHeader]) -> String {
        var text = "["
        for (index, header) in headers.enumerated() {
            if index > 0 { text += ", " }
            text += "{\"key\": " + JSONFormat.quoted(header.key) + ", \"value\": "
            if let value = header.value {
                text += JSONFormat.quoted(value.withUnsafeReadableBytes { ByteaText.hex($0) })
            } else {
                text += "null"
            }
            text += "}"
        }
        return text + "]"
    }

    /// The last header named `name`, as text (invalid UTF-8 gives NULL) or bytea.
    static func header(_ name: String, bytes: Bool, in headers: [RecordHeader]) -> Datum {
        guard let header = headers.last(where: { $0.key == name }), let value = header.value else { return .null }
        if bytes { return .blobBytes(value) }
        let valid = value.withUnsafeReadableBytes { raw in (try? TextFormat.validate(raw)) != nil }
        return valid ? .textBytes(value) : .null
    }
}

/// Decodes a key or a value in one format into its columns.
struct FieldDecoder: Sendable {
    private enum Kind: Sendable {
        case text, bytes, json
        case csv(CSVDecoder)
        case avro(ConfluentAvroDecoder)
        case protobuf(ConfluentProtobufDecoder)
    }

    private let kind: Kind
    /// The Avro decoder, for a format whose writer schemas are fetched ahead of decoding.
    var avro: ConfluentAvroDecoder? {
        if case .avro(let decoder) = kind { return decoder }
        return nil
    }
    /// The decoder whose writer schemas the runtime fetches between chunks (Avro and Protobuf).
    var prefetching: (any WriterPrefetching)? {
        switch kind {
        case .avro(let decoder): return decoder
        case .protobuf(let decoder): return decoder
        default: return nil
        }
    }
    /// For `CSV WITH HEADER (names)`: the header line as decoded columns, so it can be skipped.
    let header: [Datum]?

    init(_ format: RecordFormat, lookups: (_ connection: String) -> (any WriterSchemaLookup)? = { _ in nil }) {
        if case .csv(let csv) = format, case .header(let names) = csv.columns {
            header = names.map(Datum.text)
        } else {
            header = nil
        }
        switch format {
        case .text: kind = .text
        case .bytes: kind = .bytes
        case .json: kind = .json
        case .csv(let csv): kind = .csv(CSVDecoder(columnCount: csv.columnCount, delimiter: csv.delimiter))
        case .avro(let avro): kind = .avro(ConfluentAvroDecoder(avro, lookup: lookups(avro.connection)))
        case .protobuf(let protobuf):
            let lookup = protobuf.connection.flatMap(lookups) as? any ProtobufSchemaLookup
            kind = .protobuf(ConfluentProtobufDecoder(protobuf, lookup: lookup))
        }
    }

    func decode(_ buffer: ByteBuffer) throws(DecodeError) -> DecodedFields {
        switch kind {
        case .bytes:
            return .one(.blobBytes(buffer))
        case .text:
            // Validated in place; the bytes go to the store as they are, without a String in between.
            try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in try TextFormat.validate(raw) }
            return .one(.textBytes(buffer))
        case .json:
            return .one(
                .text(try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in try JSONFormat.decode(raw) }))
        case .csv(let decoder):
            let fields = try buffer.withUnsafeReadableBytes { raw throws(DecodeError) in try decoder.decode(raw) }
            return .many(fields.map(Datum.text))
        case .avro(let decoder):
            return try decoder.decode(buffer)
        case .protobuf(let decoder):
            return try decoder.decode(buffer)
        }
    }
}

/// The columns one key or value decoded into: TEXT, BYTES and JSON give one (kept without an array, since this
/// is made once per record), CSV and Avro several.
enum DecodedFields: Sendable {
    case none
    case one(Datum)
    case many([Datum])

    /// Column `index`, NULL past the end.
    subscript(index: Int) -> Datum {
        switch self {
        case .none: return .null
        case .one(let datum): return index == 0 ? datum : .null
        case .many(let fields): return index < fields.count ? fields[index] : .null
        }
    }
}
