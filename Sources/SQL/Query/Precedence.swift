/// PostgreSQL's operator precedence, lowest first (the "Operator Precedence" table of the manual and the
/// `%left`/`%right` lines of gram.y, where unary minus binds tighter than COLLATE and AT TIME ZONE).
enum Precedence: Int, Comparable, Sendable {
    case or = 1
    case and
    case not
    /// `IS …`, `ISNULL`, `NOTNULL`.
    case isTest
    /// `< > = <= >= <>`, non-associative.
    case comparison
    /// `BETWEEN IN LIKE ILIKE SIMILAR`, non-associative.
    case patternMatch
    /// Every other operator: `||`, `~`, `->>`, `@>`, `OPERATOR(…)`, prefix `~` and `@` …
    case otherOperator
    case additive
    case multiplicative
    case exponent
    case atTimeZone
    case collate
    /// Prefix `+` and `-`.
    case unaryMinus
    case arraySubscript
    case cast
    /// Literals, names, calls and everything bracketed.
    case primary

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next tighter level, for the right operand of a left-associative operator.
    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .primary }

    static let comparisonOperators: Set<String> = ["<", ">", "=", "<=", ">=", "<>"]

    /// The level of a binary operator written as a symbol (unqualified).
    static func ofBinary(_ symbol: String) -> Precedence {
        switch symbol {
        case "<", ">", "=", "<=", ">=", "<>": return .comparison
        case "+", "-": return .additive
        case "*", "/", "%": return .multiplicative
        case "^": return .exponent
        default: return .otherOperator
        }
    }

    /// The level of a binary operator as the tree records it: a schema-qualified `OPERATOR(s.op)` is always an
    /// "other" operator, as in gram.y.
    static func of(_ op: Operator) -> Precedence {
        op.schema == nil ? ofBinary(op.symbol) : .otherOperator
    }
}
