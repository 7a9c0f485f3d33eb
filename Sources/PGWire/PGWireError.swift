/// A violation of the PostgreSQL wire protocol by the client, found while decoding or in the query cycle.
///
/// The server answers it with a FATAL ErrorResponse (SQLSTATE 08P01) and closes the connection; the message names
/// the offending message so a client author can find the bug.
public struct PGWireError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The SQLSTATE sent to the client, `08P01` (protocol_violation) unless said otherwise.
    public var sqlState: String

    public init(_ message: String, sqlState: String = "08P01") {
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { "\(sqlState): \(message)" }
}
