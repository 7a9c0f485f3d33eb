/// PostgreSQL's text for Avro values in relation columns: what a client would read from PostgreSQL for the
/// column type each Avro type maps to.
///
/// The mapping: boolean → boolean, int → integer, long → bigint, float → real, double → double precision,
/// string → text, bytes and fixed → bytea, enum → text, decimal → numeric, uuid → uuid, date → date,
/// time-millis/micros → time, timestamp-millis/micros and local-timestamp-millis/micros → timestamp (UTC),
/// records, arrays and maps → jsonb, `["null", T]` → T, nullable. The date and time arithmetic mirrors
/// PGWire's `PGDateTime` (Formats cannot import PGWire); the two belong together in one place eventually.
public enum AvroText {
    /// The columns of a relation over the reader's `schema`: a record's fields, each by `column`, or one column
    /// for any other type.
    public static func columns(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> [String?] {
        guard case .record(let record) = schema, case .record(let values) = value else {
            return [try column(value, schema)]
        }
        var texts: [String?] = []
        texts.reserveCapacity(values.count)
        for (field, fieldValue) in zip(record.fields, values) {
            do throws(DecodeError) {
                texts.append(try column(fieldValue, field.type))
            } catch {
                throw DecodeError("column \(field.name): \(error.reason)")
            }
        }
        return texts
    }

    /// The column text for `value` of the reader's `schema`, or nil for SQL NULL; a union other than
    /// `["null", T]` is printed as the text of the branch the value is in.
    public static func column(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> String? {
        switch (schema, value) {
        case (_, .null): return nil
        case (.union(let branches), .union(let branch, let inner)):
            return try column(inner, branches[branch])
        case (.record, _), (.array, _), (.map, _): return try jsonb(value, schema)
        default: return try scalar(value, schema, json: false)
        }
    }

    /// jsonb's text for `value`: objects with keys sorted by length and then bytewise, `", "` and `": "`, as
    /// PostgreSQL's `to_jsonb` prints the corresponding column values.
    public static func jsonb(_ value: AvroValue, _ schema: AvroSchema) throws(DecodeError) -> String {
        var text = ""
        try appendJSON(value, schema, to: &text)
        return text
    }

    private static func appendJSON(_ value: AvroValue, _ schema: AvroSchema, to text: inout String)
        throws(DecodeError)
    {
        switch (schema, value) {
        case (_, .null): text += "null"
        case (.union(let branches), .union(let branch, let inner)):
            try appendJSON(inner, branches[branch], to: &text)
        case (.record(let record), .record(let values)):
            var members: [(String, String)] = []
            for (field, fieldValue) in zip(record.fields, values) {
                members.append((field.name, try jsonb(fieldValue, field.type)))
            }
            JSONFormat.appendObject(members, to: &text)
        case (.map(let valueSchema), .map(let entries)):
            var members: [String: String] = [:]
            for entry in entries {
                guard !entry.key.utf8.contains(0) else { throw nul(entry.key) }
                members[entry.key] = try jsonb(entry.value, valueSchema)
            }
            JSONFormat.appendObject(members.map { ($0.key, $0.value) }, to: &text)
        case (.array(let items), .array(let elements)):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += ", " }
                try appendJSON(element, items, to: &text)
            }
            text += "]"
        case (.boolean, .boolean(let flag)): text += flag ? "true" : "false"
        case (.int, .int(let number)): text += String(number)
        case (.long, .long(let number)): text += String(number)
        case (.float, .float(let number)) where number.isFinite: text += floatText(number, positional: true)
        case (.double, .double(let number)) where number.isFinite: text += floatText(number, positional: true)
        case (.decimal, _): text += try scalar(value, schema, json: true)
        default: text += JSONFormat.quoted(try scalar(value, schema, json: true))
        }
    }

    static func nul(_ text: String) -> DecodeError {
        DecodeError("the string \(JSONFormat.quoted(text)) contains U+0000, which PostgreSQL text cannot hold")
    }

    /// uuid's text: 32 hex digits (in the 8-4-4-4-12 groups or without hyphens) printed lower-case with hyphens.
    static func uuidText(_ text: String) throws(DecodeError) -> String {
        let utf8 = Array(text.utf8)
        let hyphens = utf8.count == 36 ? [8, 13, 18, 23] : []
        var digits: [UInt8] = []
        for (index, byte) in utf8.enumerated() {
            if hyphens.contains(index) {
                guard byte == UInt8(ascii: "-") else { break }
                continue
            }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): digits.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digits.append(byte + 0x20)
            default: break
            }
        }
        guard digits.count == 32 && utf8.count == 32 + hyphens.count else {
            throw DecodeError("the uuid \(JSONFormat.quoted(text)) is not 32 hex digits in the 8-4-4-4-12 form")
        }
        for position in [20, 16, 12, 8] {
            digits.insert(UInt8(ascii: "-"), at: position)
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The text of a scalar; in JSON (`to_jsonb`), timestamps have a `T` between the date and the time.
    private static func scalar(_ value: AvroValue, _ schema: AvroSchema, json: Bool) throws(DecodeError) -> String {
        switch (schema, value) {
        case (.boolean, .boolean(let flag)): return flag ? "t" : "f"
        case (.int, .int(let number)): return String(number)
        case (.long, .long(let number)): return String(number)
        case (.float, .float(let number)): return floatText(number)
        case (.double, .double(let number)): return floatText(number)
        case (.string, .string(let text)):
            guard !text.utf8.contains(0) else { throw nul(text) }
            return text
        case (.uuid, .string(let text)): return try uuidText(text)
        case (.bytes, .bytes(let bytes)), (.fixed, .fixed(let bytes)): return bytes.withUnsafeBytes(ByteaText.hex)
        case (.enumeration(let enumeration), .enumeration(let index)): return enumeration.symbols[index]
        case (.decimal(let decimal), .bytes(let bytes)), (.decimal(let decimal), .fixed(let bytes)):
            return try decimalText(bytes, decimal)
        case (.date, .int(let days)): return try dateText(days: Int64(days))
        case (.timeMillis, .int(let milliseconds)): return try timeText(microseconds: Int64(milliseconds) * 1000)
        case (.timeMicros, .long(let microseconds)): return try timeText(microseconds: microseconds)
        case (.timestampMillis, .long(let milliseconds)), (.localTimestampMillis, .long(let milliseconds)):
            let (microseconds, overflow) = milliseconds.multipliedReportingOverflow(by: 1000)
            guard !overflow else { throw outOfRange(schema, milliseconds) }
            return try timestampText(microseconds: microseconds, schema, separator: json ? "T" : " ")
        case (.timestampMicros, .long(let microseconds)), (.localTimestampMicros, .long(let microseconds)):
            return try timestampText(microseconds: microseconds, schema, separator: json ? "T" : " ")
        case (.union(let branches), .union(let branch, let inner)):
            return try scalar(inner, branches[branch], json: json)
        default:
            throw DecodeError("an Avro value does not have the reader's type \(schema.typeName)")
        }
    }
}
