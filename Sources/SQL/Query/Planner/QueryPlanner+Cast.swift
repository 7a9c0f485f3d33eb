extension QueryPlanner {
    /// The PostgreSQL type a type name denotes, for the types the planner can cast to.
    static func castTarget(_ type: TypeName) -> SQLType? {
        guard type.name.parts.count == 1 || type.name.schema == "pg_catalog" else { return nil }
        if type.isArray {
            var element = type
            element.arrayBounds = []
            return type.arrayBounds.count == 1 ? castTarget(element)?.arrayType : nil
        }
        switch type.name.name {
        case "oid": return .oid
        case "regclass": return .regclass
        case "regtype": return .regtype
        case "regnamespace": return .regnamespace
        case "regproc": return .regproc
        case "name": return .name
        case "char" where type.name.parts.count == 2 || type.modifiers.isEmpty: return .char
        case "int2", "smallint": return .int2
        case "int4", "int", "integer": return .int4
        case "int8", "bigint": return .int8
        case "float8", "double precision": return .float8
        case "float4", "real": return .float4
        case "numeric", "decimal": return type.modifiers.isEmpty ? .numeric : nil
        case "text": return .text
        case "varchar": return type.modifiers.isEmpty ? .varchar : nil
        case "bool", "boolean": return .bool
        case "jsonb", "json": return .jsonb
        case "bytea": return .bytea
        case "date": return .date
        case "timestamp": return type.modifiers.isEmpty ? .timestamp : nil
        case "timestamptz": return type.modifiers.isEmpty ? .timestamptz : nil
        case "interval": return type.modifiers.isEmpty && type.intervalFields == nil ? .interval : nil
        default: return nil
        }
    }

    /// `operand::type` in SQLite: a checked constant for an untyped literal, else the conversion that gives
    /// PostgreSQL's result (a float cast to an integer rounds; a boolean as text is `true`/`false`).
    mutating func cast(_ typed: TypedSQL, operand: Expression, to typeName: TypeName) throws(QueryPlanningError)
        -> TypedSQL
    {
        if ["numeric", "decimal"].contains(typeName.name.name), !typeName.modifiers.isEmpty, !typeName.isArray,
            typeName.name.parts.count == 1 || typeName.name.schema == "pg_catalog"
        {
            // numeric(precision, scale): rounded to the scale, 22003 when the integer digits do not fit.
            let precision = typeName.modifiers[0]
            let scale = typeName.modifiers.count > 1 ? typeName.modifiers[1] : 0
            guard typeName.modifiers.count <= 2, (1...1000).contains(precision), (0...precision).contains(scale) else {
                throw .refused(
                    "the type \(typeName)", hint: "use numeric(p, s) with 1 <= p <= 1000 and 0 <= s <= p",
                    at: typeName.position)
            }
            var base = typeName
            base.modifiers = []
            var typed = try cast(typed, operand: operand, to: base)
            typed.sql = "pg_num_typmod(\(typed.sql), \(precision), \(scale))"
            return typed
        }
        guard let target = Self.castTarget(typeName) else {
            throw .unsupported("a cast to \(typeName)", at: typeName.position)
        }
        // PostgreSQL names a cast column after its operand, or after the type for a constant.
        let name: String
        if case .column = operand.kind, let operandName = typed.name {
            name = operandName
        } else if typed.literal != nil || typed.sql == "NULL" {
            name = Self.typeColumnName(target)
        } else {
            name = typed.name ?? "?column?"
        }
        if typed.type == .unknown {
            var coerced = try coerce(typed, to: target, at: operand.position)
            coerced.name = name
            return coerced
        }
        let source = typed.type
        if source != target, let converted = try catalogCast(typed, to: target, at: typeName.position) {
            return TypedSQL(sql: converted, type: target, name: name)
        }
        if source != target, let converted = try Self.dateTimeCast(typed, to: target, at: typeName.position) {
            return TypedSQL(sql: converted, type: target, name: name)
        }
        let sql: String
        switch target {
        case _ where source == target:
            sql = typed.sql
        case .int2, .int4, .int8:
            if source.isInteger {
                // A wider integer that does not fit is 22003, as PostgreSQL's casts report it.
                let narrower = (target == .int2 && source != .int2) || (target == .int4 && source == .int8)
                sql = narrower ? "pg_int\(target == .int2 ? 2 : 4)(\(typed.sql))" : typed.sql
            } else if source == .float8 || source == .float4 || source == .numeric {
                // Floats round half to even, numerics half away from zero; 22003 past the type's range.
                let bits = target == .int2 ? 16 : target == .int4 ? 32 : 64
                sql = "pg_to_int(\(typed.sql), \(bits), \(source == .numeric ? 1 : 0))"
            } else if source == .bool {
                guard target == .int4 else { throw Self.noCast(source, target, at: typeName.position) }
                sql = typed.sql
            } else if Self.isText(source) {
                sql = "CAST(\(typed.sql) AS INTEGER)"
            } else {
                throw Self.noCast(source, target, at: typeName.position)
            }
        case .numeric:
            guard source.isNumeric || Self.isText(source) else {
                throw Self.noCast(source, target, at: typeName.position)
            }
            // Exact: an integer's digits, a float's 15 significant digits (as PostgreSQL casts float8), text read
            // as numeric's input.
            sql = "pg_numeric(\(typed.sql))"
        case .float8, .float4:
            guard source.isNumeric || Self.isText(source) else {
                throw Self.noCast(source, target, at: typeName.position)
            }
            sql = "CAST(\(typed.sql) AS REAL)"
        case .text, .varchar:
            if source == .bool {
                sql = "(CASE \(typed.sql) WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)"
            } else if source.isInteger || Self.isText(source) || source.isObjectIdentifier || source.elementType != nil
                || Self.isDateTime(source) || source == .numeric || source == .jsonb
            {
                sql = "CAST(\(typed.sql) AS TEXT)"
            } else {
                throw .unsupported("a cast of \(source.name) to text", at: typeName.position)
            }
        case .bool:
            if source.isInteger {
                guard source == .int4 else { throw Self.noCast(source, target, at: typeName.position) }
                sql = "(\(typed.sql) <> 0)"
            } else {
                throw .unsupported("a cast of \(source.name) to boolean", at: typeName.position)
            }
        case .jsonb:
            guard Self.isText(source) else { throw Self.noCast(source, target, at: typeName.position) }
            sql = "pg_jsonb(\(typed.sql))"
        case .date:
            sql = try Self.dateCast(typed, from: source, at: typeName.position)
        default:
            throw .unsupported("a cast to \(typeName)", at: typeName.position)
        }
        return TypedSQL(sql: sql, type: target, name: name)
    }

    static func noCast(_ source: SQLType, _ target: SQLType, at position: SourcePosition) -> QueryPlanningError {
        QueryPlanningError(
            sqlState: "42846", message: "cannot cast type \(source.name) to \(target.name)", position: position)
    }

    /// The column name PostgreSQL gives a cast constant: the type's internal name.
    static func typeColumnName(_ type: SQLType) -> String {
        switch type {
        case .int2: return "int2"
        case .int4: return "int4"
        case .int8: return "int8"
        case .float8: return "float8"
        case .float4: return "float4"
        case .bool: return "bool"
        case .varchar: return "varchar"
        case .timestamptz: return "timestamptz"
        default: return type.name
        }
    }
}
