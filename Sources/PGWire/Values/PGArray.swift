import NIOCore

/// One-dimensional PostgreSQL arrays (`{a,"b c",NULL}`) in text and binary form.
enum PGArray {
    /// Parses array text into elements; nil elements are NULL.
    static func elements(fromText text: String) -> [String?]? {
        let chars = Array(text.trimmingSpaces)
        guard chars.first == "{", chars.last == "}" else { return nil }
        var elements: [String?] = []
        var index = 1
        let end = chars.count - 1
        if index == end { return [] }
        while index <= end {
            var element = ""
            var quoted = false
            if chars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, chars[index] != "\"" {
                    if chars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    element.append(chars[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
            } else {
                while index < end, chars[index] != "," {
                    if chars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    element.append(chars[index])
                    index += 1
                }
                element = String(element.trimmingSpaces)
            }
            elements.append(!quoted && element.uppercased() == "NULL" ? nil : element)
            guard index == end || chars[index] == "," else { return nil }
            index += 1
        }
        return elements
    }

    /// Formats elements as array text, quoting where PostgreSQL would.
    static func text(fromElements elements: [String?]) -> String {
        let parts = elements.map { element -> String in
            guard let element else { return "NULL" }
            let needsQuotes =
                element.isEmpty || element.uppercased() == "NULL"
                || element.contains(where: { " ,{}\"\\\t\n".contains($0) })
            guard needsQuotes else { return element }
            let escaped = element.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func write(text: String, element: Int32, into out: inout ByteBuffer) throws -> Bool {
        guard let elements = elements(fromText: text) else { return false }
        out.writeInteger(Int32(elements.isEmpty ? 0 : 1))
        out.writeInteger(Int32(elements.contains(where: { $0 == nil }) ? 1 : 0))
        out.writeInteger(element)
        guard !elements.isEmpty else { return true }
        out.writeInteger(Int32(elements.count))
        out.writeInteger(Int32(1))
        for value in elements {
            guard let value else {
                out.writeInteger(Int32(-1))
                continue
            }
            var encoded = try PGValueCodec.binary(fromText: value, type: element)
            out.writeInteger(Int32(encoded.readableBytes))
            out.writeBuffer(&encoded)
        }
        return true
    }

    static func text(fromBinary buffer: inout ByteBuffer, _ element: Int32) throws -> String {
        guard let (dimensions, _, elementType) = buffer.readMultipleIntegers(as: (Int32, Int32, Int32).self) else {
            throw PGValueCodec.binaryError(element, "short array header")
        }
        if dimensions == 0 { return "{}" }
        guard dimensions == 1, let (count, _) = buffer.readMultipleIntegers(as: (Int32, Int32).self), count >= 0 else {
            throw PGValueCodec.binaryError(element, "only one-dimensional arrays are supported")
        }
        var elements: [String?] = []
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self) else {
                throw PGValueCodec.binaryError(element, "short array element")
            }
            if length < 0 {
                elements.append(nil)
                continue
            }
            guard let value = buffer.readSlice(length: Int(length)) else {
                throw PGValueCodec.binaryError(element, "array element longer than the value")
            }
            elements.append(try PGValueCodec.text(fromBinary: value, type: elementType))
        }
        return text(fromElements: elements)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
