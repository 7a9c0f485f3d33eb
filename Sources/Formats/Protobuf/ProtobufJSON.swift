/// jsonb's text for nested Protobuf values, as PostgreSQL's `to_jsonb` would print them: a message is an object of
/// every field by its `.proto` name (absent fields as their default, or null with presence, `[]` / `{}` when
/// repeated), a repeated field an array, a map an object keyed by the key's text; 64-bit integers are numbers,
/// enums their value's name, bytes `"\\x…"`, timestamps `"2024-03-01T12:30:05.123+00:00"`, non-finite floats
/// `"NaN"` / `"Infinity"`. Object keys are sorted by length and then bytewise, as jsonb stores them.
enum ProtobufJSON {
    static func append(
        _ value: ProtobufValue, _ field: ProtobufField, repeated: Bool, _ program: ProtobufProgram,
        to text: inout String
    ) throws(DecodeError) {
        if repeated, case .list(let elements) = value {
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += ", " }
                try append(element, field, repeated: false, program, to: &text)
            }
            text += "]"
            return
        }
        switch (field.kind, value) {
        case (.map(let entry), .map(let entries)):
            let fields = program.layouts[entry].fields
            var members: [String: String] = [:]
            for pair in entries {
                let key: String
                switch pair.key {
                case .string(let string): key = string
                case .int(let number): key = String(number)
                case .uint(let number): key = String(number)
                case .bool(let flag): key = flag ? "true" : "false"
                default: key = ""
                }
                var member = ""
                try append(pair.value, fields[1], repeated: false, program, to: &member)
                members[key] = member
            }
            JSONFormat.appendObject(members.map { ($0.key, $0.value) }, to: &text)
        case (.message(let layout), .message(let values)):
            let fields = program.layouts[layout].fields
            var members: [(String, String)] = []
            for (index, member) in fields.enumerated() {
                var memberText = ""
                let memberValue = index < values.count ? values[index] : nil
                if let memberValue {
                    try append(memberValue, member, repeated: member.repeated, program, to: &memberText)
                } else if member.repeated {
                    if case .map = member.kind { memberText = "{}" } else { memberText = "[]" }
                } else if member.hasPresence {
                    memberText = "null"
                } else {
                    try append(member.defaultValue, member, repeated: false, program, to: &memberText)
                }
                members.append((member.name, memberText))
            }
            JSONFormat.appendObject(members, to: &text)
        case (.timestamp, .timestamp(let microseconds)):
            let plain = try AvroText.fastTimestampText(microseconds: microseconds, .timestampMicros)
            text += "\"" + plain.replacingFirstSpace() + "+00:00\""
        case (.timestamp, .message):
            text += "\"1970-01-01T00:00:00+00:00\""
        case (.enumeration(let table), .enumeration(let number)):
            text += JSONFormat.quoted(table.text(number))
        case (_, .int(let number)): text += String(number)
        case (_, .uint(let number)): text += String(number)
        case (_, .bool(let flag)): text += flag ? "true" : "false"
        case (_, .float(let number)) where number.isFinite: text += AvroText.floatText(number, positional: true)
        case (_, .double(let number)) where number.isFinite: text += AvroText.floatText(number, positional: true)
        case (_, .float(let number)): text += JSONFormat.quoted(AvroText.floatText(number))
        case (_, .double(let number)): text += JSONFormat.quoted(AvroText.floatText(number))
        case (_, .string(let string)): text += JSONFormat.quoted(string)
        case (_, .bytes(let bytes)): text += JSONFormat.quoted(bytes.withUnsafeBytes(ByteaText.hex))
        default: text += "null"
        }
    }

}

extension String {
    /// `2024-03-01 12:30:05` → `2024-03-01T12:30:05`, jsonb's form of a timestamp.
    fileprivate func replacingFirstSpace() -> String {
        guard let space = firstIndex(of: " ") else { return self }
        var copy = self
        copy.replaceSubrange(space...space, with: "T")
        return copy
    }
}
