import NIOCore

/// One tagged field of a flexible message version: a tag number and its raw bytes.
///
/// Inlet keeps the tagged fields it does not understand instead of dropping them, so they can be inspected,
/// logged, or written back unchanged by a proxy.
public struct KafkaTaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

extension ByteBuffer {
    /// Reads a tagged field section, offering each field to `known`, which reads it from the given slice and
    /// returns true, or returns false to keep it as unknown. Returns the unknown fields.
    ///
    /// A known field must consume its slice exactly; leftovers are a malformed message.
    @inlinable
    @discardableResult
    public mutating func readKafkaTaggedFields(
        _ field: String = "TaggedFields", known: (UInt32, inout ByteBuffer) throws -> Bool = { _, _ in false }
    ) throws -> [KafkaTaggedField] {
        let count = try readKafkaUnsignedVarint(field)
        guard count > 0 else { return [] }
        guard count <= readableBytes else {
            throw KafkaWireError(
                kind: .truncated, message: "tagged field count \(count) exceeds the \(readableBytes) bytes that remain",
                field: field)
        }
        var unknown: [KafkaTaggedField] = []
        var previousTag: UInt32? = nil
        for _ in 0..<count {
            let tag = try readKafkaUnsignedVarint(field)
            if let previousTag, tag <= previousTag {
                throw KafkaWireError.malformed(field, "tag \(tag) follows tag \(previousTag); tags must ascend")
            }
            previousTag = tag
            let size = Int(try readKafkaUnsignedVarint(field))
            guard let data = readSlice(length: size) else {
                throw KafkaWireError.short("\(field)[tag \(tag)]", size, readableBytes)
            }
            var reading = data
            if try known(tag, &reading) {
                guard reading.readableBytes == 0 else {
                    throw KafkaWireError(
                        kind: .leftoverBytes, message: "\(reading.readableBytes) bytes left after reading tag \(tag)",
                        field: "\(field)[tag \(tag)]")
                }
            } else {
                unknown.append(KafkaTaggedField(tag: tag, data: data))
            }
        }
        return unknown
    }

    /// Writes an empty tagged field section (a single zero byte).
    @inlinable
    public mutating func writeEmptyKafkaTaggedFields() {
        writeInteger(UInt8(0))
    }

    /// Writes a tagged field section; the fields are sorted by tag as the protocol requires.
    @inlinable
    public mutating func writeKafkaTaggedFields(_ fields: [KafkaTaggedField]) {
        writeUnsignedVarint(UInt32(fields.count))
        for field in fields.sorted(by: { $0.tag < $1.tag }) {
            writeUnsignedVarint(field.tag)
            writeUnsignedVarint(UInt32(field.data.readableBytes))
            writeImmutableBuffer(field.data)
        }
    }
}

extension KafkaTaggedField {
    /// Builds a tagged field whose data is written by `body`.
    @inlinable
    public init(tag: UInt32, _ body: (inout ByteBuffer) throws -> Void) rethrows {
        var data = ByteBuffer()
        try body(&data)
        self.init(tag: tag, data: data)
    }
}
