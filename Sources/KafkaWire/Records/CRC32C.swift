import CCRC32C

/// CRC-32C (Castagnoli), the checksum of every Kafka v2 record batch.
///
/// Every fetched batch is checksummed, so this sits on the consumer's hot path: it uses the CPU's crc32c
/// instructions (SSE4.2 on x86-64, the CRC extension on ARMv8) and falls back to slicing-by-8 over a reflected
/// table (polynomial 0x82F63B78) elsewhere. `update` can be called on consecutive pieces.
public struct CRC32C: Sendable, Hashable {
    @usableFromInline var state: UInt32

    /// A fresh checksum over zero bytes.
    @inlinable
    public init() { state = 0xFFFF_FFFF }

    /// The checksum of the bytes fed so far.
    @inlinable
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Feeds the next bytes.
    @inlinable
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state = CRC32C.advance(state, bytes)
    }

    /// Feeds the next bytes of any contiguous collection.
    @inlinable
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// The checksum of `bytes` in one call.
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        advance(0xFFFF_FFFF, bytes) ^ 0xFFFF_FFFF
    }

    /// The checksum of the bytes of any contiguous collection in one call.
    @inlinable
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// Whether this CPU computes the checksum with dedicated instructions rather than the table.
    public static let usesHardware: Bool = inlet_crc32c_hardware_available() != 0

    @usableFromInline
    static func advance(_ start: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return start }
        if usesHardware { return inlet_crc32c_hardware_update(start, base, bytes.count) }
        return advanceWithTable(start, bytes)
    }

    /// The portable path: slicing-by-8, eight table lookups per 8-byte word.
    @usableFromInline
    static func advanceWithTable(_ start: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard var p = bytes.baseAddress else { return start }
        var remaining = bytes.count
        var crc = start
        return table.withUnsafeBufferPointer { t -> UInt32 in
            let t = t.baseAddress!
            // Bytes until the pointer is 8-byte aligned.
            while remaining > 0, UInt(bitPattern: p) & 7 != 0 {
                crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                p += 1
                remaining -= 1
            }
            while remaining >= 8 {
                let word = UInt64(littleEndian: p.load(as: UInt64.self))
                let lo = UInt32(truncatingIfNeeded: word) ^ crc
                let hi = UInt32(truncatingIfNeeded: word >> 32)
                crc =
                    t[7 * 256 + Int(lo & 0xFF)]
                    ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)]
                    ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)]
                    ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xFF)]
                    ^ t[Int(hi >> 24)]
                p += 8
                remaining -= 8
            }
            while remaining > 0 {
                crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                p += 1
                remaining -= 1
            }
            return crc
        }
    }

    /// Eight 256-entry tables: table k maps a byte to its CRC after k further zero bytes.
    @usableFromInline
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = t[Int(prev & 0xFF)] ^ (prev >> 8)
            }
        }
        return t
    }()
}
