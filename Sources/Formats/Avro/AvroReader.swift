/// Reads Avro's binary encoding from one record's bytes, checking every length against what is left, so that
/// a truncated or malformed record is a `DecodeError` and never a crash or an allocation the bytes cannot back.
struct AvroReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - index }

    /// A zig-zag varint of at most 10 bytes.
    @inline(__always)
    mutating func readLong() throws(DecodeError) -> Int64 {
        let start = index
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw truncated("a long", at: start) }
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 {
                throw DecodeError("invalid Avro record: a varint longer than 64 bits at byte \(start)")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    @inline(__always)
    mutating func readInt() throws(DecodeError) -> Int32 {
        let start = index
        let value = try readLong()
        guard let int = Int32(exactly: value) else {
            throw DecodeError("invalid Avro record: the int at byte \(start) is \(value), out of the int range")
        }
        return int
    }

    mutating func readBoolean() throws(DecodeError) -> Bool {
        guard index < bytes.count else { throw truncated("a boolean", at: index) }
        let byte = bytes[index]
        guard byte <= 1 else { throw DecodeError("invalid Avro record: a boolean byte \(byte) at byte \(index)") }
        index += 1
        return byte == 1
    }

    mutating func readFloat() throws(DecodeError) -> Float {
        Float(bitPattern: UInt32(truncatingIfNeeded: try readLittleEndian(4, "a float")))
    }

    mutating func readDouble() throws(DecodeError) -> Double {
        Double(bitPattern: try readLittleEndian(8, "a double"))
    }

    private mutating func readLittleEndian(_ count: Int, _ what: String) throws(DecodeError) -> UInt64 {
        guard remaining >= count else { throw truncated(what, at: index) }
        var value: UInt64 = 0
        for offset in 0..<count {
            value |= UInt64(bytes[index + offset]) << (8 * UInt64(offset))
        }
        index += count
        return value
    }

    /// A length (of bytes, a string), which cannot be negative or longer than what is left.
    mutating func readLength(_ what: String) throws(DecodeError) -> Int {
        let start = index
        let length = try readLong()
        guard length >= 0 else {
            throw DecodeError("invalid Avro record: \(what) at byte \(start) has the negative length \(length)")
        }
        guard length <= remaining else {
            throw DecodeError(
                "truncated Avro record: \(what) at byte \(start) has \(length) bytes but only \(remaining) remain")
        }
        return Int(length)
    }

    mutating func readBytes() throws(DecodeError) -> [UInt8] {
        let count = try readLength("bytes")
        return try readFixed(count)
    }

    mutating func readString() throws(DecodeError) -> String {
        let start = index
        let count = try readLength("a string")
        let slice = UnsafeRawBufferPointer(rebasing: bytes[index..<index + count])
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw DecodeError("invalid Avro record: the string at byte \(start) is not valid UTF-8")
        }
        index += count
        return string
    }

    mutating func readFixed(_ count: Int) throws(DecodeError) -> [UInt8] {
        guard remaining >= count else { throw truncated("\(count) bytes", at: index) }
        let value = Array(bytes[index..<index + count])
        index += count
        return value
    }

    mutating func skip(_ count: Int) throws(DecodeError) {
        guard remaining >= count else { throw truncated("\(count) bytes", at: index) }
        index += count
    }

    /// The item count of the next block of an array or map (0 at the end). A negative count is followed by
    /// the block's size in bytes, which `size` receives.
    ///
    /// A count is refused when the bytes left cannot hold it, counting each item as at least one byte unless
    /// the items can be empty (then at most `maximumEmptyItems`).
    mutating func readBlockCount(itemsMayBeEmpty: Bool, size: inout Int?) throws(DecodeError) -> Int {
        let start = index
        var count = try readLong()
        size = nil
        if count < 0 {
            guard count != Int64.min else {
                throw DecodeError("invalid Avro record: a block count of \(count) at byte \(start)")
            }
            count = -count
            size = try readLength("a block")
        }
        let bound = itemsMayBeEmpty ? max(remaining, Self.maximumEmptyItems) : remaining
        guard count <= bound else {
            throw DecodeError(
                "truncated Avro record: a block at byte \(start) counts \(count) items but only \(remaining) bytes remain"
            )
        }
        return Int(count)
    }

    static let maximumEmptyItems = 1 << 20

    func truncated(_ what: String, at offset: Int) -> DecodeError {
        DecodeError("truncated Avro record: expected \(what) at byte \(offset), found the end of the record")
    }
}

extension AvroReader {
    /// Reads past a value of a writer's type that the reader does not keep.
    mutating func skip(_ schema: AvroSchema) throws(DecodeError) {
        switch schema.underlying {
        case .null: break
        case .boolean: try skip(1)
        case .int, .long, .enumeration: _ = try readLong()
        case .float: try skip(4)
        case .double: try skip(8)
        case .bytes, .string: try skip(try readLength("bytes"))
        case .fixed(let fixed): try skip(fixed.size)
        case .record(let record):
            for field in record.fields {
                try skip(field.type)
            }
        case .array(let items):
            try skipBlocks(itemsMayBeEmpty: items.mayBeEmpty) { reader throws(DecodeError) in try reader.skip(items) }
        case .map(let values):
            try skipBlocks(itemsMayBeEmpty: false) { reader throws(DecodeError) in
                try reader.skip(try reader.readLength("a map key"))
                try reader.skip(values)
            }
        case .union(let branches):
            try skip(branches[try readUnionIndex(branches.count)])
        default: break
        }
    }

    private mutating func skipBlocks(
        itemsMayBeEmpty: Bool, _ item: (inout AvroReader) throws(DecodeError) -> Void
    ) throws(DecodeError) {
        var size: Int?
        while true {
            let count = try readBlockCount(itemsMayBeEmpty: itemsMayBeEmpty, size: &size)
            if count == 0 { return }
            if let size {
                try skip(size)
                continue
            }
            for _ in 0..<count {
                try item(&self)
            }
        }
    }

    mutating func readUnionIndex(_ count: Int) throws(DecodeError) -> Int {
        let start = index
        let branch = try readLong()
        guard branch >= 0 && branch < count else {
            throw DecodeError("invalid Avro record: union branch \(branch) at byte \(start) (the union has \(count))")
        }
        return Int(branch)
    }
}

extension AvroSchema {
    /// Whether a value of this type can take no bytes at all (null, an empty record, a fixed of size 0).
    var mayBeEmpty: Bool {
        switch underlying {
        case .null: return true
        case .fixed(let fixed): return fixed.size == 0
        case .record(let record): return record.fields.allSatisfy(\.type.mayBeEmpty)
        default: return false
        }
    }
}
