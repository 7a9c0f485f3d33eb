/// Decodes one Protobuf message into the cells of its relation: each top-level field a column, with proto3's
/// defaults for absent fields, NULL for absent fields that have presence, and nested messages, repeated fields and
/// maps as jsonb (docs/protobuf.md).
///
/// Built once per message from its compiled `ProtobufProgram`; `decodeCells` follows the program's tables from the
/// bytes, skips unknown fields, keeps the last value of a non-repeated field (merging repeated occurrences of a
/// message, as Protobuf does), and the last member set of a oneof.
public struct ProtobufRowDecoder: Sendable {
    public let program: ProtobufProgram
    private let defaults: [AvroCell]

    public init(program: ProtobufProgram) {
        self.program = program
        var defaults: [AvroCell] = []
        for field in program.layouts[0].fields {
            defaults.append((try? Self.cell(nil, field, program)) ?? .null)
        }
        self.defaults = defaults
    }

    /// The cells of the message in `bytes[start...]`; byte offsets in errors count from `bytes`' first byte.
    public func decodeCells(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(DecodeError) -> [AvroCell] {
        let values = try decodeMessage(0, bytes, start..<bytes.count, depth: 0)
        var cells = defaults
        let fields = program.layouts[0].fields
        for index in values.indices where values[index] != nil {
            do throws(DecodeError) {
                cells[index] = try Self.cell(values[index], fields[index], program)
            } catch {
                throw DecodeError("column \(fields[index].name): \(error.reason)")
            }
        }
        return cells
    }

    /// The fields of the message of layout `layout` in `range`, nil where absent.
    func decodeMessage(_ layout: Int, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, depth: Int)
        throws(DecodeError) -> [ProtobufValue?]
    {
        guard depth < 100 else { throw DecodeError("Protobuf messages nested deeper than 100 levels") }
        let message = program.layouts[layout]
        var values = [ProtobufValue?](repeating: nil, count: message.fields.count)
        var lists: [Int: [ProtobufValue]] = [:]
        var pending: [Int: [Range<Int>]] = [:]
        var winners: [Int: Int] = [:]
        var reader = ProtobufWireReader(bytes, from: range.lowerBound, to: range.upperBound)
        while !reader.isAtEnd {
            let tagStart = reader.index
            let tag = try reader.varint()
            let number = tag >> 3
            let wireType = UInt8(tag & 7)
            guard number != 0 else { throw DecodeError("malformed Protobuf: field number 0 at byte \(tagStart)") }
            guard let index = message.fieldIndex(number) else {
                try reader.skip(wireType: wireType, number: number, at: tagStart)
                continue
            }
            let field = message.fields[index]
            switch field.kind {
            case .message, .timestamp, .map:
                guard wireType == 2 else {
                    try reader.skip(wireType: wireType, number: number, at: tagStart)
                    continue
                }
                let element = try reader.lengthDelimited()
                if field.repeated {
                    lists[index, default: []].append(try nested(field, bytes, [element], depth: depth))
                } else {
                    pending[index, default: []].append(element)
                }
            case .scalar(let scalar):
                let expected = scalar.wireType
                if wireType == expected {
                    let value = try Self.element(scalar, &reader)
                    if field.repeated { lists[index, default: []].append(value) } else { values[index] = value }
                } else if wireType == 2 && scalar.isPackable {
                    let packed = try reader.lengthDelimited()
                    var inner = ProtobufWireReader(bytes, from: packed.lowerBound, to: packed.upperBound)
                    while !inner.isAtEnd {
                        let value = try Self.element(scalar, &inner)
                        if field.repeated { lists[index, default: []].append(value) } else { values[index] = value }
                    }
                } else {
                    try reader.skip(wireType: wireType, number: number, at: tagStart)
                    continue
                }
            case .enumeration:
                if wireType == 0 {
                    let value = ProtobufValue.enumeration(Int32(truncatingIfNeeded: try reader.varint()))
                    if field.repeated { lists[index, default: []].append(value) } else { values[index] = value }
                } else if wireType == 2 {
                    let packed = try reader.lengthDelimited()
                    var inner = ProtobufWireReader(bytes, from: packed.lowerBound, to: packed.upperBound)
                    while !inner.isAtEnd {
                        let value = ProtobufValue.enumeration(Int32(truncatingIfNeeded: try inner.varint()))
                        if field.repeated { lists[index, default: []].append(value) } else { values[index] = value }
                    }
                } else {
                    try reader.skip(wireType: wireType, number: number, at: tagStart)
                    continue
                }
            }
            if field.oneof >= 0 { winners[field.oneof] = index }
        }
        for (index, ranges) in pending {
            values[index] = try nested(message.fields[index], bytes, ranges, depth: depth)
        }
        for (index, list) in lists {
            if case .map = message.fields[index].kind {
                values[index] = .map(
                    list.map { entry -> (key: ProtobufValue, value: ProtobufValue) in
                        guard case .message(let pair) = entry else { return (key: entry, value: entry) }
                        return (key: pair[0]!, value: pair[1]!)
                    })
            } else {
                values[index] = .list(list)
            }
        }
        if !winners.isEmpty {
            for index in message.fields.indices {
                let oneof = message.fields[index].oneof
                if oneof >= 0, let winner = winners[oneof], winner != index { values[index] = nil }
            }
        }
        return values
    }

    /// A message-typed value from its occurrences: their bytes concatenated are the merged message.
    private func nested(_ field: ProtobufField, _ bytes: UnsafeRawBufferPointer, _ ranges: [Range<Int>], depth: Int)
        throws(DecodeError) -> ProtobufValue
    {
        guard ranges.count > 1 else { return try nested(field, bytes, ranges[0], depth: depth) }
        var joined: [UInt8] = []
        for range in ranges { joined.append(contentsOf: bytes[range]) }
        let result = joined.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try nested(field, raw, 0..<raw.count, depth: depth) }
        }
        return try result.get()
    }

    private func nested(_ field: ProtobufField, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, depth: Int)
        throws(DecodeError) -> ProtobufValue
    {
        switch field.kind {
        case .timestamp: return try Self.timestamp(bytes, range)
        case .message(let layout): return .message(try decodeMessage(layout, bytes, range, depth: depth + 1))
        case .map(let entry):
            let pair = try decodeMessage(entry, bytes, range, depth: depth + 1)
            let fields = program.layouts[entry].fields
            guard fields.count >= 2 else {
                throw DecodeError("the map entry \(program.layouts[entry].fullName) is malformed")
            }
            return .message([pair[0] ?? fields[0].defaultValue, pair[1] ?? Self.absent(fields[1])])
        default: return .message([])
        }
    }

    /// A map value that was not written: its type's default (an empty message for a message value).
    private static func absent(_ field: ProtobufField) -> ProtobufValue {
        switch field.kind {
        case .message, .timestamp: return .message([])
        default: return field.defaultValue
        }
    }
}
