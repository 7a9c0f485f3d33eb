/// One item of a FROM list: a relation, a subquery, a function call or a join of two of them.
public struct TableReference: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        /// `[ONLY] [schema.]name`.
        case relation(QualifiedName, only: Bool)
        /// `[LATERAL] (query)`.
        case subquery(SelectStatement, lateral: Bool)
        /// `[LATERAL] function(…) [WITH ORDINALITY]`, e.g. `generate_series(1, 3)` or `unnest(a)`.
        case function(Expression, lateral: Bool, withOrdinality: Bool)
        case join(Join)
        /// A parenthesized join, kept so that an alias can name it: `(a JOIN b ON …) AS j`.
        case nested(TableReference)
    }

    public var kind: Kind
    public var alias: TableAlias?
    public var position: SourcePosition

    public init(kind: Kind, alias: TableAlias? = nil, position: SourcePosition = .synthesized) {
        self.kind = kind
        self.alias = alias
        self.position = position
    }
}

/// `[AS] alias [(column, …)]`.
public struct TableAlias: Hashable, Sendable {
    public var name: String
    public var columns: [String]
    /// Where the alias's name is, for "table name specified more than once" and the like.
    public var position: SourcePosition

    public init(name: String, columns: [String] = [], position: SourcePosition = .synthesized) {
        self.name = name
        self.columns = columns
        self.position = position
    }
}

/// `left [NATURAL] {[INNER] | LEFT | RIGHT | FULL [OUTER] | CROSS} JOIN right [ON … | USING (…)]`.
public struct Join: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case inner = "JOIN"
        case left = "LEFT JOIN"
        case right = "RIGHT JOIN"
        case full = "FULL JOIN"
        case cross = "CROSS JOIN"
    }

    public enum Condition: Hashable, Sendable {
        case none
        case on(Expression)
        case using([String])
        case natural
    }

    public var kind: Kind
    public var left: TableReference
    public var right: TableReference
    public var condition: Condition

    public init(kind: Kind, left: TableReference, right: TableReference, condition: Condition) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
    }
}

/// A possibly schema-qualified name of a relation, type, function or collation: `name`, `schema.name`,
/// `catalog.schema.name`. Parts are as PostgreSQL folds them: lower case unless they were double-quoted.
public struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    public var parts: [String]
    public var position: SourcePosition

    public init(_ parts: [String], position: SourcePosition = .synthesized) {
        self.parts = parts
        self.position = position
    }

    /// The last part: the object's own name.
    public var name: String { parts.last ?? "" }
    /// The part before the name, when there is one.
    public var schema: String? { parts.count >= 2 ? parts[parts.count - 2] : nil }

    public var description: String { parts.map(SQLPrinter.identifier).joined(separator: ".") }
}
