import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PGWire
import SQL
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Inlet server: a PostgreSQL protocol listener whose connections are served by sessions from a
/// `SQLSessionFactory`, run as a swift-service-lifecycle `Service`.
///
/// On graceful shutdown (SIGINT/SIGTERM through a `ServiceGroup`) it stops accepting, tells connected clients the
/// server is shutting down, and returns once every connection is closed.
public final class InletServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let environment: PGConnectionEnvironment
    private let group: any EventLoopGroup
    private let state = NIOLockedValueBox(State())

    private struct State {
        var serverChannel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var closing = false
    }

    /// Prepares the server; TLS files and user verifiers are loaded here so mistakes surface before listening.
    public init(
        configuration: ServerConfiguration, sessionFactory: any SQLSessionFactory,
        logger: Logger = Logger(label: "inlet.server"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        try configuration.validateExposure()
        self.configuration = configuration
        self.group = eventLoopGroup
        var tlsContext: NIOSSLContext?
        if let tls = configuration.tls {
            tlsContext = try Self.makeTLSContext(tls)
        }
        self.environment = PGConnectionEnvironment(
            configuration: configuration, sessionFactory: sessionFactory,
            authenticator: try PGAuthenticator(users: configuration.users), tlsContext: tlsContext,
            cancelRegistry: PGCancelRegistry(), logger: logger)
    }

    /// Starts listening and returns the bound address (useful with port 0); `run()` calls it when needed.
    @discardableResult
    public func start() async throws -> SocketAddress {
        if let channel = state.withLockedValue({ $0.serverChannel }), let address = channel.localAddress {
            return address
        }
        let environment = self.environment
        let listen = configuration.listen
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self?.initialize(channel, environment: environment)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: listen.host, port: listen.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ConfigurationError(
                "cannot listen on \(listen): the address is already in use; stop the other server or choose "
                    + "another address with --listen HOST:PORT")
        } catch {
            throw ConfigurationError("cannot listen on \(listen): \(error); choose another address with --listen")
        }
        state.withLockedValue { $0.serverChannel = channel }
        return channel.localAddress!
    }

    /// Listens until graceful shutdown is triggered, then closes the listener and every connection.
    public func run() async throws {
        let address = try await start()
        let port = address.port ?? configuration.listen.port
        environment.logger.notice(
            "listening on \(ListenAddress(host: configuration.listen.host, port: port)) (PostgreSQL protocol)",
            metadata: [
                "data-dir": "\(configuration.dataDirectory)",
                "tls": "\(configuration.tls == nil ? "off" : "on")",
                "auth": "\(configuration.users.isEmpty ? "trust" : "scram-sha-256")",
            ])
        if configuration.trustsEveryClient && !configuration.listen.isLoopback {
            let warning =
                "listening on \(configuration.listen) without authentication (--allow-unauthenticated-remote): any "
                + "client that reaches this address can log in as any user; configure users to require "
                + "SCRAM-SHA-256 (docs/configuration.md)"
            environment.logger.warning("\(warning)")
        }
        try? await gracefulShutdown()
        environment.logger.notice("shutting down")
        try await shutdown()
    }

    /// Stops listening and closes every client connection (with a FATAL 57P01 notice to each).
    public func shutdown() async throws {
        let (server, connections) = state.withLockedValue { state in
            state.closing = true
            let result = (state.serverChannel, Array(state.connections.values))
            state.serverChannel = nil
            return result
        }
        try? await server?.close()
        let goodbye = PGBackendMessage.error(
            PGErrorFields(
                severity: .fatal, sqlState: "57P01", message: "terminating connection due to server shutdown"))
        for connection in connections {
            _ = try? await connection.writeAndFlush(goodbye).get()
            try? await connection.close()
        }
    }

    private func initialize(_ channel: any Channel, environment: PGConnectionEnvironment) throws {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLockedValue { state -> Bool in
            guard !state.closing else { return false }
            state.connections[id] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
        let eventLoop = channel.eventLoop
        let handlerBox = NIOLockedValueBox<NIOLoopBound<PGConnectionHandler>?>(nil)
        let key = environment.cancelRegistry.register {
            eventLoop.execute { handlerBox.withLockedValue { $0 }?.value.cancelRunningStatement() }
        }
        let gate = PGAuthenticationGate()
        let handler = PGConnectionHandler(
            environment: environment, processID: key.processID, secretKey: key.secretKey, gate: gate)
        handlerBox.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: eventLoop) }
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ByteToMessageHandler(PGFrontendMessageDecoder(gate: gate)))
        try pipeline.addHandler(MessageToByteHandler(PGBackendMessageEncoder()))
        try pipeline.addHandler(handler)
    }

    static func makeTLSContext(_ files: TLSFiles) throws -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: files.keyPath, format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConfigurationError(
                "cannot load TLS certificate \(files.certificatePath) and key \(files.keyPath): \(error); "
                    + "both must be PEM files readable by the server")
        }
    }
}
