/// One column of a decoded Avro record in the form a store keeps it: numbers as numbers and bytea as bytes,
/// everything else as its PostgreSQL text.
///
/// Cheaper than `[String?]` for a consumer that stores integers, floats and bytes natively, since they are not
/// printed only to be parsed again; `columnText` prints a cell as the text path would.
public enum AvroCell: Sendable, Hashable {
    case null
    case boolean(Bool)
    /// int or long (integer, bigint).
    case integer(Int64)
    /// float (real).
    case float(Float)
    /// double (double precision).
    case double(Double)
    /// bytes or fixed (bytea).
    case bytes([UInt8])
    /// Everything else: strings, enums, uuids, decimals, dates, times, timestamps, jsonb.
    case text(String)

    /// The column text `AvroRowDecoder.decode(_:)` gives for this cell (nil for NULL).
    public var columnText: String? {
        switch self {
        case .null: return nil
        case .boolean(let value): return value ? "t" : "f"
        case .integer(let value): return String(value)
        case .float(let value): return AvroText.fastFloatText(value)
        case .double(let value): return AvroText.fastFloatText(value)
        case .bytes(let bytes): return bytes.withUnsafeBytes(ByteaText.hex)
        case .text(let text): return text
        }
    }
}

extension AvroCell: AvroColumnOutput {
    static func integer(_ value: Int64, _ text: AvroIntegerText) throws(DecodeError) -> AvroCell {
        guard case .decimal = text else { return .text(try AvroText.integerText(value, text)) }
        return .integer(value)
    }

    static func bytea(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> AvroCell { .bytes(Array(bytes)) }

    static func defaults(of program: AvroRowProgram) -> [AvroCell] { program.defaultCells }

    static func value(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> AvroCell {
        switch (schema, value) {
        case (.union(let branches), .union(let branch, let inner)): return try self.value(inner, branches[branch])
        case (.boolean, .boolean(let flag)): return .boolean(flag)
        case (.int, .int(let number)): return .integer(Int64(number))
        case (.long, .long(let number)): return .integer(number)
        case (.float, .float(let number)): return .float(number)
        case (.double, .double(let number)): return .double(number)
        case (.bytes, .bytes(let bytes)), (.fixed, .fixed(let bytes)): return .bytes(bytes)
        default: return try AvroText.column(value, schema).map(AvroCell.text) ?? .null
        }
    }
}
