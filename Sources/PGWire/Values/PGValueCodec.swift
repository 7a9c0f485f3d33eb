import NIOCore

/// Converts values between PostgreSQL's text representation (what `SQLSession` speaks) and the binary
/// representation of common types (what drivers may send and ask for).
///
/// Pure functions; a value that does not fit its type throws a `PGErrorFields` with SQLSTATE 22P02 or 22P03
/// naming the type, so the client sees a proper error instead of a broken connection.
public enum PGValueCodec {
    /// Reads a binary-format parameter value of type `oid` into text.
    public static func text(fromBinary value: ByteBuffer, type oid: Int32) throws -> String {
        var value = value
        func fixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard value.readableBytes == MemoryLayout<T>.size, let int = value.readInteger(as: T.self) else {
                throw binaryError(oid, "expected \(MemoryLayout<T>.size) bytes, got \(value.readableBytes)")
            }
            return int
        }
        switch oid {
        case PGTypeOID.bool: return try fixed(UInt8.self) != 0 ? "true" : "false"
        case PGTypeOID.int2: return String(try fixed(Int16.self))
        case PGTypeOID.int4: return String(try fixed(Int32.self))
        case PGTypeOID.int8: return String(try fixed(Int64.self))
        case PGTypeOID.oid: return String(try fixed(UInt32.self))
        case PGTypeOID.float4: return formatFloat(Double(Float(bitPattern: try fixed(UInt32.self))))
        case PGTypeOID.float8: return formatFloat(Double(bitPattern: try fixed(UInt64.self)))
        case PGTypeOID.bytea: return byteaText(value.readableBytesView)
        case PGTypeOID.timestamptz: return PGDateTime.timestampText(microseconds: try fixed(Int64.self), withZone: true)
        case PGTypeOID.timestamp: return PGDateTime.timestampText(microseconds: try fixed(Int64.self), withZone: false)
        case PGTypeOID.date: return PGDateTime.dateText(days: try fixed(Int32.self))
        case PGTypeOID.uuid:
            guard value.readableBytes == 16 else { throw binaryError(oid, "expected 16 bytes") }
            return uuidText(value.readableBytesView)
        case PGTypeOID.numeric: return try PGNumeric.text(fromBinary: &value)
        case PGTypeOID.jsonb:
            guard value.readInteger(as: UInt8.self) == 1 else { throw binaryError(oid, "unknown jsonb version") }
            return String(decoding: value.readableBytesView, as: UTF8.self)
        default:
            if PGTypeOID.isTextLike(oid) { return try utf8(value, oid) }
            if let element = PGTypeOID.element(ofArray: oid) { return try PGArray.text(fromBinary: &value, element) }
            throw PGErrorFields(
                sqlState: "0A000", message: "binary format for parameters of type OID \(oid) is not supported",
                hint: "send this parameter in text format")
        }
    }

    /// Writes a text-format result value of type `oid` in binary format.
    public static func binary(fromText text: String, type oid: Int32, allocator: ByteBufferAllocator = .init()) throws
        -> ByteBuffer
    {
        var out = allocator.buffer(capacity: 8)
        func integer<T: FixedWidthInteger>(_: T.Type) throws {
            guard let int = T(text.trimmingSpaces) else { throw textError(oid, text) }
            out.writeInteger(int)
        }
        switch oid {
        case PGTypeOID.bool:
            switch text.trimmingSpaces.lowercased() {
            case "t", "true", "yes", "on", "1", "y": out.writeInteger(UInt8(1))
            case "f", "false", "no", "off", "0", "n": out.writeInteger(UInt8(0))
            default: throw textError(oid, text)
            }
        case PGTypeOID.int2: try integer(Int16.self)
        case PGTypeOID.int4: try integer(Int32.self)
        case PGTypeOID.int8: try integer(Int64.self)
        case PGTypeOID.oid: try integer(UInt32.self)
        case PGTypeOID.float4:
            guard let double = parseFloat(text) else { throw textError(oid, text) }
            out.writeInteger(Float(double).bitPattern)
        case PGTypeOID.float8:
            guard let double = parseFloat(text) else { throw textError(oid, text) }
            out.writeInteger(double.bitPattern)
        case PGTypeOID.bytea:
            guard let bytes = byteaBytes(text) else { throw textError(oid, text) }
            out.writeBytes(bytes)
        case PGTypeOID.timestamptz, PGTypeOID.timestamp:
            guard let micros = PGDateTime.microseconds(fromTimestamp: text) else { throw textError(oid, text) }
            out.writeInteger(micros)
        case PGTypeOID.date:
            guard let days = PGDateTime.days(fromDate: text) else { throw textError(oid, text) }
            out.writeInteger(days)
        case PGTypeOID.uuid:
            guard let bytes = uuidBytes(text) else { throw textError(oid, text) }
            out.writeBytes(bytes)
        case PGTypeOID.numeric:
            guard PGNumeric.write(text: text, into: &out) else { throw textError(oid, text) }
        case PGTypeOID.jsonb:
            out.writeInteger(UInt8(1))
            out.writeString(text)
        default:
            if PGTypeOID.isTextLike(oid) {
                out.writeString(text)
            } else if let element = PGTypeOID.element(ofArray: oid) {
                guard try PGArray.write(text: text, element: element, into: &out) else { throw textError(oid, text) }
            } else {
                throw PGErrorFields(
                    sqlState: "0A000", message: "binary format for results of type OID \(oid) is not supported",
                    hint: "request this column in text format")
            }
        }
        return out
    }

    /// Whether `binary(fromText:type:)` knows the type.
    public static func supportsBinary(type oid: Int32) -> Bool {
        let known: Set<Int32> = [
            PGTypeOID.bool, PGTypeOID.int2, PGTypeOID.int4, PGTypeOID.int8, PGTypeOID.oid, PGTypeOID.float4,
            PGTypeOID.float8, PGTypeOID.bytea, PGTypeOID.timestamptz, PGTypeOID.timestamp, PGTypeOID.date,
            PGTypeOID.uuid, PGTypeOID.numeric, PGTypeOID.jsonb,
        ]
        return known.contains(oid) || PGTypeOID.isTextLike(oid) || PGTypeOID.element(ofArray: oid) != nil
    }

    /// Formats a double the way PostgreSQL 12+ does: shortest round-trip digits, no trailing `.0`.
    public static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func parseFloat(_ text: String) -> Double? {
        switch text.trimmingSpaces.lowercased() {
        case "nan": .nan
        case "infinity", "inf", "+infinity": .infinity
        case "-infinity", "-inf": -.infinity
        default: Double(text.trimmingSpaces)
        }
    }

    static func byteaText(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads bytea text in hex (`\x0a0b`) or escape format (`a\\b\001`).
    static func byteaBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        if utf8.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "x")]) {
            return hexBytes(utf8.dropFirst(2).filter { $0 != UInt8(ascii: " ") })
        }
        var out: [UInt8] = []
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                index += 1
            } else if index + 1 < utf8.count, utf8[index + 1] == UInt8(ascii: "\\") {
                out.append(byte)
                index += 2
            } else if index + 3 < utf8.count,
                let octal = UInt8(String(decoding: utf8[index + 1...index + 3], as: UTF8.self), radix: 8)
            {
                out.append(octal)
                index += 4
            } else {
                return nil
            }
        }
        return out
    }

    static func hexBytes(_ hex: some Collection<UInt8>) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    static func uuidText(_ bytes: some Collection<UInt8>) -> String {
        let hex = byteaText(bytes).dropFirst(2)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            hex.dropFirst(range.lowerBound).prefix(range.count)
        }
        return parts.joined(separator: "-")
    }

    static func uuidBytes(_ text: String) -> [UInt8]? {
        let hex = text.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "}") }
        guard hex.count == 32 else { return nil }
        return hexBytes(hex)
    }

    static func utf8(_ value: ByteBuffer, _ oid: Int32) throws -> String {
        guard let text = String(validatingUTF8: value.readableBytesView) else {
            throw PGErrorFields(sqlState: "22021", message: "parameter of type OID \(oid) is not valid UTF-8")
        }
        return text
    }

    static func binaryError(_ oid: Int32, _ why: String) -> PGErrorFields {
        PGErrorFields(
            sqlState: "22P03", message: "invalid binary value for a parameter of type OID \(oid): \(why)",
            hint: "check the parameter's declared type, or send it in text format")
    }

    static func textError(_ oid: Int32, _ text: String) -> PGErrorFields {
        PGErrorFields(
            sqlState: "22P02",
            message: "value '\(text.prefix(64))' cannot be sent in binary format as type OID \(oid)",
            hint: "request this column in text format")
    }
}

extension String {
    var trimmingSpaces: Substring {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return slice
    }

    init?(validatingUTF8 bytes: some Collection<UInt8>) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}
