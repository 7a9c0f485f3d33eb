/// The compression codec of a record batch: bits 0–2 of the batch attributes.
///
/// An open struct like `APIKey`: a batch from a newer broker may name a codec Inlet does not know, and that must
/// be reported as an error that names the codec rather than crash or be misread.
public struct CompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The codec id as written in the attributes (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd).
    public var rawValue: Int8

    public init(rawValue: Int8) { self.rawValue = rawValue }

    public static let none = CompressionCodec(rawValue: 0)
    public static let gzip = CompressionCodec(rawValue: 1)
    public static let snappy = CompressionCodec(rawValue: 2)
    public static let lz4 = CompressionCodec(rawValue: 3)
    public static let zstd = CompressionCodec(rawValue: 4)

    /// Every codec Inlet reads and writes, in id order.
    public static let allSupported: [CompressionCodec] = [.none, .gzip, .snappy, .lz4, .zstd]

    /// The codec named as in Kafka's `compression.type` setting (`none`, `gzip`, `snappy`, `lz4`, `zstd`).
    public init?(name: String) {
        guard let codec = Self.allSupported.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = codec
    }

    /// Whether Inlet can read and write this codec.
    public var isSupported: Bool { rawValue >= 0 && rawValue <= 4 }

    /// The name Kafka's `compression.type` setting uses.
    public var name: String {
        switch rawValue {
        case 0: "none"
        case 1: "gzip"
        case 2: "snappy"
        case 3: "lz4"
        case 4: "zstd"
        default: "codec(\(rawValue))"
        }
    }

    public var description: String { name }
}

/// Which clock a batch's timestamps come from: bit 3 of the batch attributes.
///
/// With `logAppendTime` the broker stamped the batch, and every record's timestamp is the batch's max timestamp.
public struct TimestampType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int8

    public init(rawValue: Int8) { self.rawValue = rawValue }

    /// The producer's clock (`message.timestamp.type=CreateTime`).
    public static let createTime = TimestampType(rawValue: 0)
    /// The broker's clock at append (`message.timestamp.type=LogAppendTime`).
    public static let logAppendTime = TimestampType(rawValue: 1)

    public var description: String { rawValue == 0 ? "CreateTime" : "LogAppendTime" }
}
