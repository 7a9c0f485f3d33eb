/// PostgreSQL's jsonb operators and functions in SQLite. A jsonb value is the text PostgreSQL prints for it (keys
/// shorter first then in byte order, `", "` and `": "`): what FORMAT JSON sources store, and what the engine's
/// `pg_jsonb*` functions return, so equal documents are equal text and every result prints as PostgreSQL's.
extension QueryPlanner {
    static let jsonbOperators: Set<String> = ["->", "->>", "#>", "#>>", "@>", "<@", "?", "?|", "?&"]

    mutating func jsonbOperator(_ op: Operator, _ left: Expression, _ right: Expression, in scope: Scope)
        throws(QueryPlanningError) -> TypedSQL
    {
        var document = try expression(left, in: scope, expecting: .jsonb)
        if document.type == .unknown, op.symbol == "@>" || op.symbol == "<@" {
            document = try coerce(document, to: .jsonb, at: left.position)
        }
        guard document.type == .jsonb else {
            throw Self.noOperator(op.symbol, document.type, .unknown, at: op.position)
        }
        switch op.symbol {
        case "->", "->>":
            var key = try expression(right, in: scope, expecting: .text)
            let keyName = key.literal
            key = try coerce(key, to: .text, at: right.position)
            guard Self.isText(key.type) || key.type.isInteger else {
                throw Self.noOperator(op.symbol, .jsonb, key.type, at: op.position)
            }
            let asText = op.symbol == "->>"
            let name = asText ? (keyName ?? "?column?") : document.name
            let engine = "pg_jsonb_get(\(document.sql), \(key.sql), \(asText ? 1 : 0))"
            guard Self.isText(key.type) else { return TypedSQL(sql: engine, type: asText ? .text : .jsonb, name: name) }
            // SQLite's own -> finds a member fast and gives a scalar's jsonb text as the document has it; only
            // containers need jsonb's spacing (SQLite prints them without spaces), and ->> a string's text.
            let value = "(\(document.sql) -> \(key.sql))"
            let sql =
                "(CASE json_type(\(value)) WHEN 'object' THEN \(engine) WHEN 'array' THEN \(engine) "
                + (asText ? "WHEN 'text' THEN \(value) ->> '$' WHEN 'null' THEN NULL " : "") + "ELSE \(value) END)"
            return TypedSQL(sql: sql, type: asText ? .text : .jsonb, name: name)
        case "#>", "#>>":
            let path = try coerce(
                try expression(right, in: scope, expecting: .textArray), to: .textArray, at: right.position)
            guard path.type == .textArray else { throw Self.noOperator(op.symbol, .jsonb, path.type, at: op.position) }
            let asText = op.symbol == "#>>"
            return TypedSQL(
                sql: "pg_jsonb_path(\(document.sql), \(path.sql), \(asText ? 1 : 0))", type: asText ? .text : .jsonb,
                name: "?column?")
        case "@>", "<@":
            let other = try coerce(try expression(right, in: scope, expecting: .jsonb), to: .jsonb, at: right.position)
            guard other.type == .jsonb else { throw Self.noOperator(op.symbol, .jsonb, other.type, at: op.position) }
            let (container, contained) = op.symbol == "@>" ? (document, other) : (other, document)
            return TypedSQL(sql: "pg_jsonb_contains(\(container.sql), \(contained.sql))", type: .bool)
        case "?":
            let key = try coerce(try expression(right, in: scope, expecting: .text), to: .text, at: right.position)
            guard Self.isText(key.type) else { throw Self.noOperator("?", .jsonb, key.type, at: op.position) }
            return TypedSQL(sql: "pg_jsonb_exists(\(document.sql), \(key.sql))", type: .bool)
        default:
            let keys = try coerce(
                try expression(right, in: scope, expecting: .textArray), to: .textArray, at: right.position)
            guard keys.type == .textArray else { throw Self.noOperator(op.symbol, .jsonb, keys.type, at: op.position) }
            return TypedSQL(
                sql: "pg_jsonb_exists_keys(\(document.sql), \(keys.sql), \(op.symbol == "?|" ? 1 : 0))", type: .bool)
        }
    }

    /// `jsonb || jsonb`: objects merge, arrays concatenate, other values become one-element arrays.
    mutating func jsonbConcatenation(_ a: TypedSQL, _ b: TypedSQL, at position: SourcePosition)
        throws(QueryPlanningError)
        -> TypedSQL
    {
        var left = a
        var right = b
        if left.type == .unknown { left = try coerce(left, to: .jsonb, at: position) }
        if right.type == .unknown { right = try coerce(right, to: .jsonb, at: position) }
        guard left.type == .jsonb, right.type == .jsonb else {
            throw Self.noOperator("||", left.type, right.type, at: position)
        }
        return TypedSQL(sql: "pg_jsonb_concat(\(left.sql), \(right.sql))", type: .jsonb)
    }

    /// `jsonb - 'key'`, `jsonb - index`, `jsonb - '{a,b}'::text[]`.
    func jsonbDeletion(_ document: TypedSQL, _ key: TypedSQL, at position: SourcePosition) throws(QueryPlanningError)
        -> TypedSQL
    {
        if key.type == .textArray {
            return TypedSQL(sql: "pg_jsonb_delete_keys(\(document.sql), \(key.sql))", type: .jsonb)
        }
        guard Self.isText(key.type) || key.type.isInteger else {
            throw Self.noOperator("-", .jsonb, key.type, at: position)
        }
        return TypedSQL(sql: "pg_jsonb_delete(\(document.sql), \(key.sql))", type: .jsonb)
    }

    /// How the engine turns a value of `type` into jsonb (`pg_jsonb_build_object`, `pg_jsonb_agg`), or nil.
    static func jsonbKind(_ type: SQLType) -> String? {
        switch type {
        case .jsonb: return "j"
        case .bool: return "b"
        case .timestamp: return "ts"
        case .timestamptz: return "tz"
        case .date, .interval, .unknown: return "t"
        default:
            if type.isNumeric, !type.isObjectIdentifier { return "n" }
            return isText(type) ? "t" : nil
        }
    }

    /// jsonb_typeof, jsonb_array_length, jsonb_object_keys (in a SELECT list), jsonb_build_object; nil for other
    /// functions.
    mutating func jsonbFunction(
        _ name: String, arguments: [TypedSQL], at position: SourcePosition, inFrom: Bool = false
    ) throws(QueryPlanningError) -> TypedSQL? {
        func document() throws(QueryPlanningError) -> TypedSQL {
            guard arguments.count == 1 else {
                throw QueryPlanningError(
                    sqlState: "42883",
                    message:
                        "function \(name)(\(arguments.map(\.type.resolvedUnknown.name).joined(separator: ", "))) does not exist",
                    position: position)
            }
            let value = try coerce(arguments[0], to: .jsonb, at: position)
            guard value.type == .jsonb else {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(value.type.name)) does not exist",
                    position: position, hint: "add ::jsonb")
            }
            return value
        }
        switch name {
        case "jsonb_typeof":
            return TypedSQL(sql: "pg_jsonb_typeof(\(try document().sql))", type: .text, name: name)
        case "jsonb_array_length":
            return TypedSQL(sql: "pg_jsonb_array_length(\(try document().sql))", type: .int4, name: name)
        case "jsonb_object_keys":
            let value = try document()
            if inFrom { return TypedSQL(sql: "pg_jsonb_object_keys_check(\(value.sql))", type: .jsonb) }
            let alias = try setFunctionAlias(
                over: "pg_json_keys(pg_jsonb_object_keys_check(\(value.sql)))", at: position)
            return TypedSQL(sql: "\(alias).value", type: .text, name: name)
        case "jsonb_array_elements", "jsonb_array_elements_text":
            // One row per element, in order: SQLite's json_each over the array, each element looked up by index.
            let value = try document()
            let alias = try setFunctionAlias(over: "pg_jsonb_array_check(\(value.sql))", at: position)
            let asText = name == "jsonb_array_elements_text"
            let element = "(\(value.sql) -> \(alias).key)"
            let engine = "pg_jsonb_get(\(value.sql), \(alias).key, \(asText ? 1 : 0))"
            let sql =
                "(CASE \(alias).type WHEN 'object' THEN \(engine) WHEN 'array' THEN \(engine) "
                + (asText ? "WHEN 'text' THEN \(element) ->> '$' WHEN 'null' THEN NULL " : "") + "ELSE \(element) END)"
            return TypedSQL(sql: sql, type: asText ? .text : .jsonb, name: name)
        case "jsonb_build_object":
            guard arguments.count % 2 == 0 else {
                throw QueryPlanningError(
                    sqlState: "22023", message: "argument list must have even number of elements", position: position,
                    hint: "The arguments of jsonb_build_object() must consist of alternating keys and values.")
            }
            var parts: [String] = []
            for pair in stride(from: 0, to: arguments.count, by: 2) {
                let key = arguments[pair]
                let value = arguments[pair + 1]
                guard Self.isText(key.type) || key.type == .unknown || key.type.isNumeric,
                    let kind = Self.jsonbKind(value.type)
                else {
                    throw .refused(
                        "jsonb_build_object with a \(key.type.isNumeric || Self.isText(key.type) ? value.type.name : key.type.name) argument",
                        hint: "cast it to text", at: position)
                }
                parts += [key.sql, "'\(kind)'", value.sql]
            }
            return TypedSQL(sql: "pg_jsonb_build_object(\(parts.joined(separator: ", ")))", type: .jsonb, name: name)
        default:
            return nil
        }
    }

    /// `jsonb_object_keys(doc)` in FROM: the object's keys in jsonb's order, through SQLite's `json_each`.
    mutating func objectKeysSource(_ call: FunctionCall, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> (sql: String, type: SQLType, name: String)
    {
        var arguments: [TypedSQL] = []
        // A function in FROM runs as a subquery here, which cannot read the columns of the FROM items before it.
        let outer = Scope(entries: [], parent: scope.parentScope)
        for argument in call.arguments {
            do {
                arguments.append(try expression(argument, in: outer))
            } catch  where error.sqlState == "42703" || error.sqlState == "42P01" {
                _ = try expression(argument, in: scope)
                throw .refused(
                    "jsonb_object_keys in FROM over the columns before it",
                    hint: "call it in the SELECT list: SELECT jsonb_object_keys(doc) FROM …", at: position)
            }
        }
        let keys = try jsonbFunction("jsonb_object_keys", arguments: arguments, at: position, inFrom: true)
        return ("(SELECT key AS jsonb_object_keys FROM json_each(\(keys?.sql ?? "NULL")))", .text, "jsonb_object_keys")
    }
}
