/// A set-returning function of a SELECT list, joined to the FROM of its SELECT: SQLite's `json_each` over a JSON
/// array (the elements, an object's keys, an array's elements as text), one row per element.
struct SetFunction {
    /// SQL whose value is the JSON array the function runs over.
    var array: String
    var alias: String
}

extension QueryPlanner {
    /// The alias of a set-returning function of the SELECT list over the JSON array `array`. Calls over the same
    /// array share one expansion; calls over different arrays run in lockstep, as PostgreSQL runs them: row n has
    /// the n-th element of each, NULL past the end of the shorter ones.
    mutating func setFunctionAlias(over array: String, at position: SourcePosition) throws(QueryPlanningError)
        -> String
    {
        guard var functions = targetSetFunctions else {
            throw QueryPlanningError(
                sqlState: "0A000", message: "set-returning functions are not allowed here", position: position)
        }
        if let existing = functions.first(where: { $0.array == array }) { return existing.alias }
        let alias = Self.quote("?srf\(functions.count)?")
        functions.append(SetFunction(array: array, alias: alias))
        targetSetFunctions = functions
        return alias
    }

    /// What joins a SELECT's FROM (its last item) for its set-returning functions: one `json_each`, or an index per
    /// row up to the longest array and each function's element at that index.
    static func setFunctionJoin(_ functions: [SetFunction]) -> String {
        guard functions.count > 1 else {
            return functions.map { " JOIN json_each(\($0.array)) AS \($0.alias)" }.joined()
        }
        let zip = quote("?zip?")
        var sql = " JOIN json_each(pg_zip_indexes(\(functions.map(\.array).joined(separator: ", ")))) AS \(zip)"
        for function in functions {
            sql +=
                " LEFT JOIN json_each(\(function.array)) AS \(function.alias) ON \(function.alias).key = \(zip).value"
        }
        return sql
    }

    /// `unnest(array)` and `generate_subscripts(array, 1)` in a SELECT list; nil for other functions.
    mutating func arraySetFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        guard name == "unnest" || name == "generate_subscripts" else { return nil }
        let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
        guard arguments.count == (name == "unnest" ? 1 : 2), let element = arguments[0].type.elementType else {
            throw QueryPlanningError(
                sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position)
        }
        let alias = try setFunctionAlias(over: "pg_array_json(\(arguments[0].sql))", at: position)
        if name == "generate_subscripts" {
            // int2vector and oidvector count from 0, other arrays from 1; only their one dimension has subscripts.
            let vector = arguments[0].type == .int2vector || arguments[0].type == .oidvector
            let dimension = arguments[1].sql
            return TypedSQL(
                sql: "(CASE WHEN \(dimension) = 1 THEN \(alias).key + \(vector ? 0 : 1) END)", type: .int4, name: name)
        }
        let value =
            element.isInteger
            ? "CAST(\(alias).value AS INTEGER)" : element == .bool ? "(\(alias).value = 't')" : "\(alias).value"
        return TypedSQL(sql: value, type: element, name: name)
    }

    /// `array_agg(x [ORDER BY key [DESC]])`: the values as an array (NULL over no rows), in the key's order.
    mutating func arrayAggregate(_ call: FunctionCall, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        guard call.arguments.count == 1, !call.star, call.over == nil, !call.distinct, call.orderBy.count <= 1 else {
            throw .unsupported("this form of array_agg", at: position)
        }
        let value = try expression(call.arguments[0], in: scope)
        let element = value.type.resolvedUnknown
        guard let arrayType = element.arrayType else { throw .unsupported("arrays of \(element.name)", at: position) }
        var key = "NULL"
        var descending = 0
        if let order = call.orderBy.first {
            let typed = try expression(order.expression, in: scope)
            guard typed.type.isInteger || Self.isText(typed.type) else {
                throw .unsupported("array_agg ordered by \(typed.type.name)", at: order.expression.position)
            }
            key = typed.sql
            descending = order.direction == .descending ? 1 : 0
        }
        var sql = "pg_array_agg_ordered(\(Self.elementSQL(value)), \(key), \(descending))"
        if let filter = call.filter { sql += " FILTER (WHERE \(try condition(filter, in: scope)))" }
        return TypedSQL(sql: sql, type: arrayType, name: "array_agg")
    }
}
