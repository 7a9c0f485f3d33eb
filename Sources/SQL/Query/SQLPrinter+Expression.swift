extension SQLPrinter {
    /// An expression as canonical PostgreSQL text.
    public static func print(_ node: Expression) -> String { expression(node) }

    /// An expression, parenthesized when it binds more loosely than `minimum` requires.
    static func expression(_ node: Expression, above minimum: Precedence = .or) -> String {
        let (text, level) = expressionAndLevel(node)
        return level < minimum ? "(" + text + ")" : text
    }

    static func expression(_ call: FunctionCall) -> String {
        var text = functionName(call.name) + "("
        if call.star {
            text += "*"
        } else {
            if call.distinct { text += "DISTINCT " }
            text += list(call.arguments.map { expression($0) })
            if !call.orderBy.isEmpty, !call.withinGroup { text += " ORDER BY " + list(call.orderBy.map(print)) }
        }
        text += ")"
        if call.withinGroup { text += " WITHIN GROUP (ORDER BY " + list(call.orderBy.map(print)) + ")" }
        if let filter = call.filter { text += " FILTER (WHERE " + expression(filter) + ")" }
        switch call.over {
        case nil: break
        case .named(let name): text += " OVER " + identifier(name)
        case .specification(let specification): text += " OVER " + print(specification)
        }
        return text
    }

    /// A function's name: `coalesce`, `left` or `current_schema` stay bare, since quoting them would name a
    /// different function (or none); names whose bare form starts special syntax (`exists`, `row`) are quoted.
    static func functionName(_ name: QualifiedName) -> String {
        guard name.parts.count == 1 else { return name.description }
        let word = name.name
        let special: Set<String> = ["exists", "row", "extract", "position", "trim", "overlay", "array"]
        guard Keywords.needsQuotes(word), !Keywords.reserved.contains(word), !special.contains(word),
            Keywords.isSimpleWord(word)
        else { return name.description }
        return word
    }

    /// Joins a prefix operator to its operand, with a space when they would otherwise lex as one token.
    private static func prefix(_ op: String, _ operand: String) -> String {
        let operatorCharacters: Set<Character> = [
            "+", "-", "*", "/", "<", ">", "=", "~", "!", "@", "#", "%", "^",
            "&", "|", "`", "?",
        ]
        guard let first = operand.first, operatorCharacters.contains(first) || op.count > 1 && first != "(" else {
            return op + operand
        }
        return op + " " + operand
    }

    private static func expressionAndLevel(_ node: Expression) -> (String, Precedence) {
        switch node.kind {
        case .literal(let literal):
            switch literal {
            case .string(let value): return (string(value), .primary)
            case .number(let text): return (text, .primary)
            case .boolean(let value): return (value ? "TRUE" : "FALSE", .primary)
            case .null: return ("NULL", .primary)
            }
        case .column(let parts):
            return (names(parts), .primary)
        case .star(let qualifier):
            return (qualifier.isEmpty ? "*" : names(qualifier) + ".*", .primary)
        case .parameter(let number):
            return ("$\(number)", .primary)
        case .unary(let op, let operand):
            if op.schema == nil, op.symbol == "+" || op.symbol == "-" {
                return (prefix(op.symbol, expression(operand, above: .unaryMinus)), .unaryMinus)
            }
            return (prefix(op.description, expression(operand, above: .additive)), .otherOperator)
        case .binary(let op, let left, let right):
            let level = Precedence.of(op)
            let leftLevel = level == .comparison ? Precedence.patternMatch : level
            let rightLevel = level == .comparison ? Precedence.patternMatch : level.tighter
            return (
                expression(left, above: leftLevel) + " " + op.description + " " + expression(right, above: rightLevel),
                level
            )
        case .not(let operand):
            return ("NOT " + expression(operand, above: .isTest), .not)
        case .and(let items):
            let operands = items.enumerated().map { expression($1, above: $0 == 0 ? .and : .not) }
            return (operands.joined(separator: " AND "), .and)
        case .or(let items):
            let operands = items.enumerated().map { expression($1, above: $0 == 0 ? .or : .and) }
            return (operands.joined(separator: " OR "), .or)
        case .isNull(let operand, let negated):
            return (expression(operand, above: .isTest) + (negated ? " IS NOT NULL" : " IS NULL"), .isTest)
        case .isTruth(let operand, let value, let negated):
            return (expression(operand, above: .isTest) + (negated ? " IS NOT " : " IS ") + value.rawValue, .isTest)
        case .isDistinctFrom(let left, let right, let negated):
            return (
                expression(left, above: .isTest) + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + expression(right, above: .comparison), .isTest
            )
        case .between(let operand, let low, let high, let negated, let symmetric):
            return (
                expression(operand, above: .otherOperator) + (negated ? " NOT" : "") + " BETWEEN "
                    + (symmetric ? "SYMMETRIC " : "") + expression(low, above: .otherOperator) + " AND "
                    + expression(high, above: .otherOperator), .patternMatch
            )
        case .inList(let operand, let items, let negated):
            return (
                expression(operand, above: .otherOperator) + (negated ? " NOT IN (" : " IN (")
                    + list(items.map { expression($0) }) + ")", .patternMatch
            )
        case .inSubquery(let operand, let query, let negated):
            return (
                expression(operand, above: .otherOperator) + (negated ? " NOT IN (" : " IN (") + print(query) + ")",
                .patternMatch
            )
        case .like(let operand, let pattern, let escape, let kind, let negated):
            var text =
                expression(operand, above: .otherOperator) + (negated ? " NOT " : " ") + kind.rawValue + " "
                + expression(pattern, above: .otherOperator)
            if let escape { text += " ESCAPE " + expression(escape, above: .otherOperator) }
            return (text, .patternMatch)
        case .quantified(let left, let op, let quantifier, let operand):
            let level = Precedence.of(op)
            let inner: String
            switch operand {
            case .array(let array): inner = expression(array)
            case .subquery(let query): inner = print(query)
            }
            return (
                expression(left, above: level == .comparison ? .patternMatch : level) + " " + op.description + " "
                    + quantifier.rawValue + " (" + inner + ")", level
            )
        case .exists(let query):
            return ("EXISTS (" + print(query) + ")", .primary)
        case .subquery(let query):
            return ("(" + print(query) + ")", .primary)
        case .array(let items):
            return ("ARRAY[" + list(items.map { expression($0) }) + "]", .primary)
        case .arraySubquery(let query):
            return ("ARRAY(" + print(query) + ")", .primary)
        case .subscripted(let base, let element):
            var text: String
            switch base.kind {
            case .column, .parameter, .subscripted: text = expression(base)
            default: text = "(" + expression(base) + ")"
            }
            switch element {
            case .index(let position): text += "[" + expression(position) + "]"
            case .slice(let lower, let upper):
                text += "[" + (lower.map { expression($0) } ?? "") + ":" + (upper.map { expression($0) } ?? "") + "]"
            }
            return (text, .arraySubscript)
        case .row(let items, let explicit):
            if explicit || items.count < 2 { return ("ROW(" + list(items.map { expression($0) }) + ")", .primary) }
            return ("(" + list(items.map { expression($0) }) + ")", .primary)
        case .field(let base, let name):
            return ("(" + expression(base) + ")." + (name.map(identifier) ?? "*"), .primary)
        case .cast(let value, let type):
            return ("CAST(" + expression(value) + " AS " + type.description + ")", .primary)
        case .function(let call):
            return (expression(call), .primary)
        case .caseWhen(let caseExpression):
            var text = "CASE"
            if let operand = caseExpression.operand { text += " " + expression(operand) }
            for branch in caseExpression.branches {
                text += " WHEN " + expression(branch.condition) + " THEN " + expression(branch.result)
            }
            if let elseResult = caseExpression.elseResult { text += " ELSE " + expression(elseResult) }
            return (text + " END", .primary)
        case .extract(let field, let value):
            return ("EXTRACT(" + identifier(field) + " FROM " + expression(value) + ")", .primary)
        case .position(let needle, let haystack):
            return (
                "POSITION(" + expression(needle, above: .otherOperator) + " IN "
                    + expression(haystack, above: .otherOperator) + ")", .primary
            )
        case .substring(let value, let from, let count):
            var text = "SUBSTRING(" + expression(value)
            if let from { text += " FROM " + expression(from) }
            if let count { text += " FOR " + expression(count) }
            return (text + ")", .primary)
        case .trim(let side, let characters, let value):
            let chars = characters.map { expression($0) + " " } ?? ""
            return ("TRIM(" + side.rawValue + " " + chars + "FROM " + expression(value) + ")", .primary)
        case .sqlValue(let function, let precision):
            return (function.rawValue.uppercased() + (precision.map { "(\($0))" } ?? ""), .primary)
        case .atTimeZone(let value, let zone):
            return (
                expression(value, above: .atTimeZone) + " AT TIME ZONE " + expression(zone, above: .collate),
                .atTimeZone
            )
        case .collate(let value, let collation):
            return (expression(value, above: .collate) + " COLLATE " + collation.description, .collate)
        }
    }
}

extension Expression: CustomStringConvertible {
    public var description: String { SQLPrinter.expression(self) }
}
