/// What a column's value becomes as `AvroRowDecoder` reads it: PostgreSQL text (`String?`, nil for NULL), a
/// typed `AvroCell`, or an `AvroSinkCell` that leaves strings and bytes in the record's bytes.
///
/// The reading (lengths, unions, promotions, errors) is the same for both; only the last step differs.
protocol AvroColumnOutput {
    static var null: Self { get }
    static func boolean(_ value: Bool) -> Self
    /// An int or long by the reader's type (a number, a date, a time or a timestamp).
    static func integer(_ value: Int64, _ text: AvroIntegerText) throws(DecodeError) -> Self
    static func float(_ value: Float) -> Self
    static func double(_ value: Double) -> Self
    /// Text that is already the column's: a string, a uuid, an enum symbol, a decimal.
    static func text(_ text: String) -> Self
    /// A string column's text that needs no change: `text` is valid UTF-8 without NUL, at `range` of the record.
    static func utf8(_ text: UnsafeRawBufferPointer, at range: Range<Int>) -> Self
    /// A bytea value, at `range` of the record.
    static func bytea(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> Self
    /// A value read by the tree path (jsonb, and any combination the direct path does not know).
    static func value(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> Self
    /// A record program's columns before a record is read: its defaults in this output.
    static func defaults(of program: AvroRowProgram) -> [Self]
}

extension AvroColumnOutput {
    static func utf8(_ text: UnsafeRawBufferPointer, at range: Range<Int>) -> Self {
        .text(String(decoding: text, as: UTF8.self))
    }
}

extension Optional: AvroColumnOutput where Wrapped == String {
    static var null: String? { nil }

    static func boolean(_ value: Bool) -> String? { value ? "t" : "f" }

    static func integer(_ value: Int64, _ text: AvroIntegerText) throws(DecodeError) -> String? {
        try AvroText.integerText(value, text)
    }

    static func float(_ value: Float) -> String? { AvroText.fastFloatText(value) }

    static func double(_ value: Double) -> String? { AvroText.fastFloatText(value) }

    static func text(_ text: String) -> String? { text }

    static func bytea(_ bytes: UnsafeRawBufferPointer, at range: Range<Int>) -> String? { ByteaText.hex(bytes) }

    static func value(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> String? {
        try AvroText.column(value, schema)
    }

    static func defaults(of program: AvroRowProgram) -> [String?] { program.defaultTexts }
}

extension AvroText {
    /// The text of an int or long column by the reader's type.
    static func integerText(_ value: Int64, _ text: AvroIntegerText) throws(DecodeError) -> String {
        switch text {
        case .decimal: return String(value)
        case .date: return try fastDateText(days: value)
        case .timeMillis: return try fastTimeText(microseconds: value * 1000)
        case .timeMicros: return try fastTimeText(microseconds: value)
        case .timestampMillis(let local):
            return try fastTimestampText(milliseconds: value, local ? .localTimestampMillis : .timestampMillis)
        case .timestampMicros(let local):
            return try fastTimestampText(microseconds: value, local ? .localTimestampMicros : .timestampMicros)
        }
    }
}
