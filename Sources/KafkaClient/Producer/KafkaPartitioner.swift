import NIOCore

/// How the producer picks a partition for a record that does not name one.
///
/// `.murmur2` hashes the key exactly like the Java client's default partitioner, so keyed records land in
/// the partition other Java-compatible clients choose; records without a key go round-robin.
public struct KafkaPartitioner: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case murmur2
        case roundRobin
    }

    private let kind: Kind

    /// Java-compatible murmur2 of the key; round-robin for records without a key.
    public static let murmur2 = KafkaPartitioner(kind: .murmur2)
    /// Round-robin over the partitions, ignoring keys.
    public static let roundRobin = KafkaPartitioner(kind: .roundRobin)

    public var description: String { kind == .murmur2 ? "murmur2" : "round-robin" }

    /// The partition for `key` among `partitionCount`; `counter` is the round-robin position.
    public func partition(key: ByteBuffer?, partitionCount: Int, counter: inout Int) -> Int32 {
        precondition(partitionCount > 0)
        if kind == .murmur2, let key {
            let hash = key.withUnsafeReadableBytes { Self.murmur2($0) }
            return Int32((hash & 0x7fff_ffff) % Int32(partitionCount))
        }
        let partition = counter % partitionCount
        counter &+= 1
        return Int32(partition)
    }

    /// Kafka's `Utils.murmur2` (seed 0x9747b28c), bit for bit.
    public static func murmur2(_ data: UnsafeRawBufferPointer) -> Int32 {
        let length = data.count
        let m: UInt32 = 0x5bd1_e995
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for i in 0..<blocks {
            let base = i * 4
            var k =
                UInt32(data[base]) | UInt32(data[base + 1]) << 8 | UInt32(data[base + 2]) << 16
                | UInt32(data[base + 3]) << 24
            k = k &* m
            k ^= k >> 24
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blocks * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// `murmur2` over an array, for tests and callers without a buffer.
    public static func murmur2(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { murmur2($0) }
    }
}
