/// One lexical token of a SQL string, with where it starts and ends in the text.
///
/// Positions are offsets in Unicode scalars, so `start + 1` is the 1-based character position that
/// PostgreSQL clients expect in an ErrorResponse.
public struct Token: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A bare word, folded to lower case (`value`) unless it was double-quoted (`quoted`).
        case identifier(String, quoted: Bool)
        case string(String)
        case number(String)
        /// `$1`, `$2`, … (1-based).
        case parameter(Int)
        /// Punctuation and operators: `(`, `)`, `,`, `;`, `.`, `=`, `::`, `<>`, `*`, …
        case symbol(String)
        case endOfInput
    }

    public var kind: Kind
    /// Offset of the first scalar.
    public var start: Int
    /// Offset just past the last scalar.
    public var end: Int

    public init(kind: Kind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    /// The 1-based character position of the token, as reported in syntax errors.
    public var position: Int { start + 1 }

    /// The lower-cased word when the token is an unquoted identifier (a keyword candidate).
    public var keyword: String? {
        if case .identifier(let value, false) = kind { return value }
        return nil
    }

    public func isKeyword(_ word: String) -> Bool { keyword == word }

    public func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let value) = kind { return value == symbol }
        return false
    }

    /// How the token is named in error messages; never the content of a string literal, which may be a secret.
    public var summary: String {
        switch kind {
        case .identifier(let value, let quoted): return quoted ? "identifier \"\(value)\"" : "\(value.uppercased())"
        case .string: return "a string literal"
        case .number(let value): return "number \(value)"
        case .parameter(let index): return "parameter $\(index)"
        case .symbol(let value): return "\"\(value)\""
        case .endOfInput: return "end of input"
        }
    }
}
