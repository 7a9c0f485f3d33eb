import Foundation
import Routing
import SQL

/// The catalog engine is what `inlet serve` gives the pgwire server: one `CatalogSession` per client connection.
extension InletEngine: SQLSessionFactory {
    public func makeSession(_ startup: SessionStartup) async throws -> any SQLSession {
        var parameters = startup.parameters
        parameters["user"] = startup.user
        parameters["database"] = startup.database
        return makeSession(startupParameters: parameters)
    }
}

extension InletEngineSettings {
    /// The engine's settings from the server configuration: data directory, AWS principal parts, endpoint table.
    public init(configuration: ServerConfiguration) {
        self.init(
            dataDirectory: URL(fileURLWithPath: configuration.dataDirectory),
            awsAccountID: configuration.aws.accountID,
            rolePrefix: configuration.aws.rolePrefix,
            privateLinkEndpoints: configuration.privateLinkEndpoints,
            connectionValidator: KafkaConnectionValidator(endpoints: configuration.privateLinkEndpointProvider))
    }
}
