/// Where a node of a parsed query starts in the statement text, so a later error can point at it.
///
/// The offset counts Unicode scalars, as `Token.start` does. Positions never take part in equality or hashing:
/// two parses of the same query written with different spacing compare equal, which is what round-trip tests and
/// plan caches want.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// 0-based offset of the node's first scalar in the statement text.
    public var offset: Int

    public init(offset: Int) { self.offset = offset }

    /// A position for nodes built by code rather than parsed.
    public static let synthesized = SourcePosition(offset: 0)

    /// The 1-based character position, as reported in an ErrorResponse.
    public var position: Int { offset + 1 }

    public static func == (lhs: SourcePosition, rhs: SourcePosition) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "@\(position)" }
}
