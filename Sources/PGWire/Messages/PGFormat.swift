/// The format of a parameter or result value on the wire: PostgreSQL's text or binary representation.
public enum PGFormat: Int16, Sendable, Hashable {
    case text = 0
    case binary = 1

    /// Expands Bind's format code list: none means all text, one applies to every value, otherwise one per value.
    static func expand(_ codes: [PGFormat], count: Int, what: String) throws -> [PGFormat] {
        switch codes.count {
        case 0: return Array(repeating: .text, count: count)
        case 1: return Array(repeating: codes[0], count: count)
        case count: return codes
        default:
            throw PGWireError("Bind has \(codes.count) \(what) format codes for \(count) values; send 0, 1 or \(count)")
        }
    }
}
