import KafkaWire
import NIOCore
import NIOSSL

/// One request on its way to the broker: header fields, the encoded body and who waits for the answer.
struct OutgoingRequest: Sendable {
    var apiKey: APIKey
    var version: Int16
    var flexible: Bool
    var clientID: String?
    var body: ByteBuffer
    var timeout: TimeAmount
    /// Completed with the response body (after the response header); nil when no answer comes (acks=0).
    var promise: EventLoopPromise<ByteBuffer>?
}

/// The thin channel handler around `InFlightRequests`: writes request frames, routes response frames to
/// their promises, fails everything when the connection breaks, and enforces request deadlines.
final class BrokerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = OutgoingRequest
    typealias OutboundOut = ByteBuffer

    private var requests: InFlightRequests<EventLoopPromise<ByteBuffer>?>
    private var timeoutCheck: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(broker: BrokerAddress) {
        requests = InFlightRequests(broker: broker)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(KafkaClientError(.connectionClosed, "connection to broker \(requests.broker) was closed"))
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        let flexibleResponse = request.flexible && request.apiKey != .apiVersions
        let action = requests.send(
            apiKeyName: request.apiKey.name, flexibleResponseHeader: flexibleResponse,
            deadline: .now() + request.timeout, expectsResponse: request.promise != nil, context: request.promise)
        switch action {
        case .fail(let error):
            request.promise?.fail(error)
            promise?.fail(error)
        case .write(let correlationID):
            var frame = context.channel.allocator.buffer(
                capacity: 4 + 12 + (request.clientID?.utf8.count ?? 0)
                    + request.body.readableBytes + 1)
            frame.writeInteger(Int32(0))
            frame.writeInteger(request.apiKey.rawValue)
            frame.writeInteger(request.version)
            frame.writeInteger(correlationID)
            if let clientID = request.clientID {
                frame.writeInteger(Int16(clientID.utf8.count))
                frame.writeString(clientID)
            } else {
                frame.writeInteger(Int16(-1))
            }
            if request.flexible { frame.writeInteger(UInt8(0)) }
            var body = request.body
            frame.writeBuffer(&body)
            frame.setInteger(Int32(frame.readableBytes - 4), at: frame.readerIndex)
            context.write(wrapOutboundOut(frame), promise: promise)
            scheduleTimeoutCheck(context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        guard let correlationID: Int32 = frame.readInteger() else {
            fatal(context, KafkaClientError(.protocolError, "broker \(requests.broker) sent an empty frame"))
            return
        }
        if let pending = requests.peek(correlationID: correlationID), pending.flexibleResponseHeader {
            do {
                _ = try frame.readKafkaTaggedFields("response header")
            } catch {
                fatal(
                    context,
                    KafkaClientError(
                        .protocolError,
                        "broker \(requests.broker) sent a malformed \(pending.apiKeyName) response header",
                        underlying: error))
                return
            }
        }
        switch requests.received(correlationID: correlationID) {
        case .deliver(let request):
            request.context?.succeed(frame)
        case .protocolViolation(let error, let failing):
            for request in failing { request.context?.fail(error) }
            context.close(promise: nil)
        case .ignore:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(
            KafkaClientError(
                .connectionClosed, "broker \(requests.broker) closed the connection with requests in flight"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let described: KafkaClientError
        if let error = error as? KafkaClientError {
            described = error
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            described = KafkaTLSConfiguration.describe(error, broker: requests.broker)
        } else {
            described = KafkaClientError(
                .connectionClosed, "connection to broker \(requests.broker) failed: \(error)", underlying: error)
        }
        fatal(context, described)
    }

    private func fatal(_ context: ChannelHandlerContext, _ error: KafkaClientError) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: KafkaClientError) {
        timeoutCheck?.cancel()
        timeoutCheck = nil
        for request in requests.close(error) { request.context?.fail(error) }
    }

    private func scheduleTimeoutCheck(context: ChannelHandlerContext) {
        guard timeoutCheck == nil, let deadline = requests.earliestDeadline else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeoutCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            loopBound.value.checkTimeouts()
        }
    }

    private func checkTimeouts() {
        timeoutCheck = nil
        guard let context else { return }
        let expired = requests.expired(now: .now())
        if let first = expired.first {
            let error = KafkaClientError(
                .timeout,
                "broker \(requests.broker) did not answer \(first.apiKeyName) in time; the connection is reset")
            for request in expired { request.context?.fail(error) }
            fatal(context, error)
            return
        }
        scheduleTimeoutCheck(context: context)
    }
}
