import NIOCore

// Arrays (int32 count, or compact varint count + 1) whose elements are read and written by closures.
// Errors thrown while reading an element get the array's field and the element's index prefixed, so a failure
// deep inside a response reads as `Topics[2].Partitions[0].LeaderId`.

extension ByteBuffer {
    /// Reads a non-nullable array.
    @inlinable
    public mutating func readKafkaArray<Element>(
        _ field: String, compact: Bool, _ element: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        guard let elements = try readKafkaNullableArray(field, compact: compact, element) else {
            throw KafkaWireError.malformed(field, "array is null but the field is not nullable")
        }
        return elements
    }

    /// Reads a nullable array; count -1 (or compact 0) is null.
    @inlinable
    public mutating func readKafkaNullableArray<Element>(
        _ field: String, compact: Bool, _ element: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        let count = try readKafkaLength(field, compact: compact, small: false)
        if count == -1 { return nil }
        guard count >= 0 else { throw KafkaWireError.malformed(field, "array count \(count) is negative") }
        // Every element takes at least one byte; a larger count cannot be satisfied and must not allocate.
        guard count <= readableBytes else {
            throw KafkaWireError(
                kind: .truncated, message: "array count \(count) exceeds the \(readableBytes) bytes that remain",
                field: field)
        }
        var elements: [Element] = []
        // Bounded: a corrupt count within the frame size must not reserve gigabytes for large elements.
        elements.reserveCapacity(Swift.min(count, 1024))
        for index in 0..<count {
            do {
                elements.append(try element(&self))
            } catch let error as KafkaWireError {
                throw error.nested(in: field, index: index)
            }
        }
        return elements
    }

    @inlinable
    public mutating func writeKafkaArray<Element>(
        _ elements: [Element], compact: Bool, _ element: (inout ByteBuffer, Element) throws -> Void
    ) rethrows {
        writeKafkaLength(elements.count, compact: compact, small: false)
        for value in elements { try element(&self, value) }
    }

    @inlinable
    public mutating func writeKafkaNullableArray<Element>(
        _ elements: [Element]?, compact: Bool, _ element: (inout ByteBuffer, Element) throws -> Void
    ) rethrows {
        guard let elements else {
            writeKafkaLength(-1, compact: compact, small: false)
            return
        }
        try writeKafkaArray(elements, compact: compact, element)
    }

    // MARK: Common element types

    @inlinable
    public mutating func readKafkaInt32Array(_ field: String, compact: Bool) throws -> [Int32] {
        try readKafkaArray(field, compact: compact) { try $0.readKafkaInt32("element") }
    }

    @inlinable
    public mutating func writeKafkaInt32Array(_ elements: [Int32], compact: Bool) {
        writeKafkaArray(elements, compact: compact) { $0.writeInteger($1) }
    }

    @inlinable
    public mutating func readKafkaStringArray(_ field: String, compact: Bool) throws -> [String] {
        try readKafkaArray(field, compact: compact) { try $0.readKafkaString("element", compact: compact) }
    }

    @inlinable
    public mutating func writeKafkaStringArray(_ elements: [String], compact: Bool) {
        writeKafkaArray(elements, compact: compact) { $0.writeKafkaString($1, compact: compact) }
    }
}
