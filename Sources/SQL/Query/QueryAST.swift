/// A query as PostgreSQL's grammar defines it (`select_stmt`): a body of SELECTs, VALUES, TABLE and set
/// operations, with the WITH, ORDER BY, LIMIT / OFFSET / FETCH that apply to the whole.
///
/// Parsed by `Parser.parseSelectStatement(_:)`; printed back as canonical text by `SQLPrinter`.
public struct SelectStatement: Hashable, Sendable {
    public var with: WithClause?
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: LimitClause?
    public var position: SourcePosition

    public init(
        with: WithClause? = nil, body: QueryBody, orderBy: [OrderItem] = [], limit: LimitClause? = nil,
        position: SourcePosition = .synthesized
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.position = position
    }

    /// True when the statement adds nothing to its body (no WITH, ORDER BY or LIMIT).
    public var isBare: Bool { with == nil && orderBy.isEmpty && limit == nil }
}

/// The part of a query that produces rows, before ordering and limits.
public indirect enum QueryBody: Hashable, Sendable {
    case select(SelectClause)
    /// `VALUES (…), (…)`.
    case values([[Expression]], position: SourcePosition)
    /// `TABLE name`, which is `SELECT * FROM name`.
    case table(QualifiedName)
    case setOperation(SetOperation)
    /// A parenthesized query with its own WITH / ORDER BY / LIMIT, e.g. `(SELECT … LIMIT 1) UNION …`.
    case nested(SelectStatement)
}

/// `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right`.
public struct SetOperation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case union = "UNION"
        case intersect = "INTERSECT"
        case except = "EXCEPT"
    }

    public var kind: Kind
    public var all: Bool
    public var left: QueryBody
    public var right: QueryBody
    /// Where the UNION, INTERSECT or EXCEPT keyword is.
    public var position: SourcePosition

    public init(kind: Kind, all: Bool, left: QueryBody, right: QueryBody, position: SourcePosition = .synthesized) {
        self.kind = kind
        self.all = all
        self.left = left
        self.right = right
        self.position = position
    }
}

/// One `SELECT … FROM … WHERE … GROUP BY … HAVING … WINDOW …`.
public struct SelectClause: Hashable, Sendable {
    public var distinct: Distinct
    public var targets: [SelectItem]
    public var from: [TableReference]
    public var whereClause: Expression?
    public var groupBy: [Expression]
    /// `GROUP BY ROLLUP (…)`, `CUBE (…)`, `GROUPING SETS (…)` (and `()`), expanded into the grouping sets they stand
    /// for, crossed with the plain items beside them, in PostgreSQL's order; nil for a plain GROUP BY.
    public var groupingSets: [[Expression]]?
    public var having: Expression?
    public var windows: [WindowDefinition]
    public var position: SourcePosition

    public init(
        distinct: Distinct = .all, targets: [SelectItem], from: [TableReference] = [],
        whereClause: Expression? = nil, groupBy: [Expression] = [], having: Expression? = nil,
        windows: [WindowDefinition] = [], position: SourcePosition = .synthesized
    ) {
        self.distinct = distinct
        self.targets = targets
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.position = position
    }
}

/// `SELECT`, `SELECT DISTINCT` or `SELECT DISTINCT ON (…)`.
public enum Distinct: Hashable, Sendable {
    case all
    case distinct
    case distinctOn([Expression])
}

/// One item of the select list: an expression (possibly `*` or `t.*`) with an optional alias.
public struct SelectItem: Hashable, Sendable {
    public var expression: Expression
    public var alias: String?

    public init(expression: Expression, alias: String? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// `WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query), …`.
public struct WithClause: Hashable, Sendable {
    public var recursive: Bool
    public var queries: [CommonTableExpression]

    public init(recursive: Bool, queries: [CommonTableExpression]) {
        self.recursive = recursive
        self.queries = queries
    }
}

public struct CommonTableExpression: Hashable, Sendable {
    public enum Materialization: Hashable, Sendable { case unspecified, materialized, notMaterialized }

    public var name: String
    public var columns: [String]
    public var materialization: Materialization
    public var query: SelectStatement
    public var position: SourcePosition

    public init(
        name: String, columns: [String] = [], materialization: Materialization = .unspecified,
        query: SelectStatement, position: SourcePosition = .synthesized
    ) {
        self.name = name
        self.columns = columns
        self.materialization = materialization
        self.query = query
        self.position = position
    }
}

/// `expression [ASC|DESC] [NULLS FIRST|LAST]`.
public struct OrderItem: Hashable, Sendable {
    public enum Direction: Hashable, Sendable { case unspecified, ascending, descending }
    public enum Nulls: Hashable, Sendable { case unspecified, first, last }

    public var expression: Expression
    public var direction: Direction
    public var nulls: Nulls

    public init(expression: Expression, direction: Direction = .unspecified, nulls: Nulls = .unspecified) {
        self.expression = expression
        self.direction = direction
        self.nulls = nulls
    }
}

/// `LIMIT n | ALL`, `OFFSET n [ROW|ROWS]` and `FETCH FIRST|NEXT [n] ROW|ROWS ONLY|WITH TIES`.
///
/// `FETCH FIRST n ROWS ONLY` is recorded as a `count`, as PostgreSQL does; `withTies` keeps what only FETCH says.
public struct LimitClause: Hashable, Sendable {
    /// nil for no limit (`LIMIT ALL` or only an OFFSET).
    public var count: Expression?
    public var offset: Expression?
    public var withTies: Bool

    public init(count: Expression? = nil, offset: Expression? = nil, withTies: Bool = false) {
        self.count = count
        self.offset = offset
        self.withTies = withTies
    }
}

/// `WINDOW name AS (specification)`.
public struct WindowDefinition: Hashable, Sendable {
    public var name: String
    public var specification: WindowSpecification
    public var position: SourcePosition

    public init(name: String, specification: WindowSpecification, position: SourcePosition = .synthesized) {
        self.name = name
        self.specification = specification
        self.position = position
    }
}

/// `([existing] [PARTITION BY …] [ORDER BY …] [frame])`.
public struct WindowSpecification: Hashable, Sendable {
    public var existing: String?
    public var partitionBy: [Expression]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?

    public init(
        existing: String? = nil, partitionBy: [Expression] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil
    ) {
        self.existing = existing
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

/// `ROWS|RANGE|GROUPS [BETWEEN] start [AND end] [EXCLUDE …]`.
public struct WindowFrame: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case rows = "ROWS"
        case range = "RANGE"
        case groups = "GROUPS"
    }

    public enum Bound: Hashable, Sendable {
        case unboundedPreceding
        case preceding(Expression)
        case currentRow
        case following(Expression)
        case unboundedFollowing
    }

    public enum Exclusion: String, Hashable, Sendable {
        case currentRow = "CURRENT ROW"
        case group = "GROUP"
        case ties = "TIES"
        case noOthers = "NO OTHERS"
    }

    public var mode: Mode
    public var start: Bound
    /// nil when the frame has only a start (`ROWS UNBOUNDED PRECEDING`).
    public var end: Bound?
    public var exclusion: Exclusion?

    public init(mode: Mode, start: Bound, end: Bound? = nil, exclusion: Exclusion? = nil) {
        self.mode = mode
        self.start = start
        self.end = end
        self.exclusion = exclusion
    }
}
