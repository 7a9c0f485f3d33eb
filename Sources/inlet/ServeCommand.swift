import AWS
import ArgumentParser
import Foundation
import InletServer
import Logging
import Metrics
import PostgreSQLStorage
import Prometheus
import Routing
import SQL
import ServiceLifecycle

/// `inlet serve`: the PostgreSQL protocol server over the catalog in the data directory.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Inlet server (PostgreSQL protocol on 127.0.0.1:6875, catalog in ./inlet-data).",
        discussion: "Settings come from the defaults, then --config FILE (JSON, see docs/configuration.md), then flags."
    )

    @Option(name: .customLong("data-dir"), help: "Directory for the catalog and source data (default ./inlet-data).")
    var dataDirectory: String?

    @Option(help: "Address to listen on, HOST:PORT (default 127.0.0.1:6875; port 0 picks a free port).")
    var listen: String?

    @Option(
        help:
            "Where source relations live: sqlite (the default, files in the data directory) or postgresql://USER@HOST:PORT/DB (password in PGPASSWORD; docs/scale.md)."
    )
    var storage: String?

    @Option(help: "JSON configuration file (see docs/configuration.md).")
    var config: String?

    @Option(
        name: .customLong("aws-account-id"), help: "AWS account id in PrivateLink principals (default 000000000000).")
    var awsAccountID: String?

    @Option(name: .customLong("aws-role-prefix"), help: "Role name prefix in PrivateLink principals (default inlet).")
    var awsRolePrefix: String?

    @Option(
        name: .customLong("privatelink-endpoint"),
        help: "Static PrivateLink endpoint: SERVICE_NAME=HOST or SERVICE_NAME@AZ_ID=HOST (repeatable).")
    var privateLinkEndpoints: [String] = []

    @Option(
        name: .customLong("privatelink-provider"),
        help: "Where PrivateLink endpoints come from: static (the --privatelink-endpoint table, default) or aws.")
    var privateLinkProvider: String = "static"

    @Option(
        name: .customLong("aws-region"),
        help: "With --privatelink-provider aws: the region (default from the environment).")
    var awsRegion: String?

    @Option(name: .customLong("aws-vpc-id"), help: "With --privatelink-provider aws: the VPC the endpoints go in.")
    var awsVpcID: String?

    @Option(name: .customLong("aws-subnet-ids"), help: "With --privatelink-provider aws: subnet ids, comma-separated.")
    var awsSubnetIDs: String?

    @Option(
        name: .customLong("aws-security-group-ids"),
        help: "With --privatelink-provider aws: security group ids, comma-separated.")
    var awsSecurityGroupIDs: String?

    @Option(
        name: .customLong("aws-endpoint-url"),
        help:
            "With --privatelink-provider aws: send EC2 calls here instead of AWS's endpoint (tests, private API endpoints)."
    )
    var awsEndpointURL: String?

    @Option(
        name: .customLong("aws-listener-base"),
        help:
            "With --privatelink-provider aws: VALIDATE CONNECTION expects broker N's load balancer listener at BASE+N, as `inlet privatelink plan --listener-base` makes them (default 9000)."
    )
    var awsListenerBase: Int?

    @Option(
        name: .customLong("aws-target-group-prefix"),
        help:
            "With --privatelink-provider aws: VALIDATE CONNECTION expects target groups PREFIX-broker-ID, as `inlet privatelink plan --name-prefix` makes them (default inlet)."
    )
    var awsTargetGroupPrefix: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; enables TLS together with --tls-key.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(
        name: .customLong("metrics-listen"),
        help: "Serve Prometheus metrics at http://HOST:PORT/metrics (off unless given).")
    var metricsListen: String?

    @Flag(
        name: .customLong("allow-unauthenticated-remote"),
        help:
            "Allow a non-loopback --listen address without users (every client trusted); otherwise serve refuses to start."
    )
    var allowUnauthenticatedRemote = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error")
        }
    }

    func run() async throws {
        Self.limitMallocArenas()
        Self.turnOffSQLiteMemoryStatistics()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "inlet")
        do {
            let configuration = try resolvedConfiguration()
            try Self.prepareDataDirectory(configuration.dataDirectory)
            let tunnels = SSHTunnelRegistry()
            let awsSettings = try awsPrivateLinkSettings()
            let endpoints: any PrivateLinkEndpointProvider
            var awsEndpoints: AWSPrivateLinkEndpoints?
            if awsSettings != nil {
                let table = AWSPrivateLinkEndpoints(fallback: configuration.privateLinkEndpointProvider)
                awsEndpoints = table
                endpoints = table
            } else {
                endpoints = configuration.privateLinkEndpointProvider
            }
            let catalogAuthority = configuration.storage.map { PostgreSQLCatalogAuthority(url: $0) }
            let engine = try makeEngine(
                configuration: configuration, tunnels: tunnels, endpoints: endpoints,
                listenerCheck: try awsSettings.map { try makeListenerCheck($0, aws: configuration.aws) },
                catalogAuthority: catalogAuthority)
            // With --storage the database's catalog is authoritative: a replica whose key file differs stops here.
            do {
                try await engine.catalog.joinAuthority()
            } catch {
                throw ConfigurationError(error.message + (error.hint.map { "; \($0)" } ?? ""))
            }
            let sourceStorage = configuration.storage.map { PostgreSQLSourceStorage(url: $0) }
            let sources = engine.makeSourceSupervisor(
                endpoints: endpoints, tunnels: tunnels, storage: sourceStorage)
            let server = try InletServer(
                configuration: configuration, sessionFactory: engine, logger: Logger(label: "inlet.server"))
            // Services stop in reverse order: the listener first, then the sources, then the tunnels they use.
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: TunnelRegistryService(tunnels))
            ]
            // The PostgreSQL pool starts before the sources and stops after them.
            if let sourceStorage { services.append(.init(service: sourceStorage)) }
            services.append(.init(service: sources))
            if let catalogAuthority {
                services.append(.init(service: CatalogWatcher(engine: engine, authority: catalogAuthority)))
            }
            if let awsSettings, let awsEndpoints {
                let manager = try makePrivateLinkManager(awsSettings, engine: engine, endpoints: awsEndpoints)
                await engine.attach(privateLinks: manager)
                services.append(.init(service: manager))
            }
            if let metricsListen {
                let registry = PrometheusCollectorRegistry()
                MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
                let address = try ListenAddress(parsing: metricsListen)
                let tunnelStates = TunnelRegistryService(tunnels)
                services.append(
                    .init(
                        service: MetricsServer(
                            listen: address, registry: registry, onScrape: { await tunnelStates.recordStates() })))
            }
            services.append(.init(service: server))
            // Bind before anything else starts: an address in use ends the command before sources or endpoints
            // begin work (and before any catalog read is in flight when it exits).
            try await server.start()
            let group = ServiceGroup(
                configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch let error as ConfigurationError {
            logger.error("\(error.message)")
            throw ExitCode.failure
        }
    }

    /// Defaults, then the file, then the flags.
    func resolvedConfiguration() throws -> ServerConfiguration {
        var configuration = try config.map { try ServerConfiguration.load(file: $0) } ?? ServerConfiguration()
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if let storage { configuration.storage = try ServerConfiguration.storageURL(storage) }
        if let listen { configuration.listen = try ListenAddress(parsing: listen) }
        if let awsAccountID { configuration.aws.accountID = awsAccountID }
        if let awsRolePrefix { configuration.aws.rolePrefix = awsRolePrefix }
        if let awsListenerBase { configuration.aws.listenerBase = awsListenerBase }
        if let awsTargetGroupPrefix { configuration.aws.targetGroupPrefix = awsTargetGroupPrefix }
        for text in privateLinkEndpoints {
            let endpoint = try PrivateLinkEndpoint(parsing: text)
            // A flag replaces the file's entry for the same service and zone.
            configuration.privateLinkEndpoints.removeAll {
                $0.serviceName == endpoint.serviceName && $0.availabilityZone == endpoint.availabilityZone
            }
            configuration.privateLinkEndpoints.append(endpoint)
        }
        switch (tlsCertificate, tlsKey) {
        case (let certificate?, let key?): configuration.tls = TLSFiles(certificatePath: certificate, keyPath: key)
        case (nil, nil): break
        default: throw ConfigurationError("--tls-cert and --tls-key go together; pass both or neither")
        }
        if allowUnauthenticatedRemote { configuration.allowsUnauthenticatedRemote = true }
        try configuration.validate()
        try configuration.validateExposure()
        return configuration
    }

    /// Creates the data directory and proves it is writable, so a bad path fails at start, not at the first DDL.
    static func prepareDataDirectory(_ path: String) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            let probe = (path as NSString).appendingPathComponent(".inlet-write-test-\(getpid())")
            guard manager.createFile(atPath: probe, contents: Data("ok".utf8)) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            try manager.removeItem(atPath: probe)
        } catch {
            throw ConfigurationError(
                "data directory \(path) is not writable (\(error.localizedDescription)); "
                    + "fix its permissions or choose another with --data-dir DIR")
        }
    }
}

extension ServeCommand {
    /// The engine `inlet serve` hands clients to: the catalog over the data directory.
    func makeEngine(
        configuration: ServerConfiguration, tunnels: SSHTunnelRegistry, endpoints: any PrivateLinkEndpointProvider,
        listenerCheck: PrivateLinkListenerCheck? = nil, catalogAuthority: PostgreSQLCatalogAuthority? = nil
    ) throws -> InletEngine {
        var settings = InletEngineSettings(configuration: configuration, tunnels: tunnels, endpoints: endpoints)
        settings.catalogAuthority = catalogAuthority
        if let listenerCheck {
            settings.connectionValidator = KafkaConnectionValidator(
                endpoints: endpoints, tunnels: tunnels, listenerCheck: listenerCheck)
        }
        do {
            return try InletEngine(settings: settings)
        } catch {
            throw ConfigurationError(
                "cannot open the catalog in \(configuration.dataDirectory): \(error.message)"
                    + (error.hint.map { "; \($0)" } ?? ""))
        }
    }
}

extension ServeCommand {
    /// The AWS provider's settings, nil for the static table; missing pieces are one clear error.
    func awsPrivateLinkSettings() throws -> AWSPrivateLinkSettings? {
        switch privateLinkProvider {
        case "static":
            return nil
        case "aws":
            break
        default:
            throw ConfigurationError("--privatelink-provider \(privateLinkProvider) is not static or aws")
        }
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let environment = AWSEnvironment.process
        guard let region = try awsRegion ?? environment.region() else {
            throw ConfigurationError(
                "--privatelink-provider aws needs a region: pass --aws-region or set AWS_REGION")
        }
        guard let vpcID = awsVpcID else {
            throw ConfigurationError("--privatelink-provider aws needs --aws-vpc-id VPC_ID")
        }
        let subnets = list(awsSubnetIDs)
        let groups = list(awsSecurityGroupIDs)
        guard !subnets.isEmpty, !groups.isEmpty else {
            throw ConfigurationError(
                "--privatelink-provider aws needs --aws-subnet-ids S1,S2 and --aws-security-group-ids G")
        }
        return AWSPrivateLinkSettings(
            region: region, vpcID: vpcID, subnetIDs: subnets, securityGroupIDs: groups,
            endpointURL: awsEndpointURL ?? environment.endpointURL(for: .ec2))
    }

    /// VALIDATE CONNECTION's load balancer check: EC2 (the endpoint services' load balancers) and ELBv2 in the
    /// lifecycle's region, over the standard credential chain.
    func makeListenerCheck(_ settings: AWSPrivateLinkSettings, aws: AWSSettings) throws -> PrivateLinkListenerCheck {
        let credentials = try AWSCredentialChain.standard()
        let elbv2URL = awsEndpointURL ?? AWSEnvironment.process.endpointURL(for: .elbv2)
        return PrivateLinkListenerCheck(
            ec2: EC2Client(
                client: AWSClient(
                    configuration: AWSClientConfiguration(region: settings.region, endpointURL: settings.endpointURL),
                    credentialProvider: credentials)),
            elbv2: ELBv2Client(
                client: AWSClient(
                    configuration: AWSClientConfiguration(region: settings.region, endpointURL: elbv2URL),
                    credentialProvider: credentials)),
            listenerBase: aws.listenerBase, namePrefix: aws.targetGroupPrefix)
    }

    /// The endpoint lifecycle over the standard credential chain; its states go to the catalog's history.
    func makePrivateLinkManager(
        _ settings: AWSPrivateLinkSettings, engine: InletEngine, endpoints: AWSPrivateLinkEndpoints
    ) throws -> AWSPrivateLinkManager {
        let client = AWSClient(
            configuration: AWSClientConfiguration(region: settings.region, endpointURL: settings.endpointURL),
            credentialProvider: try AWSCredentialChain.standard())
        let catalog = engine.catalog
        let logger = Logger(label: "inlet.privatelink")
        return AWSPrivateLinkManager(
            settings: settings, ec2: EC2Client(client: client), endpoints: endpoints, logger: logger
        ) { name, status in
            do {
                try await catalog.recordPrivateLinkStatus(connectionName: name, status: status)
            } catch {
                // A dropped connection has no history to write to.
                logger.debug(
                    "PrivateLink status not recorded", metadata: ["connection": "\(name)", "status": "\(status)"])
            }
        }
    }
}

extension ServeCommand {
    /// glibc gives every thread that allocates under contention an arena of its own, up to eight per core, and
    /// freed memory stays in the arena it came from. A server whose readers, writers and checkpoints run on many
    /// threads kept tens of MiB that way (peak RSS 205–210 MiB against 183 MiB with two arenas, in the same
    /// ingest benchmark at 4 partitions). `MALLOC_ARENA_MAX` in the environment still wins.
    static func limitMallocArenas() {
        #if os(Linux)
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
                let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
            else { return }
            // mallopt(3) from malloc.h, which Swift's Glibc module leaves out; M_ARENA_MAX is -8.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(-8, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }

    /// SQLite counts every allocation it makes under one process-wide mutex unless memory statistics are off
    /// (`SQLITE_CONFIG_MEMSTATUS`, on in Debian's build). A source's writer allocates per bound value and per row,
    /// so the count was a tenth of its time for ten-column Avro rows; off, `inlet serve` spent 13% less CPU per
    /// record in `inlet bench avro-ingest`, TEXT and Avro alike. Nothing here reads the statistics. It must run
    /// before the first connection opens (SQLite refuses configuration once it is initialized).
    static func turnOffSQLiteMemoryStatistics() {
        #if os(Linux)
            // sqlite3_config is variadic, which Swift does not import; SQLITE_CONFIG_MEMSTATUS is 9.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sqlite3_config") else { return }
            typealias Configure = @convention(c) (Int32, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: Configure.self)(9, 0)
        #endif
    }
}
