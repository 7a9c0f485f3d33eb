import NIOCore
import NIOSSL
import NIOTLS

/// How long each step of opening one broker connection took: the dial (whatever the route), the TLS
/// handshake, and ApiVersions plus SASL.
///
/// `inlet kafka probe` prints these per broker so an operator sees which hop is slow or failing.
public struct BrokerConnectionTimings: Sendable, Hashable {
    /// Until the dialer handed over a connected channel (DNS, TCP, a tunnel channel).
    public var connect: Duration
    /// The TLS handshake, including certificate verification against the advertised name; nil without TLS.
    public var tls: Duration?
    /// ApiVersions and, when configured, the SASL exchange.
    public var setup: Duration

    public init(connect: Duration, tls: Duration?, setup: Duration) {
        self.connect = connect
        self.tls = tls
        self.setup = setup
    }
}

extension BrokerConnection {
    /// Opens a connection exactly as the client does (dialer, TLS naming the advertised host, ApiVersions,
    /// SASL), timing each step. Errors are the client's: `.tls` when the certificate does not match, `.sasl`
    /// when authentication fails, `.resolve`/`.connect`/`.timeout` when the dial fails.
    public static func connectTimed(
        to broker: BrokerAddress, configuration: KafkaConfiguration
    ) async throws -> (connection: BrokerConnection, timings: BrokerConnectionTimings) {
        let context = try configuration.tls?.makeContext()
        return try await open(broker, configuration: configuration, sslContext: context, eventLoop: nil)
    }
}

/// Completes a promise when the TLS handshake in front of it finishes or fails, then leaves the pipeline so
/// the connection's reads pass one handler fewer.
final class TLSHandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    private var promise: EventLoopPromise<Void>?

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            promise?.succeed()
            promise = nil
            context.fireUserInboundEventTriggered(event)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(ChannelError.eof)
        promise = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise?.fail(ChannelError.ioOnClosedChannel)
        promise = nil
    }
}
