import SwiftProtobuf

/// The PostgreSQL type of a Protobuf relation column (docs/protobuf.md).
public enum ProtobufColumnType: String, Sendable, Hashable {
    case bool, int4, int8, numeric, float4, float8, text, bytea, jsonb, timestamptz
}

/// One relation column of a message: a top-level field.
public struct ProtobufColumn: Sendable, Hashable {
    public var name: String
    public var type: ProtobufColumnType
    public var nullable: Bool
}

/// A message compiled once from its descriptors into flat layouts (every message it reaches, by index), so that
/// decoding finds a field by number in a table and never looks a name up.
///
/// Compiling checks what decoding would otherwise meet per record: every referenced type is in the files, no
/// field is a group, map entries have a key and a value. `columns` are the top-level fields as relation columns.
public struct ProtobufProgram: Sendable {
    /// The layouts; the compiled message is the first.
    let layouts: [ProtobufMessageLayout]
    public let messageName: String
    public let columns: [ProtobufColumn]

    public init(pool: ProtobufDescriptorPool, message name: String) throws(DecodeError) {
        var builder = Builder(pool: pool)
        guard pool.hasMessage(name) else {
            let known = pool.messages.keys.sorted().prefix(10).joined(separator: ", ")
            throw DecodeError("the schema defines no message \(ProtobufDescriptorPool.trimmed(name)) (it has \(known))")
        }
        _ = try builder.layout(of: name)
        layouts = builder.layouts.map { $0! }
        messageName = layouts[0].fullName
        columns = layouts[0].fields.map { field in
            ProtobufColumn(
                name: field.name, type: Self.columnType(field, layouts: builder.layouts),
                nullable: field.hasPresence && !field.repeated)
        }
    }

    private static func columnType(_ field: ProtobufField, layouts: [ProtobufMessageLayout?]) -> ProtobufColumnType {
        if field.repeated { return .jsonb }
        switch field.kind {
        case .message, .map: return .jsonb
        case .timestamp: return .timestamptz
        case .enumeration: return .text
        case .scalar(let scalar):
            switch scalar {
            case .bool: return .bool
            case .int32, .sint32, .sfixed32: return .int4
            case .int64, .sint64, .sfixed64, .uint32, .fixed32: return .int8
            case .uint64, .fixed64: return .numeric
            case .float: return .float4
            case .double: return .float8
            case .string: return .text
            case .bytes: return .bytea
            }
        }
    }

    private struct Builder {
        let pool: ProtobufDescriptorPool
        var layouts: [ProtobufMessageLayout?] = []
        var indexes: [String: Int] = [:]

        mutating func layout(of name: String) throws(DecodeError) -> Int {
            let trimmed = ProtobufDescriptorPool.trimmed(name)
            if let index = indexes[trimmed] { return index }
            guard let message = pool.message(trimmed) else {
                throw DecodeError("the type \(trimmed) is not defined by the schema's files (a missing import?)")
            }
            let index = layouts.count
            indexes[trimmed] = index
            layouts.append(nil)
            var fields: [ProtobufField] = []
            for descriptor in message.descriptor.field {
                fields.append(try field(descriptor, in: message))
            }
            layouts[index] = ProtobufMessageLayout(fullName: trimmed, fields: fields)
            return index
        }

        private mutating func field(
            _ descriptor: Google_Protobuf_FieldDescriptorProto, in message: ProtobufDescriptorPool.Message
        ) throws(DecodeError) -> ProtobufField {
            let repeated = descriptor.label == .repeated
            let kind: ProtobufField.Kind
            switch descriptor.type {
            case .group:
                throw DecodeError(
                    "field \(descriptor.name) of \(message.fullName) is a group, which is not supported; use a message")
            case .message:
                if ProtobufDescriptorPool.trimmed(descriptor.typeName) == "google.protobuf.Timestamp" {
                    kind = .timestamp
                } else if let entry = pool.message(descriptor.typeName), entry.descriptor.options.mapEntry {
                    kind = .map(entry: try layout(of: descriptor.typeName))
                } else {
                    kind = .message(try layout(of: descriptor.typeName))
                }
            case .`enum`:
                guard let enumeration = pool.enumeration(descriptor.typeName), !enumeration.value.isEmpty else {
                    throw DecodeError(
                        "field \(descriptor.name) of \(message.fullName) has the enum type "
                            + "\(ProtobufDescriptorPool.trimmed(descriptor.typeName)), which the schema's files do not "
                            + "define")
                }
                var names: [Int32: String] = [:]
                for value in enumeration.value where names[value.number] == nil { names[value.number] = value.name }
                kind = .enumeration(
                    ProtobufEnumTable(
                        fullName: ProtobufDescriptorPool.trimmed(descriptor.typeName), names: names,
                        first: enumeration.value[0].name))
            default:
                kind = .scalar(try Self.scalar(descriptor))
            }
            if case .map = kind, !repeated {
                throw DecodeError("field \(descriptor.name) of \(message.fullName) is a map entry but not repeated")
            }
            let isMessage: Bool
            switch kind {
            case .message, .timestamp: isMessage = true
            default: isMessage = false
            }
            let presence =
                !repeated
                && (isMessage || descriptor.hasOneofIndex
                    || (message.proto3 ? descriptor.proto3Optional : descriptor.label == .optional))
            return ProtobufField(
                name: descriptor.name, number: descriptor.number, kind: kind, repeated: repeated,
                hasPresence: presence, oneof: descriptor.hasOneofIndex ? Int(descriptor.oneofIndex) : -1,
                defaultValue: try Self.defaultValue(kind, descriptor, message: message))
        }

        private static func scalar(_ descriptor: Google_Protobuf_FieldDescriptorProto) throws(DecodeError)
            -> ProtobufScalar
        {
            switch descriptor.type {
            case .double: return .double
            case .float: return .float
            case .int64: return .int64
            case .uint64: return .uint64
            case .int32: return .int32
            case .fixed64: return .fixed64
            case .fixed32: return .fixed32
            case .bool: return .bool
            case .string: return .string
            case .bytes: return .bytes
            case .uint32: return .uint32
            case .sfixed32: return .sfixed32
            case .sfixed64: return .sfixed64
            case .sint32: return .sint32
            case .sint64: return .sint64
            default: throw DecodeError("field \(descriptor.name) has the unknown type \(descriptor.type.rawValue)")
            }
        }

        /// proto3's zero of the type, or a proto2 field's declared `[default = …]`.
        private static func defaultValue(
            _ kind: ProtobufField.Kind, _ descriptor: Google_Protobuf_FieldDescriptorProto,
            message: ProtobufDescriptorPool.Message
        ) throws(DecodeError) -> ProtobufValue {
            let declared = descriptor.hasDefaultValue ? descriptor.defaultValue : nil
            func bad() -> DecodeError {
                DecodeError(
                    "field \(descriptor.name) of \(message.fullName) has the unreadable default \(declared ?? "")")
            }
            switch kind {
            case .enumeration(let table):
                guard let declared else { return .enumeration(table.names.first { $0.value == table.first }!.key) }
                guard let number = table.names.first(where: { $0.value == declared })?.key else { throw bad() }
                return .enumeration(number)
            case .message, .map, .timestamp: return .message([])
            case .scalar(let scalar):
                switch scalar {
                case .bool: return .bool(declared == "true")
                case .string: return .string(declared ?? "")
                case .bytes: return .bytes(Array((declared ?? "").utf8))
                case .float:
                    guard let declared else { return .float(0) }
                    guard let value = Float(declared) else { throw bad() }
                    return .float(value)
                case .double:
                    guard let declared else { return .double(0) }
                    guard let value = Double(declared) else { throw bad() }
                    return .double(value)
                case .uint64, .fixed64, .uint32, .fixed32:
                    guard let declared else { return .uint(0) }
                    guard let value = UInt64(declared) else { throw bad() }
                    return .uint(value)
                default:
                    guard let declared else { return .int(0) }
                    guard let value = Int64(declared) else { throw bad() }
                    return .int(value)
                }
            }
        }
    }
}
