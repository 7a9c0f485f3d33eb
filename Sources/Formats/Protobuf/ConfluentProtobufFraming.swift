/// Confluent's framing of a Protobuf record: the magic byte 0, the writer's 4-byte big-endian schema id, the
/// message-index path (a zigzag varint count, then that many zigzag varint indexes; the single byte `0` is `[0]`,
/// the file's first message), then the message.
public struct ConfluentProtobufFraming: Sendable, Hashable {
    public var schemaID: Int32
    /// The path of the message in the writer's file (`[0]`: its first message; `[1, 0]`: the second message's
    /// first nested message).
    public var messageIndexes: [Int]
    /// Where the message itself starts in the record.
    public var bodyStart: Int

    /// Reads the framing at the start of `bytes`; errors say what is wrong and what writes the framing.
    public init(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) {
        guard bytes.count >= 6 else {
            throw DecodeError(
                "not Confluent-framed Protobuf: \(bytes.count) bytes, fewer than the 6 of the magic byte, schema id "
                    + "and message index")
        }
        guard bytes[0] == 0 else {
            throw DecodeError(
                "not Confluent-framed Protobuf: the first byte is 0x\(String(bytes[0], radix: 16)), not the magic "
                    + "byte 0; was the record written without a schema registry serializer?")
        }
        schemaID = Int32(
            bitPattern: UInt32(bytes[1]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 8
                | UInt32(bytes[4]))
        var reader = ProtobufWireReader(bytes, from: 5, to: bytes.count)
        let count = Self.zigzag(try Self.indexVarint(&reader))
        guard count >= 0, count <= 64 else {
            throw DecodeError(
                "malformed Confluent framing: the message index count is \(count); it must be between 0 and 64")
        }
        var indexes: [Int] = []
        for _ in 0..<count {
            let index = Self.zigzag(try Self.indexVarint(&reader))
            guard index >= 0 else {
                throw DecodeError("malformed Confluent framing: the message index \(index) is negative")
            }
            indexes.append(Int(index))
        }
        messageIndexes = count == 0 ? [0] : indexes
        bodyStart = reader.index
    }

    private static func indexVarint(_ reader: inout ProtobufWireReader) throws(DecodeError) -> UInt64 {
        do {
            return try reader.varint()
        } catch {
            throw DecodeError(
                "truncated Confluent framing: the message index at byte \(reader.index) is cut short (\(error.reason))")
        }
    }

    private static func zigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))) }
}
