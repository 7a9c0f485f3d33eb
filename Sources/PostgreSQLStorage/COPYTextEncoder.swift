import NIOCore
import Storage

/// Writes rows in the text format of `COPY … FROM STDIN`: columns separated by tabs, rows ended by newlines,
/// `\N` for NULL, backslash escapes for backslash, tab, newline and carriage return, and bytea as `\\x` hex.
///
/// PostgreSQL parses every column from its text form, so jsonb, timestamps, numeric and ranges go in as the text
/// Inlet already holds; integers and reals are printed.
struct COPYTextEncoder {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends one row of `values`, optionally followed by `trailing` (the staging columns of an upsert).
    static func writeRow(
        _ values: Slice<UnsafeBufferPointer<Datum>>, trailing: [String] = [], into buffer: inout ByteBuffer
    ) {
        var first = true
        for index in values.indices {
            if !first { buffer.writeInteger(UInt8(ascii: "\t")) }
            first = false
            write(values.base[index], into: &buffer)
        }
        for text in trailing {
            if !first { buffer.writeInteger(UInt8(ascii: "\t")) }
            first = false
            buffer.writeString(text)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    static func write(_ value: Datum, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .integer(let number):
            buffer.writeString(String(number))
        case .real(let number):
            if number.isNaN {
                buffer.writeStaticString("NaN")
            } else if number.isInfinite {
                buffer.writeStaticString(number < 0 ? "-Infinity" : "Infinity")
            } else {
                buffer.writeString("\(number)")
            }
        case .text(var text):
            text.withUTF8 { writeEscaped(UnsafeRawBufferPointer($0), into: &buffer) }
        case .textBytes(let bytes):
            bytes.withUnsafeReadableBytes { writeEscaped($0, into: &buffer) }
        case .blob(let bytes):
            bytes.withUnsafeBytes { writeHex($0, into: &buffer) }
        case .blobBytes(let bytes):
            bytes.withUnsafeReadableBytes { writeHex($0, into: &buffer) }
        }
    }

    /// Text with COPY's escapes; runs without special bytes are copied in one write.
    static func writeEscaped(_ bytes: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        var start = 0
        for index in 0..<bytes.count {
            let escape: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            if index > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
            buffer.writeInteger(UInt8(ascii: "\\"))
            buffer.writeInteger(escape)
            start = index + 1
        }
        if bytes.count > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }

    /// bytea's hex form, `\x…`, with its backslash escaped for COPY.
    static func writeHex(_ bytes: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("\\\\x")
        buffer.reserveCapacity(minimumWritableBytes: bytes.count * 2)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[index * 2] = hexDigits[Int(byte >> 4)]
                out[index * 2 + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}
