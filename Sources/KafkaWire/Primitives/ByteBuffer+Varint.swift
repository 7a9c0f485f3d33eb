import NIOCore

// Variable-length integers as Kafka uses them: unsigned varints for compact lengths and tagged fields
// (flexible versions), zig-zag varints and varlongs inside records.
// Reads never half-consume: when the bytes run out, or the encoding is longer than the type allows,
// they return nil and leave the reader index where it was.

extension ByteBuffer {
    /// Reads an unsigned LEB128 varint of at most 5 bytes.
    @inlinable
    public mutating func readUnsignedVarint() -> UInt32? {
        guard let (value, length) = peekUnsignedVarint64(maxBytes: 5), value <= UInt64(UInt32.max) else {
            return nil
        }
        moveReaderIndex(forwardBy: length)
        return UInt32(truncatingIfNeeded: value)
    }

    /// Writes an unsigned LEB128 varint.
    @inlinable
    @discardableResult
    public mutating func writeUnsignedVarint(_ value: UInt32) -> Int {
        writeUnsignedVarint64(UInt64(value))
    }

    /// Reads a zig-zag encoded signed varint of at most 5 bytes (record fields, header counts).
    @inlinable
    public mutating func readVarint() -> Int32? {
        guard let (raw, length) = peekUnsignedVarint64(maxBytes: 5), raw <= UInt64(UInt32.max) else { return nil }
        moveReaderIndex(forwardBy: length)
        let u = UInt32(truncatingIfNeeded: raw)
        return Int32(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// Writes a zig-zag encoded signed varint.
    @inlinable
    @discardableResult
    public mutating func writeVarint(_ value: Int32) -> Int {
        let zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        return writeUnsignedVarint64(UInt64(zigzag))
    }

    /// Reads a zig-zag encoded signed varlong of at most 10 bytes (timestamp and offset deltas).
    @inlinable
    public mutating func readVarlong() -> Int64? {
        guard let (raw, length) = peekUnsignedVarint64(maxBytes: 10) else { return nil }
        moveReaderIndex(forwardBy: length)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Writes a zig-zag encoded signed varlong.
    @inlinable
    @discardableResult
    public mutating func writeVarlong(_ value: Int64) -> Int {
        let zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        return writeUnsignedVarint64(zigzag)
    }

    /// The number of bytes `writeVarint(value)` writes.
    @inlinable
    public static func varintSize(_ value: Int32) -> Int {
        unsignedVarintSize(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    /// The number of bytes `writeVarlong(value)` writes.
    @inlinable
    public static func varlongSize(_ value: Int64) -> Int {
        unsignedVarintSize(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The number of bytes an unsigned varint of `value` takes.
    @inlinable
    public static func unsignedVarintSize(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }

    @inlinable
    mutating func writeUnsignedVarint64(_ value: UInt64) -> Int {
        var v = value
        var written = 0
        while v >= 0x80 {
            written += writeInteger(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        written += writeInteger(UInt8(truncatingIfNeeded: v))
        return written
    }

    @inlinable
    func peekUnsignedVarint64(maxBytes: Int) -> (UInt64, Int)? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = readerIndex
        let end = writerIndex
        for _ in 0..<maxBytes {
            guard index < end, let byte: UInt8 = getInteger(at: index) else { return nil }
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return (result, index - readerIndex) }
            shift += 7
        }
        return nil
    }
}
