/// One value of a parsed JSON document; the parser lays a document out as an array of these in document order
/// (a tape), and the writer prints the tape as jsonb.
///
/// A container is followed by its children (for an object, each key node and then its value), and `next`
/// skips over all of them, so the writer can visit an object's members in sorted order without a tree.
struct JSONNode {
    enum Kind: UInt8 {
        case null
        case `true`
        case `false`
        /// A number whose token is already numeric's text (no exponent, not a negative zero).
        case number
        /// A number that numeric prints differently from its token (`1e2` is `100`, `-0` is `0`).
        case exponentNumber
        /// A string without escapes: its bytes are the input's and print as they are.
        case string
        /// A string with escapes, unescaped into the tape's `unescaped` bytes.
        case escapedString
        case array
        case object
    }

    /// Scalars: where the value's bytes start (in the input, or in `unescaped` for an escaped string).
    var start: Int32
    /// Scalars: the number of bytes; containers: the number of elements or members.
    var count: Int32
    /// The index of the node after this value and everything in it; an open container keeps its parent here.
    var next: Int32
    var kind: Kind

    var isContainer: Bool { kind == .array || kind == .object }
}
