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
        let clock = ContinuousClock()
        var start = clock.now
        let channel: any Channel
        do {
            channel = try await configuration.dialer.dial(broker, on: configuration.eventLoopGroup.next())
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(.connect, "cannot reach broker \(broker): \(error)", underlying: error)
        }
        let connect = clock.now - start
        var tls: Duration?
        if let settings = configuration.tls {
            start = clock.now
            do {
                let context = try settings.makeContext()
                let handshake = channel.eventLoop.makePromise(of: Void.self)
                try await channel.eventLoop.submit {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(try KafkaTLSConfiguration.makeHandler(context: context, broker: broker))
                    try sync.addHandler(TLSHandshakeWaiter(promise: handshake))
                }.get()
                try await handshake.futureResult.get()
            } catch {
                channel.close(promise: nil)
                throw error as? KafkaClientError ?? KafkaTLSConfiguration.describe(error, broker: broker)
            }
            tls = clock.now - start
        }
        start = clock.now
        var plain = configuration
        plain.tls = nil
        plain.dialer = HandedOverChannel(channel: channel)
        let connection = try await BrokerConnection.connect(
            to: broker, configuration: plain, sslContext: nil, eventLoop: channel.eventLoop)
        return (connection, BrokerConnectionTimings(connect: connect, tls: tls, setup: clock.now - start))
    }
}

/// A dialer that hands over a channel that is already connected (and secured).
private struct HandedOverChannel: KafkaDialer {
    let channel: any Channel

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel { channel }
}

/// Completes a promise when the TLS handshake in front of it finishes or fails; passes everything on.
private final class TLSHandshakeWaiter: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny

    private var promise: EventLoopPromise<Void>?

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            promise?.succeed()
            promise = nil
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
