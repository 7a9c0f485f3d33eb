/// The reading steps of a reader's record, with every defaulted field's column made in advance.
///
/// A class, so that a decoder's copy of it per record is one reference rather than one per array.
final class AvroRowProgram: Sendable {
    enum Step: Sendable {
        case column(field: Int, AvroColumnPlan)
        /// The writer field `tables.skips[index]`, which the reader does not keep.
        case skip(Int)
    }

    let steps: [Step]
    let tables: AvroColumnTables
    let names: [String]
    /// Each column before the record is read: the defaults, NULL for the fields the writer has.
    let defaultTexts: [String?]
    let defaultCells: [AvroCell]
    let defaultSinkCells: [AvroSinkCell]
    /// Whether the writer has every reader field, in the reader's order and nothing else, so the columns can be
    /// appended as they are read.
    let inOrder: Bool
    /// The first defaulted field (in the reader's order) whose default has no text, and why.
    let defaultFailure: DecodeError?
    let defaultFailureField: Int

    init(_ record: AvroRecord, steps: [AvroFieldStep], defaults values: [AvroValue]) {
        var read = [Bool](repeating: false, count: record.fields.count)
        var tables = AvroColumnTables()
        self.steps = steps.map { step in
            switch step {
            case .read(let field, let plan):
                read[field] = true
                return .column(field: field, tables.compile(plan, record.fields[field].type))
            case .skip(let schema):
                tables.skips.append(schema)
                return .skip(tables.skips.count - 1)
            }
        }
        self.tables = tables
        names = record.fields.map(\.name)
        inOrder =
            self.steps.count == record.fields.count
            && self.steps.enumerated().allSatisfy { index, step in
                if case .column(let field, _) = step { field == index } else { false }
            }
        let texts: ([String?], DecodeError?, Int) = Self.defaults(record, values, read)
        let cells: ([AvroCell], DecodeError?, Int) = Self.defaults(record, values, read)
        (defaultTexts, defaultFailure, defaultFailureField) = texts
        defaultCells = cells.0
        defaultSinkCells = defaultCells.map(AvroSinkCell.cell)
    }

    /// The defaulted fields' columns, and the first that has no text.
    private static func defaults<Output: AvroColumnOutput>(_ record: AvroRecord, _ values: [AvroValue], _ read: [Bool])
        -> ([Output], DecodeError?, Int)
    {
        var defaults = [Output](repeating: .null, count: record.fields.count)
        var failure: DecodeError?
        var failureField = record.fields.count
        for (field, value) in values.enumerated() where !read[field] {
            do throws(DecodeError) {
                defaults[field] = try .value(value, record.fields[field].type)
            } catch {
                if failure == nil {
                    failure = error
                    failureField = field
                }
            }
        }
        return (defaults, failure, failureField)
    }

    func decode<Output: AvroColumnOutput>(_ bytes: UnsafeRawBufferPointer, defaults: [Output]) throws(DecodeError)
        -> [Output]
    {
        var input = AvroReader(bytes)
        let (columns, failure) = try read(&input, defaults: defaults)
        try input.expectEnd()
        if let failure { throw failure }
        return columns
    }

    /// Reads one record from `input`, leaving it after the record's last byte, so that a record nested in another
    /// (the `after` row of a Debezium envelope) is read in place.
    ///
    /// Malformed bytes throw; a column without PostgreSQL text is returned as the failure (naming the column), to
    /// be thrown once the enclosing bytes have read, as the tree path orders its errors.
    func read<Output: AvroColumnOutput>(_ input: inout AvroReader, defaults: [Output]) throws(DecodeError)
        -> ([Output], DecodeError?)
    {
        if inOrder {
            var columns: [Output] = []
            columns.reserveCapacity(steps.count)
            let failure = try readInOrder(&input) { columns.append($0) }
            return (columns, failure)
        }
        var columns = defaults
        var failure = defaultFailure
        var failureField = defaultFailureField
        for step in steps {
            switch step {
            case .column(let field, let plan):
                var columnFailure: DecodeError?
                columns[field] = try input.column(plan, tables, failure: &columnFailure)
                if let columnFailure, field < failureField {
                    failure = columnFailure
                    failureField = field
                }
            case .skip(let index):
                try input.skip(tables.skips[index])
            }
        }
        return (columns, failure.map { DecodeError("column \(names[failureField]): \($0.reason)") })
    }

    /// `read` into `sink`: a writer with the reader's fields in the reader's order appends each column as it is
    /// read; any other goes through the columns with their defaults. Returns the failure `read` returns.
    func read<Sink: AvroRowSink>(_ input: inout AvroReader, into sink: inout Sink) throws(DecodeError)
        -> DecodeError?
    {
        if inOrder { return try readInOrder(&input) { (column: AvroSinkCell) in sink.append(column) } }
        let (columns, failure) = try read(&input, defaults: defaultSinkCells)
        for column in columns { sink.append(column) }
        return failure
    }

    /// `read` for a writer with the reader's fields in the reader's order: each column goes to `append` as it is
    /// read.
    private func readInOrder<Output: AvroColumnOutput>(_ input: inout AvroReader, _ append: (Output) -> Void)
        throws(DecodeError) -> DecodeError?
    {
        var failure: DecodeError?
        var failureField = 0
        for step in steps {
            guard case .column(let field, let plan) = step else { continue }
            var columnFailure: DecodeError?
            append(try input.column(plan, tables, failure: &columnFailure))
            if let columnFailure, failure == nil {
                failure = columnFailure
                failureField = field
            }
        }
        return failure.map { DecodeError("column \(names[failureField]): \($0.reason)") }
    }
}
