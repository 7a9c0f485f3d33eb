import Foundation
import Logging
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
    /// The engine's settings from the server configuration: data directory, AWS principal parts, endpoint table;
    /// connections are validated and sources prepared through `tunnels`, the server's one tunnel registry.
    public init(
        configuration: ServerConfiguration, tunnels: SSHTunnelRegistry = SSHTunnelRegistry(),
        endpoints: (any PrivateLinkEndpointProvider)? = nil
    ) {
        let endpoints = endpoints ?? configuration.privateLinkEndpointProvider
        self.init(
            dataDirectory: URL(fileURLWithPath: configuration.dataDirectory),
            awsAccountID: configuration.aws.accountID,
            rolePrefix: configuration.aws.rolePrefix,
            privateLinkEndpoints: configuration.privateLinkEndpoints,
            connectionValidator: KafkaConnectionValidator(endpoints: endpoints, tunnels: tunnels),
            sourcePreparer: KafkaSourcePreparer(
                endpoints: endpoints, tunnels: tunnels, logger: Logger(label: "inlet.sources")))
    }
}
