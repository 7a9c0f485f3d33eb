import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH

/// One authenticated SSH connection to a bastion; every broker connection is a `direct-tcpip` channel in it.
///
/// A session never reconnects: when it ends, `closed()` says why and `SSHTunnel` builds a new one.
final class SSHSession: Sendable {
    /// The TCP connection to the bastion.
    let channel: any Channel
    /// The host key the bastion presented (and that matched the pin, if any).
    let hostKey: SSHPublicKey
    private let sshHandler: NIOLoopBound<NIOSSHHandler>
    private let closeReason: NIOLockedValueBox<SSHTunnelError?>
    private let user: String
    private let bastion: String

    private init(
        channel: any Channel, hostKey: SSHPublicKey, sshHandler: NIOLoopBound<NIOSSHHandler>,
        closeReason: NIOLockedValueBox<SSHTunnelError?>, user: String, bastion: String
    ) {
        self.channel = channel
        self.hostKey = hostKey
        self.sshHandler = sshHandler
        self.closeReason = closeReason
        self.user = user
        self.bastion = bastion
    }

    /// Connects, checks the host key against `configuration.knownHostKey`, and authenticates with the keys.
    static func connect(configuration: SSHTunnelConfiguration, on eventLoop: any EventLoop) async throws -> SSHSession {
        let bastion = configuration.bastion
        let seenHostKey = NIOLockedValueBox<SSHPublicKey?>(nil)
        let closeReason = NIOLockedValueBox<SSHTunnelError?>(nil)
        let ready = eventLoop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let clientConfiguration = SSHClientConfiguration(
                            userAuthDelegate: SSHPublicKeyOffers(
                                user: configuration.user, keys: configuration.keys.pairs, bastion: bastion),
                            serverAuthDelegate: SSHHostKeyPinning(
                                pin: configuration.knownHostKey, bastion: bastion, seen: seenHostKey),
                            transportProtectionSchemes: SSHCipherPreference.offered)
                        let ssh = NIOSSHHandler(
                            role: .client(clientConfiguration), allocator: channel.allocator,
                            inboundChildChannelInitializer: nil)
                        try channel.pipeline.syncOperations.addHandlers([
                            SSHQuickAckHandler(),
                            SSHKeepaliveHandler(
                                policy: configuration.keepalive, sshHandler: ssh, bastion: bastion,
                                closeReason: closeReason),
                            ssh,
                            SSHSessionHandler(
                                ready: ready, bastion: bastion, handshakeTimeout: configuration.handshakeTimeout,
                                closeReason: closeReason),
                        ])
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            // The pipeline's removal fails `ready` when the channel was created; otherwise nobody will.
            ready.fail(error)
            throw SSHTunnelError.classify(connectError: error, bastion: bastion, timeout: configuration.connectTimeout)
        }
        do {
            try await ready.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw SSHTunnelError.classify(handshakeError: error, bastion: bastion, handshakeDone: false)
        }
        guard let hostKey = seenHostKey.withLockedValue({ $0 }) else {
            channel.close(promise: nil)
            throw SSHTunnelError(.handshakeFailed, "the bastion presented no host key", bastion: bastion)
        }
        let sshHandler = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return SSHSession(
            channel: channel, hostKey: hostKey, sshHandler: sshHandler, closeReason: closeReason,
            user: configuration.user, bastion: bastion)
    }

    /// Whether the session can still open channels.
    var isActive: Bool { channel.isActive }

    /// Opens a `direct-tcpip` channel from the bastion to host:port that carries plain `ByteBuffer`s.
    ///
    /// Fails after `timeout` when the bastion does not answer (it may still be waiting on the broker's TCP
    /// handshake); a channel that opens after that is closed at once.
    func openDirectTCPIP(host: String, port: Int, timeout: Duration) async throws -> any Channel {
        let eventLoop = channel.eventLoop
        let opened = eventLoop.makePromise(of: (any Channel).self)
        let result = eventLoop.makePromise(of: (any Channel).self)
        let sshHandler = self.sshHandler
        let originator = channel.localAddress ?? (try? SocketAddress(ipAddress: "127.0.0.1", port: 0))
        guard let originator else {
            opened.fail(ChannelError.ioOnClosedChannel)
            result.fail(ChannelError.ioOnClosedChannel)
            throw SSHTunnelError.classify(
                channelError: ChannelError.ioOnClosedChannel, host: host, port: port, user: user, bastion: bastion)
        }
        let target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let timeoutError = SSHTunnelError(
            .channelOpenFailed,
            "the bastion did not open a channel to \(target) within \(timeout.secondsDescription): either the broker "
                + "does not answer the bastion (a firewall dropping packets, a wrong address) or the bastion itself "
                + "stopped answering",
            bastion: bastion)
        eventLoop.execute {
            let type = SSHChannelType.directTCPIP(
                .init(targetHost: host, targetPort: port, originatorAddress: originator))
            sshHandler.value.createChannel(opened, channelType: type) { child, _ in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(SSHChannelDataUnwrapper())
                }
            }
            let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) { result.fail(timeoutError) }
            opened.futureResult.whenComplete { outcome in
                timer.cancel()
                switch outcome {
                case .success(let child):
                    result.succeed(child)
                    // Opened too late: the caller already got the timeout, so nobody owns this channel.
                    result.futureResult.whenFailure { _ in child.close(promise: nil) }
                case .failure(let error):
                    result.fail(error)
                }
            }
        }
        do {
            return try await result.futureResult.get()
        } catch {
            throw SSHTunnelError.classify(channelError: error, host: host, port: port, user: user, bastion: bastion)
        }
    }

    /// Waits until the session has ended and returns why.
    func closed() async -> SSHTunnelError {
        try? await channel.closeFuture.get()
        return closeReason.withLockedValue { $0 }
            ?? SSHTunnelError(.sessionLost, "the SSH connection to the bastion closed", bastion: bastion)
    }

    /// Ends the session; its channels close with it.
    func close(reason: SSHTunnelError) {
        closeReason.withLockedValue { $0 = $0 ?? reason }
        channel.close(promise: nil)
    }
}
