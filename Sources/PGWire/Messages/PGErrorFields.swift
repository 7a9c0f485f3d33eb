import NIOCore

/// The fields of an ErrorResponse or NoticeResponse.
///
/// Clients show `message`, `detail` and `hint`, and point at `position` (1-based, in characters) in the query.
public struct PGErrorFields: Sendable, Equatable, Error {
    public var severity: Severity
    public var sqlState: String
    public var message: String
    public var detail: String?
    public var hint: String?
    public var position: Int?

    public init(
        severity: Severity = .error, sqlState: String, message: String, detail: String? = nil, hint: String? = nil,
        position: Int? = nil
    ) {
        self.severity = severity
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
    }

    /// The severity as PostgreSQL spells it (both localized `S` and non-localized `V` fields carry it).
    public struct Severity: Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ text: String) { description = text }

        public static let error = Severity("ERROR")
        public static let fatal = Severity("FATAL")
        public static let notice = Severity("NOTICE")
        public static let warning = Severity("WARNING")
        public static let info = Severity("INFO")
    }

    /// A notice with SQLSTATE 00000.
    public static func notice(_ message: String) -> PGErrorFields {
        PGErrorFields(severity: .notice, sqlState: "00000", message: message)
    }

    func encode(into body: inout ByteBuffer) {
        func field(_ code: Unicode.Scalar, _ value: String?) {
            guard let value else { return }
            body.writeInteger(UInt8(ascii: code))
            body.writeNullTerminatedString(value)
        }
        field("S", severity.description)
        field("V", severity.description)
        field("C", sqlState)
        field("M", message)
        field("D", detail)
        field("H", hint)
        field("P", position.map(String.init))
        body.writeInteger(UInt8(0))
    }
}
