import Formats
import SQL

/// The relation columns an Avro reader schema plans to (docs/avro.md, "Types in relations"): a record's fields
/// with their PostgreSQL types, or one `value` column for any other schema.
///
/// `["null", T]` (in either order) is T, nullable; a union of other branches is text (each value prints its
/// branch's text); records, arrays and maps are jsonb.
public enum AvroColumns {
    public static func plan(_ schema: AvroSchema) -> [RelationColumn] {
        guard case .record(let record) = schema else {
            let (type, nullable) = columnType(schema)
            return [RelationColumn(name: "value", type: type, nullable: nullable)]
        }
        return record.fields.map { field in
            let (type, nullable) = columnType(field.type)
            return RelationColumn(name: field.name, type: type, nullable: nullable)
        }
    }

    static func columnType(_ schema: AvroSchema) -> (ColumnType, nullable: Bool) {
        switch schema {
        case .null: return (.text, true)
        case .boolean: return (.bool, false)
        case .int: return (.int4, false)
        case .long: return (.int8, false)
        case .float: return (.float4, false)
        case .double: return (.float8, false)
        case .string, .enumeration: return (.text, false)
        case .bytes, .fixed: return (.bytea, false)
        case .decimal: return (.numeric, false)
        case .uuid: return (.uuid, false)
        case .date: return (.date, false)
        case .timeMillis, .timeMicros: return (.time, false)
        case .timestampMillis, .timestampMicros, .localTimestampMillis, .localTimestampMicros:
            return (.timestamp, false)
        case .record, .array, .map: return (.jsonb, false)
        case .union(let branches):
            let others = branches.filter { $0 != .null }
            let nullable = others.count < branches.count
            if others.count == 1 { return (columnType(others[0]).0, nullable) }
            return (.text, nullable)
        }
    }
}
