/// An error that reaches a SQL client as an ErrorResponse.
///
/// The message names what is wrong and how to fix it; it never contains a secret's value.
public struct SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. `42601` for a syntax error.
    public var sqlState: String
    public var message: String
    /// The 1-based character position in the statement text, for syntax errors.
    public var position: Int?
    public var detail: String?
    public var hint: String?

    public init(sqlState: String, message: String, position: Int? = nil, detail: String? = nil, hint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.position = position
        self.detail = detail
        self.hint = hint
    }

    public var description: String { "\(sqlState): \(message)" }

    public static func syntax(_ message: String, position: Int?, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "42601", message: message, position: position, hint: hint)
    }
    public static func undefinedObject(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "42704", message: message, hint: hint)
    }
    public static func duplicateObject(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "42710", message: message, hint: hint)
    }
    public static func wrongObjectType(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "42809", message: message, hint: hint)
    }
    public static func invalidParameter(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "22023", message: message, hint: hint)
    }
    public static func dependentObjects(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "2BP01", message: message, hint: hint)
    }
    /// A statement stopped by a CancelRequest (psql's Ctrl-C, a driver's cancel).
    public static let canceled = SQLError(sqlState: "57014", message: "canceling statement due to user request")

    /// A statement stopped because it ran longer than `statement_timeout`.
    public static let timedOut = SQLError(sqlState: "57014", message: "canceling statement due to statement timeout")

    public static func featureNotSupported(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "0A000", message: message, hint: hint)
    }
    public static func connectionFailure(_ message: String, hint: String? = nil) -> SQLError {
        SQLError(sqlState: "08006", message: message, hint: hint)
    }
    public static func `internal`(_ message: String) -> SQLError {
        SQLError(sqlState: "XX000", message: message)
    }
}
