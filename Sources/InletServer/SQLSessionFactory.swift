import SQL

/// Who connected and with what startup parameters, handed to the session factory for each client connection.
public struct SessionStartup: Sendable {
    /// The authenticated user name (`user` startup parameter).
    public var user: String
    /// The `database` startup parameter (defaults to the user name, as in PostgreSQL).
    public var database: String
    /// Every startup parameter the client sent (application_name, client_encoding, options, …).
    public var parameters: [String: String]
    /// The server's configuration: data directory, AWS account and role prefix, PrivateLink endpoint table.
    public var configuration: ServerConfiguration

    public init(user: String, database: String, parameters: [String: String], configuration: ServerConfiguration) {
        self.user = user
        self.database = database
        self.parameters = parameters
        self.configuration = configuration
    }
}

/// Makes one `SQLSession` per client connection; the pgwire server calls it after authentication.
///
/// The server owns one factory for its lifetime, so shared state (the catalog database, the ingest runtime) lives
/// in the factory and each session is cheap. A thrown `SQLError` reaches the client as a FATAL ErrorResponse.
public protocol SQLSessionFactory: Sendable {
    func makeSession(_ startup: SessionStartup) async throws -> any SQLSession
}
