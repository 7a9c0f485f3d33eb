extension ProtobufRowDecoder {
    /// One element of a scalar type, read with that type's wire encoding.
    @inline(__always)
    static func element(_ scalar: ProtobufScalar, _ reader: inout ProtobufWireReader) throws(DecodeError)
        -> ProtobufValue
    {
        switch scalar {
        case .int32: return .int(Int64(Int32(truncatingIfNeeded: try reader.varint())))
        case .int64: return .int(Int64(bitPattern: try reader.varint()))
        case .uint32: return .uint(UInt64(UInt32(truncatingIfNeeded: try reader.varint())))
        case .uint64: return .uint(try reader.varint())
        case .sint32:
            let raw = UInt32(truncatingIfNeeded: try reader.varint())
            return .int(Int64(Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))))
        case .sint64:
            let raw = try reader.varint()
            return .int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        case .bool: return .bool(try reader.varint() != 0)
        case .fixed32: return .uint(UInt64(try reader.fixed32()))
        case .sfixed32: return .int(Int64(Int32(bitPattern: try reader.fixed32())))
        case .float: return .float(Float(bitPattern: try reader.fixed32()))
        case .fixed64: return .uint(try reader.fixed64())
        case .sfixed64: return .int(Int64(bitPattern: try reader.fixed64()))
        case .double: return .double(Double(bitPattern: try reader.fixed64()))
        case .string:
            let range = try reader.lengthDelimited()
            try TextValidation.validate(reader.bytes, from: range.lowerBound, to: range.upperBound)
            return .string(String(decoding: UnsafeRawBufferPointer(rebasing: reader.bytes[range]), as: UTF8.self))
        case .bytes:
            let range = try reader.lengthDelimited()
            return .bytes(Array(reader.bytes[range]))
        }
    }

    /// `google.protobuf.Timestamp` (`seconds` 1, `nanos` 2) as microseconds, within the years 1 to 9999 that the
    /// type allows; nanoseconds are truncated to microseconds.
    static func timestamp(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(DecodeError) -> ProtobufValue {
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        var reader = ProtobufWireReader(bytes, from: range.lowerBound, to: range.upperBound)
        while !reader.isAtEnd {
            let tagStart = reader.index
            let tag = try reader.varint()
            switch (tag >> 3, tag & 7) {
            case (1, 0): seconds = Int64(bitPattern: try reader.varint())
            case (2, 0): nanos = Int64(Int32(truncatingIfNeeded: try reader.varint()))
            default: try reader.skip(wireType: UInt8(tag & 7), number: tag >> 3, at: tagStart)
            }
        }
        guard (-62_135_596_800...253_402_300_799).contains(seconds), (0...999_999_999).contains(nanos) else {
            throw DecodeError(
                "the google.protobuf.Timestamp {seconds: \(seconds), nanos: \(nanos)} is outside 0001-01-01 to "
                    + "9999-12-31 or has nanos outside 0 to 999999999")
        }
        return .timestamp(seconds * 1_000_000 + nanos / 1000)
    }

    /// The cell of a top-level field: nil is the absent field (`[]` / `{}` when repeated, NULL with presence, the
    /// default otherwise).
    static func cell(_ value: ProtobufValue?, _ field: ProtobufField, _ program: ProtobufProgram) throws(DecodeError)
        -> AvroCell
    {
        guard let value else {
            if field.repeated {
                if case .map = field.kind { return .text("{}") }
                return .text("[]")
            }
            if field.hasPresence { return .null }
            return try cell(field.defaultValue, field, program)
        }
        if field.repeated {
            var text = ""
            try ProtobufJSON.append(value, field, repeated: true, program, to: &text)
            return .text(text)
        }
        switch (field.kind, value) {
        case (.scalar(.uint64), .uint(let number)), (.scalar(.fixed64), .uint(let number)):
            return .text(String(number))
        case (_, .uint(let number)): return .integer(Int64(number))
        case (_, .int(let number)): return .integer(number)
        case (_, .float(let number)): return .float(number)
        case (_, .double(let number)): return .double(number)
        case (_, .bool(let flag)): return .boolean(flag)
        case (_, .string(let text)): return .text(text)
        case (_, .bytes(let bytes)): return .bytes(bytes)
        case (.enumeration(let table), .enumeration(let number)): return .text(table.text(number))
        case (.timestamp, .timestamp(let microseconds)):
            return .text(try AvroText.fastTimestampText(microseconds: microseconds, .timestampMicros) + "+00")
        default:
            var text = ""
            try ProtobufJSON.append(value, field, repeated: false, program, to: &text)
            return .text(text)
        }
    }
}
