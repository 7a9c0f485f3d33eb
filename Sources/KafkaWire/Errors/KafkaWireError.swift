/// An error from encoding or decoding Kafka wire messages.
///
/// It names the message and field it came from (`MetadataResponse v12: Topics[].Partitions[].LeaderId: ...`), so a
/// broker that sends something Inlet does not understand can be reported precisely instead of as "bad data".
public struct KafkaWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; a struct over a private enum so kinds can be added later.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case truncated, malformed, leftoverBytes, frameTooLarge, unsupportedVersion, unencodable
        }

        let base: Base

        /// The bytes ended before the field did (inside a complete frame, so the peer sent a malformed message).
        public static let truncated = Kind(base: .truncated)
        /// A value that cannot be valid: negative lengths, invalid UTF-8, overlong varints.
        public static let malformed = Kind(base: .malformed)
        /// The message was read completely but bytes remained in its frame.
        public static let leftoverBytes = Kind(base: .leftoverBytes)
        /// A frame's length prefix exceeds the configured maximum (or is negative).
        public static let frameTooLarge = Kind(base: .frameTooLarge)
        /// The message cannot be written or read in the requested version.
        public static let unsupportedVersion = Kind(base: .unsupportedVersion)
        /// A value cannot be represented in the requested version (e.g. a topic id in a version without ids).
        public static let unencodable = Kind(base: .unencodable)

        public var description: String {
            switch base {
            case .truncated: "truncated"
            case .malformed: "malformed"
            case .leftoverBytes: "leftover bytes"
            case .frameTooLarge: "frame too large"
            case .unsupportedVersion: "unsupported version"
            case .unencodable: "unencodable"
            }
        }
    }

    public var kind: Kind
    /// A sentence saying what was wrong.
    public var message: String
    /// The message the error came from, e.g. `MetadataResponse v12`; filled in by the decoder when known.
    public var messageName: String?
    /// The field path inside the message, e.g. `Topics[].Partitions[].LeaderId`.
    public var field: String?

    public init(kind: Kind, message: String, messageName: String? = nil, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.messageName = messageName
        self.field = field
    }

    public var description: String {
        var text = "Kafka wire error"
        if let messageName { text += " in \(messageName)" }
        if let field { text += " at \(field)" }
        return text + ": \(message)"
    }

    /// Returns the error with `messageName` set when it is not set yet.
    public func inMessage(_ name: String) -> KafkaWireError {
        var copy = self
        if copy.messageName == nil { copy.messageName = name }
        return copy
    }

    @usableFromInline
    static func short(_ field: String, _ needed: Int, _ have: Int) -> KafkaWireError {
        KafkaWireError(kind: .truncated, message: "needed \(needed) bytes but only \(have) remain", field: field)
    }

    @usableFromInline
    static func malformed(_ field: String, _ message: String) -> KafkaWireError {
        KafkaWireError(kind: .malformed, message: message, field: field)
    }

    /// Prefixes the field path with an array field and element index (`Partitions[3].` + `LeaderId`).
    @usableFromInline
    func nested(in arrayField: String, index: Int) -> KafkaWireError {
        var copy = self
        copy.field = "\(arrayField)[\(index)]" + (field.map { ".\($0)" } ?? "")
        return copy
    }
}
