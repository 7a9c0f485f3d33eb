extension QueryPlanner {
    /// `x ~ pattern`, `!~`, `~*`, `!~*` (also as `OPERATOR(pg_catalog.~)`): POSIX regular expressions over text, as
    /// psql's `\d name` patterns send them, answered by the engine's `pg_regex`.
    mutating func regexMatch(_ op: Operator, _ left: Expression, _ right: Expression, in scope: Scope)
        throws(QueryPlanningError) -> TypedSQL
    {
        let subject = try text(left, in: scope)
        let pattern = try text(right, in: scope)
        let caseInsensitive = op.symbol.hasSuffix("*")
        let test = "pg_regex(\(subject), \(pattern), \(caseInsensitive ? 1 : 0))"
        return TypedSQL(sql: op.symbol.hasPrefix("!") ? "(NOT \(test))" : test, type: .bool)
    }

    /// The storage SQL of a pg_catalog relation the lookups of object identifiers read.
    func catalogRelation(_ name: String, at position: SourcePosition) throws(QueryPlanningError) -> String {
        guard let shape = resolver.relation(QualifiedName(["pg_catalog", name])) else {
            throw .unsupported("pg_catalog.\(name)", at: position)
        }
        return shape.storageName
    }

    /// An object identifier as the name PostgreSQL prints for it: `regclass` the relation's name, `regtype` the
    /// type's, `regnamespace` the schema's; an identifier nothing has prints as its number, as in PostgreSQL.
    /// Values of these types are those names, so they print as text.
    func objectName(_ sql: String, as type: SQLType, at position: SourcePosition) throws(QueryPlanningError)
        -> String
    {
        let value = "\"?oid?\".v"
        let lookup: String
        switch type {
        case .regclass:
            lookup = "SELECT relname FROM \(try catalogRelation("pg_class", at: position)) WHERE oid = \(value)"
        case .regnamespace:
            lookup = "SELECT nspname FROM \(try catalogRelation("pg_namespace", at: position)) WHERE oid = \(value)"
        case .regtype: lookup = "SELECT format_type(\(value), NULL)"
        default: throw .unsupported("a cast to \(type.name)", at: position)
        }
        return
            "(SELECT CASE WHEN \(value) IS NULL THEN NULL ELSE coalesce((\(lookup)), CAST(\(value) AS TEXT)) END "
            + "FROM (SELECT \(sql) AS v) AS \"?oid?\")"
    }

    /// A text value read as `regclass`, `regtype` or `regnamespace` input (`'events'`, `'pg_catalog.int4'`,
    /// `$1`, or an oid's digits): the name of what it denotes, or the error PostgreSQL gives when nothing is
    /// (42P01 relation, 42704 type, 3F000 schema).
    func objectInput(
        _ text: String, as type: SQLType, at position: SourcePosition, nullWhenMissing: Bool = false
    ) throws(QueryPlanningError) -> String {
        let bare = "pg_unqualified(\(text))"
        let found: String
        let kind: String
        switch type {
        case .regclass:
            found =
                "SELECT relname FROM \(try catalogRelation("pg_class", at: position)) "
                + "WHERE relname = \(bare) OR CAST(oid AS TEXT) = \(text)"
            kind = "relation"
        case .regtype:
            found =
                "SELECT format_type(oid, NULL) FROM \(try catalogRelation("pg_type", at: position)) "
                + "WHERE typname = \(bare) OR format_type(oid, NULL) = \(bare) OR CAST(oid AS TEXT) = \(text)"
            kind = "type"
        case .regnamespace:
            found =
                "SELECT nspname FROM \(try catalogRelation("pg_namespace", at: position)) "
                + "WHERE nspname = \(bare) OR CAST(oid AS TEXT) = \(text)"
            kind = "schema"
        default:
            throw .unsupported("input of type \(type.name)", at: position)
        }
        if nullWhenMissing { return "(\(found) LIMIT 1)" }
        return "pg_object_in((\(found) LIMIT 1), '\(kind)', \(text))"
    }

    /// A regclass, regtype or regnamespace (a name here) as its oid, by which PostgreSQL compares and orders them.
    mutating func objectOid(_ typed: TypedSQL, at position: SourcePosition) throws(QueryPlanningError) -> String {
        guard let oid = try catalogCast(typed, to: .oid, at: position) else {
            throw .unsupported("ordering \(typed.type.name)", at: position)
        }
        return oid
    }

    /// Casts between pg_catalog's types: an integer as `oid`, an `oid` as `regclass`/`regtype`/`regnamespace`, and
    /// those, `name` and `"char"` as text; nil when the target is none of them.
    mutating func catalogCast(_ typed: TypedSQL, to target: SQLType, at position: SourcePosition)
        throws(QueryPlanningError) -> String?
    {
        let source = typed.type
        switch target {
        case .oid:
            if source.isObjectIdentifier, source != .regproc {
                // The name back to its oid.
                let (relation, column) =
                    source == .regclass
                    ? ("pg_class", "relname")
                    : source == .regtype ? ("pg_type", "typname") : ("pg_namespace", "nspname")
                let table = try catalogRelation(relation, at: position)
                let match = source == .regtype ? "format_type(oid, NULL)" : column
                return "(SELECT oid FROM \(table) WHERE \(match) = \(typed.sql) LIMIT 1)"
            }
            guard source.isInteger || Self.isText(source) else { return nil }
            return source.isInteger ? typed.sql : "CAST(\(typed.sql) AS INTEGER)"
        case .regclass, .regtype, .regnamespace:
            if source == target { return typed.sql }
            if Self.isText(source) { return try objectInput(typed.sql, as: target, at: position) }
            guard source.isInteger else {
                throw .unsupported("a cast of \(source.name) to \(target.name)", at: position)
            }
            return try objectName(typed.sql, as: target, at: position)
        case .name, .char:
            guard Self.isText(source) || source.isObjectIdentifier else { return nil }
            return target == .char ? "substr(\(typed.sql), 1, 1)" : typed.sql
        case .regtypeArray:
            // oid[] (and oidvector) as the names of the types, as format_type prints them.
            guard let element = source.elementType, element.isInteger else { return nil }
            return "pg_regtype_array(\(typed.sql))"
        case .textArray where source.elementType != nil:
            // An array's text form is its elements' text, quoted where they need it: the same for text[].
            return typed.sql
        default:
            if let element = target.elementType, let sourceElement = source.elementType, element == sourceElement {
                // int2vector and oidvector print space-separated from subscript 0; as arrays they keep that bound.
                if source == .int2vector || source == .oidvector { return "pg_vector_array(\(typed.sql))" }
                return typed.sql
            }
            return nil
        }
    }

    /// `x = ANY (array)`, `x <> ALL (array)` with SQL's three-valued answer, over the text form of the array.
    mutating func arrayQuantified(
        _ value: Expression, _ op: Operator, _ quantifier: Quantifier, _ array: Expression, in scope: Scope,
        at position: SourcePosition
    ) throws(QueryPlanningError) -> TypedSQL {
        let symbol = op.symbol == "!=" ? "<>" : op.symbol
        let positive = symbol == "=" && quantifier == .any
        let negative = symbol == "<>" && quantifier == .all
        guard op.schema == nil || op.schema == "pg_catalog", positive || negative else {
            throw .unsupported("\(op.symbol) \(quantifier.rawValue) (array)", at: position)
        }
        var list = try expression(array, in: scope)
        var left = try expression(value, in: scope, expecting: list.type.elementType)
        if list.type == .unknown, left.type != .unknown, let arrayType = left.type.arrayType {
            list = try coerce(list, to: arrayType, at: array.position)
        }
        guard let element = list.type.elementType else {
            throw Self.noOperator(symbol, left.type, list.type, at: op.position)
        }
        left = try coerce(left, to: element, at: value.position)
        try Self.checkComparable(left.type, element, symbol: symbol, at: op.position)
        let test = "pg_array_contains(\(list.sql), \(left.sql))"
        return TypedSQL(sql: positive ? test : "(NOT \(test))", type: .bool)
    }

    /// `array || array`: the elements of both, in order (NULL is an empty array, as in PostgreSQL).
    func arrayConcatenation(_ a: TypedSQL, _ b: TypedSQL, at position: SourcePosition) throws(QueryPlanningError)
        -> TypedSQL
    {
        let type = a.type.elementType != nil ? a.type : b.type
        guard a.type == b.type || a.type == .unknown || b.type == .unknown else {
            throw Self.noOperator("||", a.type, b.type, at: position)
        }
        return TypedSQL(sql: "pg_array_cat(\(a.sql), \(b.sql))", type: type)
    }

    /// `ARRAY[a, b]`: the elements' common type, kept in PostgreSQL's text form.
    mutating func arrayConstructor(_ items: [Expression], in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        var typed: [TypedSQL] = []
        var element = SQLType.unknown
        for item in items {
            let value = try expression(item, in: scope)
            guard let common = Self.commonType(element, value.type) else {
                throw QueryPlanningError(
                    sqlState: "42804", message: "ARRAY types \(element.name) and \(value.type.name) cannot be matched",
                    position: item.position)
            }
            element = common
            typed.append(value)
        }
        element = element.resolvedUnknown
        guard let arrayType = element.arrayType else { throw .unsupported("arrays of \(element.name)", at: position) }
        var parts: [String] = []
        for value in typed { parts.append(Self.elementSQL(try coerce(value, to: element, at: position))) }
        return TypedSQL(sql: "pg_array(\(parts.joined(separator: ", ")))", type: arrayType, name: "array")
    }

    /// `ARRAY(SELECT …)`: the subquery's values in its order, `{}` when it has no rows.
    mutating func arraySubquery(_ query: SelectStatement, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        var inner = self
        let planned = try inner.planStatement(query, outer: scope)
        parameterTypes = inner.parameterTypes
        guard planned.columns.count == 1 else {
            throw QueryPlanningError(
                sqlState: "42601", message: "subquery must return only one column", position: query.position)
        }
        let element = planned.columns[0].type.resolvedUnknown
        guard let arrayType = element.arrayType else { throw .unsupported("arrays of \(element.name)", at: position) }
        let column = Self.elementSQL(
            TypedSQL(sql: "\"?array?\"." + Self.quote(planned.columns[0].name), type: element))
        return TypedSQL(
            sql: "(SELECT pg_array_agg(\(column)) FROM (\(planned.sql)) AS \"?array?\")", type: arrayType,
            name: "array")
    }

    /// A value as an array element's text: booleans as `t`/`f`, as PostgreSQL prints them.
    static func elementSQL(_ value: TypedSQL) -> String {
        value.type == .bool ? "(CASE WHEN \(value.sql) THEN 't' WHEN NOT \(value.sql) THEN 'f' END)" : value.sql
    }

    /// `array[i]`: the element (NULL outside the array's bounds), of the element type.
    mutating func subscripted(_ base: Expression, _ selector: Subscript, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        guard case .index(let index) = selector else { throw .unsupported("array slices", at: position) }
        let array = try expression(base, in: scope)
        guard let element = array.type.elementType else {
            throw QueryPlanningError(
                sqlState: "42804",
                message: "cannot subscript type \(array.type.name) because it does not support subscripting",
                position: position)
        }
        let number = try integer(index, in: scope)
        let value = "pg_array_element(\(array.sql), \(number))"
        let sql = element.isInteger ? "CAST(\(value) AS INTEGER)" : element == .bool ? "(\(value) = 't')" : value
        return TypedSQL(sql: sql, type: element, name: array.name)
    }

    /// `unnest(array)` in FROM: its elements in order, through SQLite's `json_each` (which, unlike a subquery in
    /// FROM, may read the columns of the query around it).
    mutating func unnestSource(_ call: FunctionCall, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> (sql: String, type: SQLType, name: String)
    {
        guard call.arguments.count == 1 else { throw .unsupported("unnest of several arrays", at: position) }
        let array = try expression(call.arguments[0], in: scope)
        guard let element = array.type.elementType else {
            throw QueryPlanningError(
                sqlState: "42883", message: "function unnest(\(array.type.resolvedUnknown.name)) does not exist",
                position: position)
        }
        let value = element.isInteger ? "CAST(value AS INTEGER)" : element == .bool ? "(value = 't')" : "value"
        return (
            "(SELECT \(value) AS unnest FROM json_each(pg_array_json(\(array.sql))) ORDER BY key)", element, "unnest"
        )
    }

    /// `information_schema._pg_expandarray(vector)` in a SELECT list (pgjdbc's getPrimaryKeys): one row per
    /// element, the record `(x, n)` of the element and its 1-based position. Identical calls share one expansion,
    /// as PostgreSQL runs the set-returning functions of a SELECT list in lockstep.
    mutating func expandArray(_ arguments: [TypedSQL], at position: SourcePosition) throws(QueryPlanningError)
        -> TypedSQL
    {
        guard arguments.count == 1, let element = arguments[0].type.elementType, element.isInteger else {
            throw .unsupported("_pg_expandarray of anything but int2vector and oidvector", at: position)
        }
        let alias = try setFunctionAlias(over: "pg_array_json(\(arguments[0].sql))", at: position)
        return TypedSQL(
            sql: "json_object('x', CAST(\(alias).value AS INTEGER), 'n', \(alias).key + 1)", type: .expandedArrayRecord,
            name: "_pg_expandarray")
    }

    /// `generate_series(start, stop)` of integers in FROM, as a recursive common table expression.
    mutating func seriesSource(_ call: FunctionCall, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> (sql: String, type: SQLType, name: String)
    {
        guard call.name.parts.count == 1 || call.name.schema == "pg_catalog", !call.star, call.over == nil else {
            throw .unsupported("the function \(call.name) in FROM", at: position)
        }
        if call.name.name == "unnest" { return try unnestSource(call, in: scope, at: position) }
        if call.name.name == "jsonb_object_keys" { return try objectKeysSource(call, in: scope, at: position) }
        guard call.name.name == "generate_series", call.arguments.count == 2 || call.arguments.count == 3, !call.star,
            call.over == nil
        else { throw .unsupported("the function \(call.name) in FROM", at: position) }
        var bounds: [TypedSQL] = []
        for argument in call.arguments {
            let typed = try coerce(try expression(argument, in: scope, expecting: .int4), to: .int4, at: position)
            guard typed.type.isInteger else { throw .unsupported("generate_series(\(typed.type.name))", at: position) }
            bounds.append(typed)
        }
        let type: SQLType = bounds.contains { $0.type == .int8 } ? .int8 : .int4
        let step = bounds.count == 3 ? bounds[2].sql : "1"
        let sql =
            "(WITH RECURSIVE \"?series?\"(v, stop, step) AS (SELECT \(bounds[0].sql), \(bounds[1].sql), \(step) "
            + "WHERE \(step) <> 0 UNION ALL SELECT v + step, stop, step FROM \"?series?\" "
            + "WHERE (step > 0 AND v + step <= stop) OR (step < 0 AND v + step >= stop)) "
            + "SELECT v AS generate_series FROM \"?series?\" WHERE (step > 0 AND v <= stop) OR (step < 0 AND v >= stop))"
        return (sql, type, "generate_series")
    }
}
