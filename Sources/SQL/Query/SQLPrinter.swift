/// Prints a query tree as canonical PostgreSQL text: keywords upper case, names quoted only when they must be,
/// parentheses only where precedence needs them, casts as `CAST(x AS type)`.
///
/// Parsing the printed text gives the same tree, so tests can round-trip and a planner can show what it read.
public enum SQLPrinter {
    public static func print(_ statement: SelectStatement) -> String {
        var parts: [String] = []
        if let with = statement.with { parts.append(print(with)) }
        parts.append(print(statement.body, nestedIn: nil, isRight: false))
        if !statement.orderBy.isEmpty { parts.append("ORDER BY " + list(statement.orderBy.map(print))) }
        if let limit = statement.limit { parts.append(print(limit)) }
        return parts.joined(separator: " ")
    }

    /// A name as an identifier: bare when it reads back the same, double-quoted otherwise.
    public static func identifier(_ name: String) -> String {
        guard Keywords.needsQuotes(name) else { return name }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A string constant in standard form: `'it''s'`.
    public static func string(_ value: String) -> String {
        "'" + value.replacingAll("'", with: "''") + "'"
    }

    static func list(_ items: [String]) -> String { items.joined(separator: ", ") }

    static func names(_ parts: [String]) -> String { parts.map(identifier).joined(separator: ".") }

    static func print(_ with: WithClause) -> String {
        let queries = with.queries.map { query -> String in
            var text = identifier(query.name)
            if !query.columns.isEmpty { text += "(" + list(query.columns.map(identifier)) + ")" }
            text += " AS "
            switch query.materialization {
            case .unspecified: break
            case .materialized: text += "MATERIALIZED "
            case .notMaterialized: text += "NOT MATERIALIZED "
            }
            return text + "(" + print(query.query) + ")"
        }
        return "WITH " + (with.recursive ? "RECURSIVE " : "") + list(queries)
    }

    /// A query body; `nestedIn` is the set operation it is an operand of, which decides its parentheses.
    static func print(_ body: QueryBody, nestedIn parent: SetOperation.Kind?, isRight: Bool) -> String {
        switch body {
        case .select(let clause):
            return print(clause)
        case .values(let rows, _):
            return "VALUES " + list(rows.map { "(" + list($0.map { expression($0) }) + ")" })
        case .table(let name):
            return "TABLE " + name.description
        case .nested(let statement):
            return "(" + print(statement) + ")"
        case .setOperation(let operation):
            let text =
                print(operation.left, nestedIn: operation.kind, isRight: false) + " " + operation.kind.rawValue
                + (operation.all ? " ALL " : " ") + print(operation.right, nestedIn: operation.kind, isRight: true)
            guard let parent else { return text }
            let level = operation.kind == .intersect ? 2 : 1
            let parentLevel = parent == .intersect ? 2 : 1
            return level < parentLevel || (isRight && level == parentLevel) ? "(" + text + ")" : text
        }
    }

    static func print(_ clause: SelectClause) -> String {
        var text = "SELECT"
        switch clause.distinct {
        case .all: break
        case .distinct: text += " DISTINCT"
        case .distinctOn(let expressions): text += " DISTINCT ON (" + list(expressions.map { expression($0) }) + ")"
        }
        if !clause.targets.isEmpty {
            text +=
                " "
                + list(
                    clause.targets.map { item in
                        expression(item.expression) + (item.alias.map { " AS " + identifier($0) } ?? "")
                    })
        }
        if !clause.from.isEmpty { text += " FROM " + list(clause.from.map(print)) }
        if let condition = clause.whereClause { text += " WHERE " + expression(condition) }
        if let sets = clause.groupingSets {
            text +=
                " GROUP BY GROUPING SETS ("
                + list(sets.map { "(" + list($0.map { expression($0) }) + ")" }) + ")"
        } else if !clause.groupBy.isEmpty {
            text += " GROUP BY " + list(clause.groupBy.map { expression($0) })
        }
        if let having = clause.having { text += " HAVING " + expression(having) }
        if !clause.windows.isEmpty {
            text += " WINDOW " + list(clause.windows.map { identifier($0.name) + " AS " + print($0.specification) })
        }
        return text
    }

    static func print(_ item: OrderItem) -> String {
        var text = expression(item.expression)
        switch item.direction {
        case .unspecified: break
        case .ascending: text += " ASC"
        case .descending: text += " DESC"
        }
        switch item.nulls {
        case .unspecified: break
        case .first: text += " NULLS FIRST"
        case .last: text += " NULLS LAST"
        }
        return text
    }

    static func print(_ limit: LimitClause) -> String {
        var parts: [String] = []
        if limit.withTies, let count = limit.count {
            if let offset = limit.offset { parts.append("OFFSET " + expression(offset)) }
            parts.append("FETCH FIRST (" + expression(count) + ") ROWS WITH TIES")
            return parts.joined(separator: " ")
        }
        if let count = limit.count { parts.append("LIMIT " + expression(count)) }
        if let offset = limit.offset { parts.append("OFFSET " + expression(offset)) }
        return parts.joined(separator: " ")
    }

    static func print(_ reference: TableReference) -> String {
        var text: String
        switch reference.kind {
        case .relation(let name, let only):
            text = (only ? "ONLY " : "") + name.description
        case .subquery(let query, let lateral):
            text = (lateral ? "LATERAL " : "") + "(" + print(query) + ")"
        case .function(let call, let lateral, let ordinality):
            text = (lateral ? "LATERAL " : "") + expression(call) + (ordinality ? " WITH ORDINALITY" : "")
        case .nested(let inner):
            text = "(" + print(inner) + ")"
        case .join(let join):
            text = print(join.left)
            if case .natural = join.condition { text += " NATURAL" }
            // A join on the right side is parenthesized: joins here are left-associative.
            let right: String
            if case .join = join.right.kind, join.right.alias == nil {
                right = "(" + print(join.right) + ")"
            } else {
                right = print(join.right)
            }
            text += " " + join.kind.rawValue + " " + right
            switch join.condition {
            case .none, .natural: break
            case .on(let condition): text += " ON " + expression(condition)
            case .using(let columns): text += " USING (" + list(columns.map(identifier)) + ")"
            }
        }
        if let alias = reference.alias {
            text += " AS " + identifier(alias.name)
            if !alias.columns.isEmpty { text += "(" + list(alias.columns.map(identifier)) + ")" }
        }
        return text
    }

    static func print(_ specification: WindowSpecification) -> String {
        var parts: [String] = []
        if let existing = specification.existing { parts.append(identifier(existing)) }
        if !specification.partitionBy.isEmpty {
            parts.append("PARTITION BY " + list(specification.partitionBy.map { expression($0) }))
        }
        if !specification.orderBy.isEmpty { parts.append("ORDER BY " + list(specification.orderBy.map(print))) }
        if let frame = specification.frame {
            var text = frame.mode.rawValue + " "
            if let end = frame.end {
                text += "BETWEEN " + print(frame.start) + " AND " + print(end)
            } else {
                text += print(frame.start)
            }
            if let exclusion = frame.exclusion { text += " EXCLUDE " + exclusion.rawValue }
            parts.append(text)
        }
        return "(" + parts.joined(separator: " ") + ")"
    }

    static func print(_ bound: WindowFrame.Bound) -> String {
        switch bound {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let offset): return expression(offset, above: .unaryMinus) + " PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let offset): return expression(offset, above: .unaryMinus) + " FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }
}

extension SelectStatement: CustomStringConvertible {
    public var description: String { SQLPrinter.print(self) }
}
