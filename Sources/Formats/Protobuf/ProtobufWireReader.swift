/// Protobuf's wire encoding over raw bytes: varints, fixed 32- and 64-bit little-endian words, length-delimited
/// ranges, and the skipping of unknown fields.
///
/// Every length is checked against the bytes left before it is used; errors name the byte (counted from the
/// first byte of the buffer, which is the record's) where the cut-short or malformed item starts.
struct ProtobufWireReader {
    let bytes: UnsafeRawBufferPointer
    var index: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        self.bytes = bytes
        index = start
        self.end = end
    }

    var isAtEnd: Bool { index >= end }

    @inline(__always)
    mutating func varint() throws(DecodeError) -> UInt64 {
        let start = index
        if index < end, bytes[index] < 0x80 {
            index += 1
            return UInt64(bytes[start])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < end else { throw Self.truncated("a varint", at: start) }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 70 else {
                throw DecodeError("malformed Protobuf: the varint at byte \(start) is longer than 10 bytes")
            }
        }
    }

    mutating func fixed32() throws(DecodeError) -> UInt32 {
        guard end - index >= 4 else { throw Self.truncated("a 4-byte fixed value", at: index) }
        let value = bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)
        index += 4
        return UInt32(littleEndian: value)
    }

    mutating func fixed64() throws(DecodeError) -> UInt64 {
        guard end - index >= 8 else { throw Self.truncated("an 8-byte fixed value", at: index) }
        let value = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index += 8
        return UInt64(littleEndian: value)
    }

    /// A length prefix and the range of bytes it covers, which must lie within the message.
    mutating func lengthDelimited() throws(DecodeError) -> Range<Int> {
        let start = index
        let length = try varint()
        guard length <= UInt64(end - index) else {
            throw DecodeError(
                "truncated Protobuf: the length-delimited field at byte \(start) needs \(length) bytes, "
                    + "\(end - index) are left")
        }
        let range = index..<(index + Int(length))
        index = range.upperBound
        return range
    }

    /// Skips an unknown field's value (or one whose wire type its declared type does not use, as Protobuf's own
    /// parsers do). Groups (wire types 3 and 4) and the undefined wire types 6 and 7 are errors.
    mutating func skip(wireType: UInt8, number: UInt64, at tag: Int) throws(DecodeError) {
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed64()
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed32()
        case 3, 4:
            throw DecodeError(
                "field \(number) at byte \(tag) is a group (wire type \(wireType)); groups are not supported")
        default:
            throw DecodeError(
                "malformed Protobuf: field \(number) at byte \(tag) has the invalid wire type \(wireType)")
        }
    }

    static func truncated(_ what: String, at offset: Int) -> DecodeError {
        DecodeError("truncated Protobuf: \(what) at byte \(offset) is cut short by the end of the message")
    }
}
