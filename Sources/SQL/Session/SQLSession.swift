/// One client's SQL session: what the PostgreSQL protocol server drives.
///
/// The pgwire layer owns framing, authentication and the query cycles; everything about statements
/// (parsing, the catalog, SET/SHOW, answering SELECTs) is behind this protocol, so the two sides are tested
/// on their own. Errors thrown are `SQLError`s.
public protocol SQLSession: Sendable {
    /// Executes every statement of a simple-query string, in order, stopping at the first error.
    /// Results of the statements before the error are returned through `onResult` as they complete.
    func executeSimple(_ sql: String, onResult: (StatementResult) async throws -> Void) async throws

    /// Describes one statement for the extended protocol (Parse + Describe), without running it.
    /// `parameterTypes` are the types the client declared in Parse (0 = unspecified).
    func describe(_ sql: String, parameterTypes: [Int32]) async throws -> StatementDescription

    /// Executes one statement with bound parameters (text format; nil is NULL).
    func execute(_ sql: String, parameters: [String?]) async throws -> StatementResult

    /// Server parameters reported in ParameterStatus at startup and after SET.
    func parameterStatus() async -> [(name: String, value: String)]

    /// The columns of a cursor opened by `DECLARE name CURSOR`, for a Describe of the portal of that name.
    func describeCursor(_ name: String) async throws -> [ResultColumn]
}

extension SQLSession {
    /// Sessions without cursors have no portal of that name.
    public func describeCursor(_ name: String) async throws -> [ResultColumn] {
        throw SQLError(sqlState: "34000", message: "portal \"\(name)\" does not exist")
    }
}
