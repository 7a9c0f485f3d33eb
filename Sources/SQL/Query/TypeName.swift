/// A type as written in a cast or typed literal, with SQL's spellings folded into PostgreSQL's names:
/// `integer` is `int4`, `double precision` is `float8`, `timestamp with time zone` is `timestamptz`,
/// `character varying(20)` is `varchar(20)`, `char` is `bpchar(1)`.
public struct TypeName: Hashable, Sendable, CustomStringConvertible {
    public var name: QualifiedName
    /// Type modifiers: `numeric(10,2)` has `[10, 2]`.
    public var modifiers: [Int]
    /// One element per array dimension, with its declared size if any: `text[]` is `[nil]`.
    public var arrayBounds: [Int?]
    /// The fields of an interval type, `day to second`, lower case.
    public var intervalFields: String?
    public var position: SourcePosition

    public init(
        _ name: QualifiedName, modifiers: [Int] = [], arrayBounds: [Int?] = [], intervalFields: String? = nil,
        position: SourcePosition = .synthesized
    ) {
        self.name = name
        self.modifiers = modifiers
        self.arrayBounds = arrayBounds
        self.intervalFields = intervalFields
        self.position = position
    }

    public init(_ name: String, modifiers: [Int] = [], arrayBounds: [Int?] = []) {
        self.init(QualifiedName([name]), modifiers: modifiers, arrayBounds: arrayBounds)
    }

    public var isArray: Bool { !arrayBounds.isEmpty }

    public var description: String {
        // These read back as themselves; `int`, `char` or `bit` do not, so a type by such a name is quoted.
        let bare: Set<String> = ["numeric", "varchar", "time", "timestamp", "interval"]
        var text = name.parts.count == 1 && bare.contains(name.name) ? name.name : name.description
        if let intervalFields { text += " " + intervalFields }
        if !modifiers.isEmpty { text += "(" + modifiers.map(String.init).joined(separator: ",") + ")" }
        for bound in arrayBounds { text += "[" + (bound.map(String.init) ?? "") + "]" }
        return text
    }
}
