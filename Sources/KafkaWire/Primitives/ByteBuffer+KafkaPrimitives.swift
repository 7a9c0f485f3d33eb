import NIOCore

// The fixed-width and length-prefixed primitives of the Kafka protocol, read with the field they belong to.
//
// Reads throw `KafkaWireError` naming the field (a response body is always complete, so short bytes mean a
// malformed message), and never move the reader index when they fail. `compact: true` selects the flexible
// versions' encodings (unsigned varint length + 1) instead of the classic int16/int32 length prefixes.

extension ByteBuffer {
    // MARK: Fixed width

    @inlinable
    public mutating func readKafkaInt8(_ field: String) throws -> Int8 {
        guard let value = readInteger(as: Int8.self) else { throw KafkaWireError.short(field, 1, readableBytes) }
        return value
    }

    @inlinable
    public mutating func readKafkaInt16(_ field: String) throws -> Int16 {
        guard let value = readInteger(as: Int16.self) else { throw KafkaWireError.short(field, 2, readableBytes) }
        return value
    }

    @inlinable
    public mutating func readKafkaUInt16(_ field: String) throws -> UInt16 {
        guard let value = readInteger(as: UInt16.self) else { throw KafkaWireError.short(field, 2, readableBytes) }
        return value
    }

    @inlinable
    public mutating func readKafkaInt32(_ field: String) throws -> Int32 {
        guard let value = readInteger(as: Int32.self) else { throw KafkaWireError.short(field, 4, readableBytes) }
        return value
    }

    @inlinable
    public mutating func readKafkaInt64(_ field: String) throws -> Int64 {
        guard let value = readInteger(as: Int64.self) else { throw KafkaWireError.short(field, 8, readableBytes) }
        return value
    }

    /// Reads a boolean; any non-zero byte is true, as in Kafka's own readers.
    @inlinable
    public mutating func readKafkaBool(_ field: String) throws -> Bool {
        guard let value = readInteger(as: UInt8.self) else { throw KafkaWireError.short(field, 1, readableBytes) }
        return value != 0
    }

    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Reads an IEEE 754 double in network byte order.
    @inlinable
    public mutating func readKafkaFloat64(_ field: String) throws -> Double {
        guard let bits = readInteger(as: UInt64.self) else { throw KafkaWireError.short(field, 8, readableBytes) }
        return Double(bitPattern: bits)
    }

    @inlinable
    public mutating func writeKafkaFloat64(_ value: Double) {
        writeInteger(value.bitPattern)
    }

    @inlinable
    public mutating func readKafkaUUID(_ field: String) throws -> KafkaUUID {
        guard readableBytes >= 16,
            let high = getInteger(at: readerIndex, as: UInt64.self),
            let low = getInteger(at: readerIndex + 8, as: UInt64.self)
        else { throw KafkaWireError.short(field, 16, readableBytes) }
        moveReaderIndex(forwardBy: 16)
        return KafkaUUID(high: high, low: low)
    }

    @inlinable
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.high)
        writeInteger(value.low)
    }

    /// Reads an unsigned varint (compact lengths, tag numbers).
    @inlinable
    public mutating func readKafkaUnsignedVarint(_ field: String) throws -> UInt32 {
        guard let value = readUnsignedVarint() else {
            if peekUnsignedVarint64(maxBytes: 5) == nil, readableBytes < 5 {
                throw KafkaWireError.short(field, readableBytes + 1, readableBytes)
            }
            throw KafkaWireError.malformed(field, "unsigned varint is longer than 5 bytes or exceeds 32 bits")
        }
        return value
    }

    // MARK: Lengths

    /// Reads a length prefix: int16 (`small`) or int32 for classic encodings, varint - 1 for compact ones.
    /// Returns -1 for null.
    @inlinable
    mutating func readKafkaLength(_ field: String, compact: Bool, small: Bool) throws -> Int {
        if compact {
            let raw = try readKafkaUnsignedVarint(field)
            return Int(raw) - 1
        } else if small {
            return Int(try readKafkaInt16(field))
        } else {
            return Int(try readKafkaInt32(field))
        }
    }

    @inlinable
    mutating func writeKafkaLength(_ length: Int, compact: Bool, small: Bool) {
        if compact {
            writeUnsignedVarint(UInt32(truncatingIfNeeded: length + 1))
        } else if small {
            writeInteger(Int16(truncatingIfNeeded: length))
        } else {
            writeInteger(Int32(truncatingIfNeeded: length))
        }
    }

    // MARK: Strings

    /// Reads a non-nullable string (int16 length, or compact varint length).
    @inlinable
    public mutating func readKafkaString(_ field: String, compact: Bool) throws -> String {
        guard let value = try readKafkaNullableString(field, compact: compact) else {
            throw KafkaWireError.malformed(field, "string is null but the field is not nullable")
        }
        return value
    }

    /// Reads a nullable string; length -1 (or compact 0) is null.
    @inlinable
    public mutating func readKafkaNullableString(_ field: String, compact: Bool) throws -> String? {
        let start = readerIndex
        let length = try readKafkaLength(field, compact: compact, small: true)
        if length == -1 { return nil }
        guard length >= 0 else {
            moveReaderIndex(to: start)
            throw KafkaWireError.malformed(field, "string length \(length) is negative")
        }
        guard let value = readString(length: length) else {
            let have = readableBytes
            moveReaderIndex(to: start)
            throw KafkaWireError.short(field, length, have)
        }
        return value
    }

    @inlinable
    public mutating func writeKafkaString(_ value: String, compact: Bool) {
        if compact {
            writeUnsignedVarint(UInt32(truncatingIfNeeded: value.utf8.count + 1))
            writeString(value)
        } else {
            let lengthIndex = writerIndex
            writeInteger(Int16(0))
            let written = writeString(value)
            setInteger(Int16(truncatingIfNeeded: written), at: lengthIndex)
        }
    }

    @inlinable
    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool) {
        guard let value else {
            writeKafkaLength(-1, compact: compact, small: true)
            return
        }
        writeKafkaString(value, compact: compact)
    }

    // MARK: Bytes

    /// Reads non-nullable bytes (int32 length, or compact varint length) as a slice sharing storage.
    @inlinable
    public mutating func readKafkaBytes(_ field: String, compact: Bool) throws -> ByteBuffer {
        guard let value = try readKafkaNullableBytes(field, compact: compact) else {
            throw KafkaWireError.malformed(field, "bytes are null but the field is not nullable")
        }
        return value
    }

    /// Reads nullable bytes as a slice sharing storage; length -1 (or compact 0) is null.
    @inlinable
    public mutating func readKafkaNullableBytes(_ field: String, compact: Bool) throws -> ByteBuffer? {
        let start = readerIndex
        let length = try readKafkaLength(field, compact: compact, small: false)
        if length == -1 { return nil }
        guard length >= 0 else {
            moveReaderIndex(to: start)
            throw KafkaWireError.malformed(field, "bytes length \(length) is negative")
        }
        guard let value = readSlice(length: length) else {
            let have = readableBytes
            moveReaderIndex(to: start)
            throw KafkaWireError.short(field, length, have)
        }
        return value
    }

    @inlinable
    public mutating func writeKafkaBytes(_ value: ByteBuffer, compact: Bool) {
        writeKafkaLength(value.readableBytes, compact: compact, small: false)
        writeImmutableBuffer(value)
    }

    @inlinable
    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool) {
        guard let value else {
            writeKafkaLength(-1, compact: compact, small: false)
            return
        }
        writeKafkaBytes(value, compact: compact)
    }

    /// Writes bytes given as an array (SASL tokens and similar small payloads).
    @inlinable
    public mutating func writeKafkaBytes(_ value: [UInt8], compact: Bool) {
        writeKafkaLength(value.count, compact: compact, small: false)
        writeBytes(value)
    }
}
