import Formats
import SQL

/// The relation columns of a compiled Protobuf message (docs/protobuf.md, "Types in relations"): its top-level
/// fields, with the PostgreSQL types `ProtobufProgram` gives them.
public enum ProtobufColumns {
    public static func plan(_ program: ProtobufProgram) -> [RelationColumn] {
        program.columns.map { column in
            RelationColumn(name: column.name, type: columnType(column.type), nullable: column.nullable)
        }
    }

    static func columnType(_ type: ProtobufColumnType) -> ColumnType {
        switch type {
        case .bool: return .bool
        case .int4: return .int4
        case .int8: return .int8
        case .numeric: return .numeric
        case .float4: return .float4
        case .float8: return .float8
        case .text: return .text
        case .bytea: return .bytea
        case .jsonb: return .jsonb
        case .timestamptz: return .timestamptz
        }
    }
}
