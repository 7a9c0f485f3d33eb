/// The 16-bit attributes field of a v2 record batch.
///
/// Bits 0–2 codec, bit 3 timestamp type, bit 4 transactional, bit 5 control, bit 6 delete horizon (KIP-534);
/// kept as the raw value so that a batch re-encodes to exactly the bytes it was read from.
public struct RecordBatchAttributes: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int16

    public init(rawValue: Int16) { self.rawValue = rawValue }

    public init(
        compression: CompressionCodec = .none,
        timestampType: TimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false
    ) {
        rawValue = 0
        self.compression = compression
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
    }

    /// The codec the records section is compressed with.
    public var compression: CompressionCodec {
        get { CompressionCodec(rawValue: Int8(rawValue & 0x07)) }
        set { rawValue = (rawValue & ~0x07) | (Int16(newValue.rawValue) & 0x07) }
    }

    /// Whose clock the timestamps are.
    public var timestampType: TimestampType {
        get { TimestampType(rawValue: Int8((rawValue >> 3) & 1)) }
        set { setBit(3, newValue == .logAppendTime) }
    }

    /// Written by a transactional producer; readers at read_uncommitted still see the records.
    public var isTransactional: Bool {
        get { rawValue & (1 << 4) != 0 }
        set { setBit(4, newValue) }
    }

    /// A transaction marker (commit or abort) written by the coordinator; carries no user records.
    public var isControl: Bool {
        get { rawValue & (1 << 5) != 0 }
        set { setBit(5, newValue) }
    }

    /// The log cleaner stored a delete horizon in the base timestamp field (KIP-534).
    public var hasDeleteHorizon: Bool {
        get { rawValue & (1 << 6) != 0 }
        set { setBit(6, newValue) }
    }

    private mutating func setBit(_ bit: Int16, _ on: Bool) {
        if on { rawValue |= 1 << bit } else { rawValue &= ~(1 << bit) }
    }
}
