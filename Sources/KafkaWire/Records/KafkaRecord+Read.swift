import NIOCore

// Reading the records of a batch is the consumer's hot loop: a fetch of 100-byte records holds ~10,000 of them per
// megabyte. The section is walked once over its raw bytes, every field checked against its record's end, and only
// key, value and header values become `ByteBuffer` slices (one reference each), so no per-field buffer call runs.

extension KafkaRecord {
    /// Reads the `header.recordCount` records of a batch's (decompressed) records section in offset order, handing
    /// each to `each`; key, value and header values are slices of `section`.
    ///
    /// Throws when a record is malformed or bytes follow the last record: by then the records before it have been
    /// handed over, so a caller that must not keep part of a batch drops what it received for this one.
    static func readAll(
        in section: ByteBuffer, header: RecordBatchHeader, _ each: (consuming KafkaRecord) -> Void
    ) throws(RecordBatchError) {
        let failure = section.withUnsafeReadableBytes { bytes -> RecordBatchError? in
            do throws(RecordBatchError) {
                try readAll(bytes, of: section, header: header, each)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// `readAll(in:header:_:)` over the section's bytes.
    private static func readAll(
        _ bytes: UnsafeRawBufferPointer, of section: ByteBuffer, header: RecordBatchHeader,
        _ each: (consuming KafkaRecord) -> Void
    ) throws(RecordBatchError) {
        let count = Int(header.recordCount)
        let timestampType = header.attributes.timestampType
        let logAppendTimestamp = timestampType == .logAppendTime ? header.maxTimestamp : nil
        let slice = { (range: Range<Int>?) in range.map { section.getSlice(at: $0.lowerBound, length: $0.count)! } }
        var cursor = RecordCursor(bytes: bytes, base: section.readerIndex)
        for _ in 0..<count {
            guard let length = cursor.varint(), length >= 1, Int(length) <= cursor.remaining else {
                throw malformed("a record's length is missing, negative or beyond the batch")
            }
            cursor.limit = cursor.position + Int(length)
            guard cursor.skipByte(),
                let timestampDelta = cursor.varlong(),
                let offsetDelta = cursor.varint()
            else {
                throw malformed("a record's attributes, timestamp delta or offset delta are cut short")
            }
            let key = slice(try cursor.nullableBytes(field: "key"))
            let value = slice(try cursor.nullableBytes(field: "value"))
            guard let headerCount = cursor.varint(), headerCount >= 0, Int(headerCount) <= cursor.remaining else {
                throw malformed("a record's header count is missing or larger than the record")
            }
            var headers: [RecordHeader] = []
            if headerCount > 0 {
                headers.reserveCapacity(Int(headerCount))
                for _ in 0..<headerCount {
                    guard let keyLength = cursor.varint(), keyLength >= 0, Int(keyLength) <= cursor.remaining else {
                        throw malformed("a record header's key is missing, null or longer than the record")
                    }
                    let headerKey = cursor.string(length: Int(keyLength))
                    headers.append(
                        RecordHeader(key: headerKey, value: slice(try cursor.nullableBytes(field: "header value"))))
                }
            }
            guard cursor.remaining == 0 else {
                throw malformed(
                    "a record declares \(length) bytes but its fields take \(Int(length) - cursor.remaining)")
            }
            cursor.limit = bytes.count
            each(
                KafkaRecord(
                    offset: header.baseOffset &+ Int64(offsetDelta),
                    timestamp: logAppendTimestamp ?? header.baseTimestamp &+ timestampDelta,
                    timestampType: timestampType,
                    key: key,
                    value: value,
                    headers: headers))
        }
        guard cursor.position == bytes.count else {
            throw RecordBatchError(
                code: .malformedBatch,
                message: "\(bytes.count - cursor.position) bytes follow the batch's \(count) records; "
                    + "the batch is corrupt")
        }
    }
}

/// A read position in a records section's raw bytes, bounded by the current record's end (`limit`).
///
/// Varints follow `ByteBuffer.readVarint`/`readVarlong`: zig-zag, at most 5 and 10 bytes. Ranges it returns are
/// `ByteBuffer` indices (offset by `base`), ready for `getSlice`.
private struct RecordCursor {
    let bytes: UnsafeRawBufferPointer
    let base: Int
    var position = 0
    var limit: Int

    init(bytes: UnsafeRawBufferPointer, base: Int) {
        self.bytes = bytes
        self.base = base
        self.limit = bytes.count
    }

    var remaining: Int { limit - position }

    mutating func skipByte() -> Bool {
        guard position < limit else { return false }
        position += 1
        return true
    }

    @inline(__always)
    private mutating func unsignedVarint(maxBytes: Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        let end = Swift.min(limit, position + maxBytes)
        while index < end {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position = index
                return result
            }
            shift += 7
        }
        return nil
    }

    mutating func varint() -> Int32? {
        guard let raw = unsignedVarint(maxBytes: 5), raw <= UInt64(UInt32.max) else { return nil }
        let unsigned = UInt32(truncatingIfNeeded: raw)
        return Int32(bitPattern: (unsigned >> 1) ^ (0 &- (unsigned & 1)))
    }

    mutating func varlong() -> Int64? {
        guard let raw = unsignedVarint(maxBytes: 10) else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A length-prefixed byte field: nil for null (-1), else its range as `ByteBuffer` indices.
    mutating func nullableBytes(field: String) throws(RecordBatchError) -> Range<Int>? {
        guard let length = varint(), length >= -1 else {
            throw KafkaRecord.malformed("a record's \(field) length is missing or below -1")
        }
        if length == -1 { return nil }
        guard Int(length) <= remaining else {
            throw KafkaRecord.malformed("a record's \(field) (\(length) bytes) runs past the end of the record")
        }
        let start = base + position
        position += Int(length)
        return start..<(start + Int(length))
    }

    /// UTF-8 text of `length` bytes (the caller checked they are there); invalid sequences become U+FFFD.
    mutating func string(length: Int) -> String {
        let text = String(
            decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]), as: UTF8.self)
        position += length
        return text
    }
}
