/// Decodes Avro records straight into the PostgreSQL text of their relation's columns, following the resolved
/// plan from the bytes to each column with no `AvroValue` tree for scalar fields.
///
/// Built once per (writer, reader) pair, it gives what `AvroText.columns(AvroDecoder.decode(bytes), reader)`
/// gives, with the same errors, several times faster; nested records, arrays and maps still go through the
/// value and `AvroText`'s jsonb.
public struct AvroRowDecoder: Sendable {
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
    public init(schema: AvroSchema) {
        // A schema always resolves against itself.
        self = try! AvroRowDecoder(writer: schema, reader: schema)
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
        switch layout {
        case .record(let program):
            return try program.decode(bytes)
        case .single(let plan, let tables):
            var input = AvroReader(bytes)
            var failure: DecodeError?
            let text = try input.column(plan, tables, failure: &failure)
            try input.expectEnd()
            if let failure { throw failure }
            return [text]
        case .tree(let tree):
            return try AvroText.columns(try tree.decode(bytes), reader)
        }
    }
}

/// The reading steps of a reader's record, with the text of every defaulted field rendered in advance.
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
    /// Each column's text before the record is read: the defaults' texts, nil for the fields the writer has.
    let defaults: [String?]
    /// Whether the writer has every reader field, in the reader's order and nothing else, so the texts can be
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
        var defaults = [String?](repeating: nil, count: record.fields.count)
        var defaultFailure: DecodeError?
        var defaultFailureField = record.fields.count
        for (field, value) in values.enumerated() where !read[field] {
            do throws(DecodeError) {
                defaults[field] = try AvroText.column(value, record.fields[field].type)
            } catch {
                if defaultFailure == nil {
                    defaultFailure = error
                    defaultFailureField = field
                }
            }
        }
        self.defaults = defaults
        inOrder =
            self.steps.count == record.fields.count
            && self.steps.enumerated().allSatisfy { index, step in
                if case .column(let field, _) = step { field == index } else { false }
            }
        self.defaultFailure = defaultFailure
        self.defaultFailureField = defaultFailureField
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> [String?] {
        if inOrder { return try decodeInOrder(bytes) }
        var input = AvroReader(bytes)
        var texts = defaults
        var failure = defaultFailure
        var failureField = defaultFailureField
        for step in steps {
            switch step {
            case .column(let field, let plan):
                var columnFailure: DecodeError?
                texts[field] = try input.column(plan, tables, failure: &columnFailure)
                if let columnFailure, field < failureField {
                    failure = columnFailure
                    failureField = field
                }
            case .skip(let index):
                try input.skip(tables.skips[index])
            }
        }
        try input.expectEnd()
        if let failure {
            throw DecodeError("column \(names[failureField]): \(failure.reason)")
        }
        return texts
    }

    /// `decode` for a writer with the reader's fields in the reader's order.
    private func decodeInOrder(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> [String?] {
        var input = AvroReader(bytes)
        var texts: [String?] = []
        texts.reserveCapacity(steps.count)
        var failure: DecodeError?
        var failureField = 0
        for step in steps {
            guard case .column(let field, let plan) = step else { continue }
            var columnFailure: DecodeError?
            texts.append(try input.column(plan, tables, failure: &columnFailure))
            if let columnFailure, failure == nil {
                failure = columnFailure
                failureField = field
            }
        }
        try input.expectEnd()
        if let failure {
            throw DecodeError("column \(names[failureField]): \(failure.reason)")
        }
        return texts
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
