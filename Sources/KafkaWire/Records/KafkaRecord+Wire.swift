import NIOCore

// The v2 record layout inside a batch's (decompressed) records section:
//   length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
//   keyLength varint (-1 = null), key, valueLength varint (-1 = null), value,
//   headerCount varint, then per header: keyLength varint, key (UTF-8), valueLength varint (-1 = null), value.

extension KafkaRecord {
    static func malformed(_ what: String) -> RecordBatchError {
        RecordBatchError(code: .malformedRecord, message: "\(what); the batch is corrupt")
    }

    /// The number of bytes `write` produces for these fields, including the leading length varint.
    static func encodedSize(
        timestampDelta: Int64,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader]
    ) -> (body: Int, total: Int) {
        var body = 1 + ByteBuffer.varlongSize(timestampDelta) + ByteBuffer.varintSize(offsetDelta)
        body += nullableBytesSize(key?.readableBytes)
        body += nullableBytesSize(value?.readableBytes)
        body += ByteBuffer.varintSize(Int32(headers.count))
        for header in headers {
            let keyLength = header.key.utf8.count
            body += ByteBuffer.varintSize(Int32(keyLength)) + keyLength
            body += nullableBytesSize(header.value?.readableBytes)
        }
        return (body, ByteBuffer.varintSize(Int32(body)) + body)
    }

    private static func nullableBytesSize(_ length: Int?) -> Int {
        guard let length else { return ByteBuffer.varintSize(-1) }
        return ByteBuffer.varintSize(Int32(length)) + length
    }

    /// Writes one record in the v2 layout.
    static func write(
        into buffer: inout ByteBuffer,
        timestampDelta: Int64,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader]
    ) {
        let size = encodedSize(
            timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value, headers: headers)
        guard headers.isEmpty else {
            writeWithHeaders(
                into: &buffer, size: size, timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key,
                value: value, headers: headers)
            return
        }
        // The producer's hot path: one capacity check, then plain stores and two copies.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size.total) { out in
            var at = 0
            putVarlong(Int64(size.body), into: out, at: &at)
            out[at] = 0
            at += 1
            putVarlong(timestampDelta, into: out, at: &at)
            putVarlong(Int64(offsetDelta), into: out, at: &at)
            putNullableBytes(key, into: out, at: &at)
            putNullableBytes(value, into: out, at: &at)
            out[at] = 0  // no headers
            at += 1
            return at
        }
    }

    /// Zig-zag varint of `value` (the same bytes `writeVarint` and `writeVarlong` produce for it).
    @inline(__always)
    private static func putVarlong(_ value: Int64, into out: UnsafeMutableRawBufferPointer, at: inout Int) {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while raw >= 0x80 {
            out[at] = UInt8(truncatingIfNeeded: raw) | 0x80
            raw >>= 7
            at += 1
        }
        out[at] = UInt8(raw)
        at += 1
    }

    @inline(__always)
    private static func putNullableBytes(_ bytes: ByteBuffer?, into out: UnsafeMutableRawBufferPointer, at: inout Int) {
        guard let bytes else {
            putVarlong(-1, into: out, at: &at)
            return
        }
        putVarlong(Int64(bytes.readableBytes), into: out, at: &at)
        bytes.withUnsafeReadableBytes { source in
            guard let base = source.baseAddress, source.count > 0 else { return }
            (out.baseAddress! + at).copyMemory(from: base, byteCount: source.count)
        }
        at += bytes.readableBytes
    }

    private static func writeWithHeaders(
        into buffer: inout ByteBuffer,
        size: (body: Int, total: Int),
        timestampDelta: Int64,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader]
    ) {
        buffer.reserveCapacity(minimumWritableBytes: size.total)
        buffer.writeVarint(Int32(size.body))
        buffer.writeInteger(Int8(0))
        buffer.writeVarlong(timestampDelta)
        buffer.writeVarint(offsetDelta)
        writeNullableBytes(key, into: &buffer)
        writeNullableBytes(value, into: &buffer)
        buffer.writeVarint(Int32(headers.count))
        for header in headers {
            buffer.writeVarint(Int32(header.key.utf8.count))
            buffer.writeString(header.key)
            writeNullableBytes(header.value, into: &buffer)
        }
    }

    private static func writeNullableBytes(_ bytes: ByteBuffer?, into buffer: inout ByteBuffer) {
        guard var bytes else {
            buffer.writeVarint(-1)
            return
        }
        buffer.writeVarint(Int32(bytes.readableBytes))
        buffer.writeBuffer(&bytes)
    }
}
