/// Decodes Avro records straight into the PostgreSQL text of their relation's columns, following the resolved
/// plan from the bytes to each column with no `AvroValue` tree for scalar fields.
///
/// Built once per (writer, reader) pair, it gives what `AvroText.columns(AvroDecoder.decode(bytes), reader)`
/// gives, with the same errors, several times faster; nested records, arrays and maps still go through the
/// value and `AvroText`'s jsonb.
///
/// A class: a source reads every record of a writer with one decoder, and passing it around per record is then one
/// reference rather than a copy of both schemas and the program.
public final class AvroRowDecoder: Sendable {
    public let writer: AvroSchema
    public let reader: AvroSchema
    private let layout: Layout

    private enum Layout: Sendable {
        /// A reader's record read from a writer's record: the fields are the columns.
        case record(AvroRowProgram)
        /// A reader type other than a record: one column.
        case single(AvroColumnPlan, AvroColumnTables)
        /// A writer's union into a reader's record, whose columns depend on the branch: the tree path.
        case tree(AvroDecoder)
    }

    /// A decoder of records written with the same schema they are read with.
    public convenience init(schema: AvroSchema) {
        // A schema always resolves against itself.
        try! self.init(writer: schema, reader: schema)
    }

    /// A decoder of records written with `writer` into the columns of `reader`, by Avro's schema resolution
    /// rules; an incompatible pair is the error `AvroDecoder(writer:reader:)` throws.
    public init(writer: AvroSchema, reader: AvroSchema) throws(DecodeError) {
        self.writer = writer
        self.reader = reader
        let tree = try AvroDecoder(writer: writer, reader: reader)
        switch (reader, tree.plan) {
        case (.record(let record), .record(let steps, let defaults)):
            layout = .record(AvroRowProgram(record, steps: steps, defaults: defaults))
        case (.record, _):
            layout = .tree(tree)
        default:
            var tables = AvroColumnTables()
            let plan = tables.compile(tree.plan, reader)
            layout = .single(plan, tables)
        }
    }

    /// The number of columns a record decodes into.
    public var columnCount: Int {
        guard case .record(let record) = reader else { return 1 }
        return record.fields.count
    }

    /// Decodes one record, which must take all of `bytes`, into its columns' texts (nil for NULL).
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> [String?] {
        try decode(bytes, as: String?.self)
    }

    /// Decodes one record, which must take all of `bytes`, into typed cells: what `decode(_:)` gives, with
    /// integers, floats, booleans and bytes not printed (`AvroCell.columnText` prints them the same way).
    public func decodeCells(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> [AvroCell] {
        try decode(bytes, as: AvroCell.self)
    }

    /// Decodes one record, which must take all of `bytes`, into `sink`, column by column in the reader's order:
    /// the cells `decodeCells(_:)` gives, with the strings and bytes that a column keeps as they are passed as their
    /// place in `bytes` (`AvroSinkCell.cell(in:)` makes them the same cells), and the same errors.
    ///
    /// When it throws, `sink` may have received some of the record's columns; the caller drops them.
    public func decode<Sink: AvroRowSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout Sink) throws(DecodeError) {
        guard case .record(let program) = layout else {
            for column in try decode(bytes, as: AvroSinkCell.self) { sink.append(column) }
            return
        }
        var input = AvroReader(bytes)
        let failure = try program.read(&input, into: &sink)
        try input.expectEnd()
        if let failure { throw failure }
    }

    private func decode<Output: AvroColumnOutput>(_ bytes: UnsafeRawBufferPointer, as: Output.Type)
        throws(DecodeError) -> [Output]
    {
        switch layout {
        case .record(let program):
            return try program.decode(bytes, defaults: Output.defaults(of: program))
        case .single(let plan, let tables):
            var input = AvroReader(bytes)
            var failure: DecodeError?
            let column: Output = try input.column(plan, tables, failure: &failure)
            try input.expectEnd()
            if let failure { throw failure }
            return [column]
        case .tree(let tree):
            return try Self.columns(try tree.decode(bytes), reader)
        }
    }

    /// `AvroText.columns` for either output.
    private static func columns<Output: AvroColumnOutput>(_ value: AvroValue, _ schema: AvroSchema)
        throws(DecodeError) -> [Output]
    {
        guard case .record(let record) = schema, case .record(let values) = value else {
            return [try .value(value, schema)]
        }
        var columns: [Output] = []
        columns.reserveCapacity(values.count)
        for (field, fieldValue) in zip(record.fields, values) {
            do throws(DecodeError) {
                columns.append(try .value(fieldValue, field.type))
            } catch {
                throw DecodeError("column \(field.name): \(error.reason)")
            }
        }
        return columns
    }
}

extension AvroReader {
    /// A record must take all of its bytes.
    func expectEnd() throws(DecodeError) {
        guard remaining == 0 else {
            throw DecodeError("invalid Avro record: \(remaining) bytes left over after the value, at byte \(index)")
        }
    }
}
