import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// Serves the Prometheus text exposition of the server's metrics at `GET /metrics` on `--metrics-listen`.
///
/// HTTP goes through swift-nio's HTTP/1 codec; before each scrape `onScrape` refreshes the gauges that are read
/// rather than pushed (tunnel states).
public final class MetricsServer: Service, Sendable {
    public let listen: ListenAddress
    let registry: PrometheusCollectorRegistry
    let onScrape: @Sendable () async -> Void
    let logger: Logger

    public init(
        listen: ListenAddress, registry: PrometheusCollectorRegistry,
        logger: Logger = Logger(label: "inlet.metrics"), onScrape: @escaping @Sendable () async -> Void = {}
    ) {
        self.listen = listen
        self.registry = registry
        self.logger = logger
        self.onScrape = onScrape
    }

    public func run() async throws {
        let registry = self.registry
        let onScrape = self.onScrape
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(MetricsHandler(registry: registry, onScrape: onScrape))
                    }
                }
                .bind(host: listen.host, port: listen.port).get()
        } catch {
            throw ConfigurationError(
                "cannot serve metrics on \(listen): \(error); choose another address with --metrics-listen HOST:PORT")
        }
        let port = channel.localAddress?.port ?? listen.port
        logger.notice("metrics on http://\(ListenAddress(host: listen.host, port: port))/metrics (Prometheus text)")
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Answers `GET /metrics` with the registry's text exposition and everything else with 404.
final class MetricsHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let registry: PrometheusCollectorRegistry
    let onScrape: @Sendable () async -> Void

    init(registry: PrometheusCollectorRegistry, onScrape: @escaping @Sendable () async -> Void) {
        self.registry = registry
        self.onScrape = onScrape
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        let keepAlive = head.isKeepAlive
        let version = head.version
        let channel = context.channel
        let registry = registry
        let onScrape = onScrape
        guard head.method == .GET, path == "/metrics" else {
            Self.respond(
                on: channel, version: version, status: .notFound, body: Array("try GET /metrics\n".utf8),
                keepAlive: keepAlive)
            return
        }
        Task {
            await onScrape()
            var body: [UInt8] = []
            registry.emit(into: &body)
            Self.respond(on: channel, version: version, status: .ok, body: body, keepAlive: keepAlive)
        }
    }

    static func respond(
        on channel: any Channel, version: HTTPVersion, status: HTTPResponseStatus, body: [UInt8], keepAlive: Bool
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        channel.write(
            HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers)),
            promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
