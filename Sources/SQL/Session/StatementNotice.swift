/// A NoticeResponse a statement sends before its CommandComplete: a plain notice ("secret already exists,
/// skipping") or a warning (a check that found drift, or could not run), which clients show as `WARNING:`.
///
/// A string literal is a notice, so `notices: ["… skipping"]` reads as before.
public struct StatementNotice: Sendable, Hashable, ExpressibleByStringInterpolation {
    public enum Severity: Sendable, Hashable {
        /// PostgreSQL's NOTICE, SQLSTATE 00000 (successful completion).
        case notice
        /// PostgreSQL's WARNING, SQLSTATE 01000 (warning).
        case warning
    }

    public var severity: Severity
    /// 00000 for a notice and 01000 for a warning unless PostgreSQL names a more exact one (25001: already in a
    /// transaction).
    public var sqlState: String
    public var message: String
    /// What to do about it, shown by clients as `HINT:`.
    public var hint: String?

    public init(_ severity: Severity = .notice, _ message: String, sqlState: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.sqlState =
            sqlState
            ?? {
                switch severity {
                case .notice: "00000"
                case .warning: "01000"
                }
            }()
        self.message = message
        self.hint = hint
    }

    public init(stringLiteral value: String) { self.init(.notice, value) }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(.notice, String(stringInterpolation: stringInterpolation))
    }

    public static func warning(_ message: String, sqlState: String? = nil, hint: String? = nil) -> StatementNotice {
        StatementNotice(.warning, message, sqlState: sqlState, hint: hint)
    }
}
