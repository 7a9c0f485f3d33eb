/// Receives a record's columns one by one, in the reader's order, as `AvroRowDecoder.decode(_:into:)` reads them.
///
/// A consumer that keeps rows in storage of its own (a batch's flat value array) implements it, so that a record
/// becomes a row with no array of columns in between and no copy of the strings and bytes it keeps as they are.
public protocol AvroRowSink {
    /// The next column of the record being decoded.
    mutating func append(_ column: AvroSinkCell)
}

/// One column as an `AvroRowSink` receives it: an `AvroCell`, or a string or bytes value that is still in the
/// record's bytes, by its place in them.
///
/// A string the column keeps as it is (valid UTF-8 without NUL) and bytea are not copied out of the record; a
/// consumer that holds the record's buffer keeps a slice of it instead.
public enum AvroSinkCell: Sendable, Hashable {
    case cell(AvroCell)
    /// Text: the bytes at this range of the record are valid UTF-8 without NUL.
    case textRange(Range<Int>)
    /// bytea: the bytes at this range of the record.
    case bytesRange(Range<Int>)

    /// The cell `AvroRowDecoder.decodeCells(_:)` gives for this column of `record` (the bytes decoded).
    public func cell(in record: UnsafeRawBufferPointer) -> AvroCell {
        switch self {
        case .cell(let cell): return cell
        case .textRange(let range):
            return .text(String(decoding: UnsafeRawBufferPointer(rebasing: record[range]), as: UTF8.self))
        case .bytesRange(let range): return .bytes(Array(record[range]))
        }
    }
}

extension AvroSinkCell: AvroColumnOutput {
    static var null: AvroSinkCell { .cell(.null) }

    static func boolean(_ value: Bool) -> AvroSinkCell { .cell(.boolean(value)) }

    static func integer(_ value: Int64, _ text: AvroIntegerText) throws(DecodeError) -> AvroSinkCell {
        .cell(try .integer(value, text))
    }

    static func float(_ value: Float) -> AvroSinkCell { .cell(.float(value)) }

    static func double(_ value: Double) -> AvroSinkCell { .cell(.double(value)) }

    static func text(_ text: String) -> AvroSinkCell { .cell(.text(text)) }

    static func utf8(_ text: UnsafeRawBufferPointer, at range: Range<Int>) -> AvroSinkCell { .textRange(range) }

    static func bytea(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> AvroSinkCell { .bytesRange(range) }

    static func value(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> AvroSinkCell {
        .cell(try .value(value, schema))
    }

    static func defaults(of program: AvroRowProgram) -> [AvroSinkCell] { program.defaultSinkCells }
}
