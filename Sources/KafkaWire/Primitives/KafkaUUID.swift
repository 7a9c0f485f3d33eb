/// A 128-bit Kafka UUID (topic ids), stored as two big-endian halves as on the wire.
///
/// KafkaWire does not depend on Foundation, and Kafka prints its UUIDs as unpadded URL-safe base64 rather than
/// the dashed hex form, so this small type stands in for `Foundation.UUID`.
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero UUID Kafka uses for "no topic id".
    public static let zero = KafkaUUID(high: 0, low: 0)

    public var isZero: Bool { high == 0 && low == 0 }

    /// The 16 bytes in wire order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// Kafka's textual form: URL-safe base64 without padding (22 characters), as printed by kafka-topics.sh.
    public var description: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let bytes = self.bytes
        var out = ""
        var index = 0
        while index < bytes.count {
            let b0 = Int(bytes[index])
            let b1 = index + 1 < bytes.count ? Int(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? Int(bytes[index + 2]) : 0
            let remaining = bytes.count - index
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 0x03) << 4) | (b1 >> 4)])
            if remaining > 1 { out.append(alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)]) }
            if remaining > 2 { out.append(alphabet[b2 & 0x3F]) }
            index += 3
        }
        return out
    }
}
