/// Why a record's bytes do not decode, in words a user can act on ("invalid UTF-8 at byte 3",
/// "expected 3 columns, found 2").
///
/// Byte offsets in the reason count from 0 at the first byte of the record's key or value, so they can be
/// matched against a hex dump of the Kafka record.
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason in one sentence, without a trailing period.
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

extension DecodeError {
    static func invalidUTF8(at offset: Int) -> DecodeError {
        DecodeError("invalid UTF-8 at byte \(offset)")
    }

    static func nul(at offset: Int) -> DecodeError {
        DecodeError("text cannot contain NUL (byte \(offset))")
    }
}
