/// A value expression of PostgreSQL's grammar (`a_expr`), with the position it starts at.
///
/// Typed literals (`DATE '2024-01-01'`), `CAST(x AS t)` and `x::t` are all `.cast`, as in PostgreSQL's own
/// tree; `COALESCE`, `NULLIF`, `GREATEST`, `LEAST` and `OVERLAY(… PLACING … FROM … FOR …)` are function calls by
/// those names.
public struct Expression: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case literal(Literal)
        /// `a`, `t.a`, `s.t.a`: names as folded by the lexer.
        case column([String])
        /// `*` (empty qualifier) or `t.*`.
        case star(qualifier: [String])
        /// `$1`, `$2`, … (1-based).
        case parameter(Int)
        /// A prefix operator: `-x`, `+x`, `~x`, `@x`, `|/x`, `OPERATOR(pg_catalog.-) x`.
        case unary(Operator, Expression)
        /// Any binary operator but AND and OR: arithmetic, comparison, `||`, `~`, `->>`, `@>`, …
        case binary(Operator, Expression, Expression)
        case not(Expression)
        /// `a AND b AND c`, flattened as PostgreSQL's parser does: a left operand that is itself an AND (even in
        /// parentheses) contributes its operands.
        case and([Expression])
        /// `a OR b OR c`, flattened like AND.
        case or([Expression])
        /// `x IS [NOT] NULL`, `x ISNULL`, `x NOTNULL`.
        case isNull(Expression, negated: Bool)
        /// `x IS [NOT] TRUE|FALSE|UNKNOWN`.
        case isTruth(Expression, TruthValue, negated: Bool)
        /// `x IS [NOT] DISTINCT FROM y`.
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
        case between(Expression, low: Expression, high: Expression, negated: Bool, symmetric: Bool)
        /// `x [NOT] IN (a, b, …)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] IN (SELECT …)`.
        case inSubquery(Expression, SelectStatement, negated: Bool)
        /// `x [NOT] LIKE|ILIKE|SIMILAR TO pattern [ESCAPE e]`.
        case like(Expression, pattern: Expression, escape: Expression?, kind: PatternKind, negated: Bool)
        /// `x op ANY|ALL (array or subquery)`; SOME is ANY.
        case quantified(Expression, Operator, Quantifier, QuantifiedOperand)
        case exists(SelectStatement)
        /// A scalar subquery: `(SELECT …)`.
        case subquery(SelectStatement)
        /// `ARRAY[…]`; the inner bare brackets of `ARRAY[[1, 2], [3, 4]]` are nested `.array`s.
        case array([Expression])
        /// `ARRAY(SELECT …)`.
        case arraySubquery(SelectStatement)
        /// `x[i]` or `x[low:high]`.
        case subscripted(Expression, Subscript)
        /// `ROW(a, b)` (explicit) or `(a, b)`.
        case row([Expression], explicit: Bool)
        /// `(x).name`, or `(x).*` when the name is nil.
        case field(Expression, name: String?)
        case cast(Expression, TypeName)
        case function(FunctionCall)
        case caseWhen(CaseExpression)
        /// `EXTRACT(field FROM x)`; the field is lower case (`year`, `epoch`, …).
        case extract(field: String, from: Expression)
        /// `POSITION(needle IN haystack)`.
        case position(Expression, in: Expression)
        /// `SUBSTRING(x FROM a FOR b)`; the comma form is a plain function call.
        case substring(Expression, from: Expression?, for: Expression?)
        /// `TRIM([LEADING|TRAILING|BOTH] [characters] FROM x)`; `TRIM(x, characters)` is the same node.
        case trim(TrimSide, characters: Expression?, from: Expression)
        /// `CURRENT_DATE`, `CURRENT_TIMESTAMP(3)`, `CURRENT_USER`, …
        case sqlValue(SQLValueFunction, precision: Int?)
        /// `x AT TIME ZONE zone`.
        case atTimeZone(Expression, zone: Expression)
        /// `x COLLATE name`.
        case collate(Expression, QualifiedName)
    }

    public var kind: Kind
    public var position: SourcePosition

    public init(_ kind: Kind, position: SourcePosition = .synthesized) {
        self.kind = kind
        self.position = position
    }
}

/// A constant as written; numbers keep their text so that no precision is lost before planning.
public enum Literal: Hashable, Sendable {
    /// Any string form: `'…'`, `E'…'`, `$$…$$`, with escapes already applied.
    case string(String)
    /// `42`, `3.5`, `1e5`, `.5`.
    case number(String)
    case boolean(Bool)
    case null
}

/// An operator name, optionally schema-qualified as in `OPERATOR(pg_catalog.~)`.
public struct Operator: Hashable, Sendable, CustomStringConvertible {
    public var symbol: String
    public var schema: String?
    /// Where the operator is written, which is where PostgreSQL points "operator does not exist" errors.
    public var position: SourcePosition

    public init(_ symbol: String, schema: String? = nil, position: SourcePosition = .synthesized) {
        self.symbol = symbol
        self.schema = schema
        self.position = position
    }

    public var description: String {
        guard let schema else { return symbol }
        return "OPERATOR(\(SQLPrinter.identifier(schema)).\(symbol))"
    }
}

public enum TruthValue: String, Hashable, Sendable {
    case `true` = "TRUE"
    case `false` = "FALSE"
    case unknown = "UNKNOWN"
}

public enum PatternKind: String, Hashable, Sendable {
    case like = "LIKE"
    case ilike = "ILIKE"
    case similarTo = "SIMILAR TO"
}

public enum Quantifier: String, Hashable, Sendable {
    case any = "ANY"
    case all = "ALL"
}

public enum QuantifiedOperand: Hashable, Sendable {
    /// `= ANY (array_expression)`.
    case array(Expression)
    /// `= ANY (SELECT …)`.
    case subquery(SelectStatement)
}

public enum Subscript: Hashable, Sendable {
    case index(Expression)
    /// `[low:high]`, either bound may be omitted.
    case slice(Expression?, Expression?)
}

public enum TrimSide: String, Hashable, Sendable {
    case both = "BOTH"
    case leading = "LEADING"
    case trailing = "TRAILING"
}

/// The SQL-standard value functions written without parentheses.
public enum SQLValueFunction: String, Hashable, Sendable, CaseIterable {
    case currentDate = "current_date"
    case currentTime = "current_time"
    case currentTimestamp = "current_timestamp"
    case localTime = "localtime"
    case localTimestamp = "localtimestamp"
    case currentRole = "current_role"
    case currentUser = "current_user"
    case sessionUser = "session_user"
    case user = "user"
    case currentCatalog = "current_catalog"
    case currentSchema = "current_schema"

    /// The ones that take a precision: `CURRENT_TIMESTAMP(3)`.
    public var takesPrecision: Bool {
        switch self {
        case .currentTime, .currentTimestamp, .localTime, .localTimestamp: return true
        default: return false
        }
    }
}

/// `name([DISTINCT] args [ORDER BY …]) [WITHIN GROUP (ORDER BY …)] [FILTER (WHERE …)] [OVER …]`.
public struct FunctionCall: Hashable, Sendable {
    public var name: QualifiedName
    public var arguments: [Expression]
    /// `count(*)`.
    public var star: Bool
    public var distinct: Bool
    /// `string_agg(x, ',' ORDER BY y)`, or the ordering of `WITHIN GROUP (ORDER BY …)`.
    public var orderBy: [OrderItem]
    public var withinGroup: Bool
    public var filter: Expression?
    public var over: WindowReference?

    public init(
        name: QualifiedName, arguments: [Expression] = [], star: Bool = false, distinct: Bool = false,
        orderBy: [OrderItem] = [], withinGroup: Bool = false, filter: Expression? = nil, over: WindowReference? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.star = star
        self.distinct = distinct
        self.orderBy = orderBy
        self.withinGroup = withinGroup
        self.filter = filter
        self.over = over
    }
}

/// `OVER name` or `OVER (specification)`.
public enum WindowReference: Hashable, Sendable {
    case named(String)
    case specification(WindowSpecification)
}

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
public struct CaseExpression: Hashable, Sendable {
    public struct Branch: Hashable, Sendable {
        public var condition: Expression
        public var result: Expression

        public init(condition: Expression, result: Expression) {
            self.condition = condition
            self.result = result
        }
    }

    /// Set for the simple form, `CASE x WHEN 1 THEN …`.
    public var operand: Expression?
    public var branches: [Branch]
    public var elseResult: Expression?

    public init(operand: Expression? = nil, branches: [Branch], elseResult: Expression? = nil) {
        self.operand = operand
        self.branches = branches
        self.elseResult = elseResult
    }
}
