import NIOConcurrencyHelpers
import NIOCore
import NIOSSH

/// Sits below `NIOSSHHandler`: notes every byte from the bastion and probes it when it falls silent.
///
/// The probe is a `cancel-tcpip-forward` global request for a forwarding that never existed: any OpenSSH
/// server answers it (with a failure), which is all a keepalive needs; the public NIOSSH API has no other
/// global request that demands a reply.
final class SSHKeepaliveHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var keepalive: SSHKeepalive
    private let sshHandler: NIOSSHHandler
    private let bastion: String
    private let closeReason: NIOLockedValueBox<SSHTunnelError?>
    private var timer: RepeatedTask?

    init(
        policy: SSHKeepalivePolicy, sshHandler: NIOSSHHandler, bastion: String,
        closeReason: NIOLockedValueBox<SSHTunnelError?>
    ) {
        self.keepalive = SSHKeepalive(policy: policy, now: .now)
        self.sshHandler = sshHandler
        self.bastion = bastion
        self.closeReason = closeReason
    }

    func channelActive(context: ChannelHandlerContext) {
        keepalive.heard(at: .now)
        let interval = TimeAmount(keepalive.policy.interval)
        let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBoundSelf.value.tick(context: loopBoundContext.value)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        keepalive.heard(at: .now)
        context.fireChannelRead(data)
    }

    private func tick(context: ChannelHandlerContext) {
        switch keepalive.tick(at: .now) {
        case .none:
            break
        case .sendProbe:
            sshHandler.sendTCPForwardingRequest(.cancel(host: "inlet-keepalive", port: 0), promise: nil)
        case .declareDead(let silence):
            let reason = SSHTunnelError(
                .sessionLost,
                "the bastion stopped answering: \(keepalive.policy.maxUnanswered) keepalives unanswered, silent for "
                    + "\(silence.secondsDescription); "
                    + "the session was closed and will be re-established",
                bastion: bastion)
            closeReason.withLockedValue { $0 = $0 ?? reason }
            timer?.cancel()
            timer = nil
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension SSHKeepaliveHandler: Sendable {}

/// Sits above `NIOSSHHandler`: completes the handshake promise on authentication success, turns errors into
/// a reason for the session's end, and closes the connection on any error.
final class SSHSessionHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    private var ready: EventLoopPromise<Void>?
    private let bastion: String
    private let handshakeTimeout: Duration
    private let closeReason: NIOLockedValueBox<SSHTunnelError?>
    private var timeout: Scheduled<Void>?

    init(
        ready: EventLoopPromise<Void>, bastion: String, handshakeTimeout: Duration,
        closeReason: NIOLockedValueBox<SSHTunnelError?>
    ) {
        self.ready = ready
        self.bastion = bastion
        self.handshakeTimeout = handshakeTimeout
        self.closeReason = closeReason
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let limit = handshakeTimeout.secondsDescription
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(handshakeTimeout)) {
            let error = SSHTunnelError(
                .handshakeFailed,
                "the bastion did not complete the SSH handshake and authentication within \(limit); "
                    + "is this port an SSH server, and is the bastion overloaded (sshd MaxStartups)?",
                bastion: loopBoundSelf.value.bastion)
            loopBoundSelf.value.fail(error, context: loopBoundContext.value)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent {
            timeout?.cancel()
            ready?.succeed()
            ready = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(
            SSHTunnelError.classify(handshakeError: error, bastion: bastion, handshakeDone: ready == nil),
            context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = SSHTunnelError(
            ready == nil ? .sessionLost : .handshakeFailed,
            ready == nil
                ? "the bastion closed the SSH connection"
                : "the bastion closed the connection during the SSH handshake (see its sshd log: AllowUsers, "
                    + "DenyUsers, MaxStartups, or too many authentication failures)",
            bastion: bastion)
        settle(with: reason)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        settle(with: SSHTunnelError(.handshakeFailed, "the SSH connection was torn down", bastion: bastion))
    }

    private func fail(_ error: SSHTunnelError, context: ChannelHandlerContext) {
        settle(with: error)
        context.close(promise: nil)
    }

    /// Records the first reason the session ended and fails the handshake if it is still pending.
    private func settle(with error: SSHTunnelError) {
        timeout?.cancel()
        let reason = closeReason.withLockedValue { current in
            if current == nil { current = error }
            return current!
        }
        ready?.fail(reason)
        ready = nil
    }
}

@available(*, unavailable)
extension SSHSessionHandler: Sendable {}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// `2.5s`: one decimal, for messages.
    var secondsDescription: String {
        let tenths = (SSHReconnectBackoff.seconds(self) * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)s"
    }
}
