import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One SSH session to a bastion that carries many broker connections as `direct-tcpip` channels.
///
/// The tunnel connects on first use (or `start()`), pins the bastion's host key, probes the session with
/// keepalives, and when the session dies it closes every channel in it (so the Kafka client fails in-flight
/// requests and redials) and reconnects with backoff. Callers of `openChannel` during a reconnect wait for
/// the next attempt and get its error if it fails, so retries are paced by the tunnel's backoff.
public actor SSHTunnel {
    /// The bastion as `user@host:port`, for messages.
    public nonisolated let bastion: String
    private var configuration: SSHTunnelConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private nonisolated let state: NIOLockedValueBox<TunnelState>
    private var session: SSHSession?
    private var waiters: [CheckedContinuation<SSHSession, any Error>] = []
    private var supervisor: Task<Void, Never>?
    private var isShutDown = false

    /// A tunnel that has not connected yet.
    ///
    /// - Parameters:
    ///   - configuration: the bastion, user, keys, pinned host key (nil: pin the first one seen) and timings.
    ///   - eventLoopGroup: where the session's connection and all its channels live.
    public init(
        configuration: SSHTunnelConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "inlet.ssh-tunnel")
    ) {
        self.bastion = configuration.bastion
        self.configuration = configuration
        self.group = eventLoopGroup
        var logger = logger
        logger[metadataKey: "bastion"] = "\(configuration.bastion)"
        self.logger = logger
        self.state = NIOLockedValueBox(TunnelState(status: .idle, hostKey: configuration.knownHostKey))
    }

    /// connecting / running / errored: message.
    public nonisolated var status: SSHTunnelStatus { state.withLockedValue { $0.status } }

    /// The pinned host key: the one configured, or the one learned on the first successful connect.
    public nonisolated var knownHostKey: SSHKnownHostKey? { state.withLockedValue { $0.hostKey } }

    /// Every status change from now on, starting with the current status; ends when the tunnel shuts down.
    ///
    /// This is what feeds connection and source status: errored with the message, then running again.
    public nonisolated func statusUpdates() -> AsyncStream<SSHTunnelStatus> {
        let (stream, continuation) = AsyncStream.makeStream(of: SSHTunnelStatus.self)
        let id = state.withLockedValue { state in
            defer { state.nextObserver += 1 }
            continuation.yield(state.status)
            if state.status == .shutDown {
                continuation.finish()
            } else {
                state.observers[state.nextObserver] = continuation
            }
            return state.nextObserver
        }
        continuation.onTermination = { [state] _ in
            _ = state.withLockedValue { $0.observers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Starts connecting in the background; `status` shows the progress.
    public func start() {
        guard supervisor == nil, !isShutDown else { return }
        supervisor = Task { await self.supervise() }
    }

    /// Waits until a session is up, or throws the error of the attempt that failed.
    public func connect() async throws {
        _ = try await currentSession()
    }

    /// Opens a byte stream to `host:port` as the bastion resolves and reaches it.
    ///
    /// The returned channel carries `ByteBuffer`s both ways and lives on the session's event loop
    /// (`channel.eventLoop`, which need not be `eventLoop`: SSH channels share their session's loop).
    /// Errors are `SSHTunnelError`s naming the hop that failed.
    public func openChannel(to host: String, port: Int, on eventLoop: (any EventLoop)? = nil) async throws
        -> any Channel
    {
        let session = try await currentSession()
        // A dial abandoned while the tunnel reconnected must not leave an unused channel open.
        try Task.checkCancellation()
        do {
            return try await session.openDirectTCPIP(host: host, port: port, timeout: configuration.channelOpenTimeout)
        } catch let error as SSHTunnelError where error.code == .sessionLost && !session.isActive {
            // The session died under us; the next attempt's session (or its error) decides.
            let next = try await currentSession()
            return try await next.openDirectTCPIP(
                host: host, port: port, timeout: configuration.channelOpenTimeout)
        }
    }

    /// Replaces the offered key pairs (after `ALTER CONNECTION … ROTATE KEYS`); the running session stays,
    /// the next one authenticates with the new keys.
    public func updateKeys(_ keys: SSHClientKeys) {
        configuration.keys = keys
    }

    /// Closes the current session (its channels close too); the tunnel reconnects at once.
    public func reconnect() {
        session?.close(reason: SSHTunnelError(.sessionLost, "reconnect requested", bastion: bastion))
        session = nil
    }

    /// Closes the session and every channel, fails waiting callers, and stops reconnecting.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        setStatus(.shutDown)
        let error = SSHTunnelError(.shutDown, "the tunnel was shut down", bastion: bastion)
        session?.close(reason: error)
        session = nil
        resumeWaiters(with: .failure(error))
        supervisor?.cancel()
        await supervisor?.value
        supervisor = nil
    }

    private func currentSession() async throws -> SSHSession {
        if isShutDown { throw SSHTunnelError(.shutDown, "the tunnel was shut down", bastion: bastion) }
        if let session, session.isActive { return session }
        start()
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    private func supervise() async {
        var failures = 0
        var lastFailure: String?
        while !isShutDown {
            // While retrying, the status keeps showing why the tunnel is down rather than "connecting".
            if failures == 0 { setStatus(.connecting) }
            do {
                let session = try await SSHSession.connect(configuration: configuration, on: group.next())
                if isShutDown {
                    session.close(reason: SSHTunnelError(.shutDown, "the tunnel was shut down", bastion: bastion))
                    break
                }
                pin(session.hostKey)
                failures = 0
                lastFailure = nil
                self.session = session
                setStatus(.running)
                logger.info("SSH session established", metadata: ["host-key": "\(session.hostKey.fingerprint)"])
                resumeWaiters(with: .success(session))

                let reason = await session.closed()
                self.session = nil
                if isShutDown { break }
                logger.warning("SSH session ended; reconnecting", metadata: ["reason": "\(reason.message)"])
                setStatus(.errored(reason.message))
                failures = 1
            } catch {
                failures += 1
                let tunnelError =
                    error as? SSHTunnelError
                    ?? SSHTunnelError(.handshakeFailed, "\(error)", bastion: bastion, underlying: error)
                // Repeats of the same failure are logged quietly; the status always shows the latest.
                let repeated = lastFailure == tunnelError.message
                lastFailure = tunnelError.message
                logger.log(
                    level: repeated ? .debug : .warning, "SSH connection attempt failed",
                    metadata: ["error": "\(tunnelError.message)"])
                setStatus(.errored(tunnelError.message))
                resumeWaiters(with: .failure(tunnelError))
            }
            if isShutDown { break }
            do {
                try await Task.sleep(for: configuration.reconnectBackoff.jitteredDelay(afterFailures: failures))
            } catch {
                break
            }
        }
    }

    private func pin(_ hostKey: SSHPublicKey) {
        guard configuration.knownHostKey == nil else { return }
        let pinned = SSHKnownHostKey(hostKey)
        configuration.knownHostKey = pinned
        state.withLockedValue { $0.hostKey = pinned }
        logger.notice("pinned the bastion's host key", metadata: ["host-key": "\(pinned)"])
    }

    private func setStatus(_ status: SSHTunnelStatus) {
        let observers = state.withLockedValue { state -> [AsyncStream<SSHTunnelStatus>.Continuation] in
            guard state.status != status else { return [] }
            state.status = status
            return Array(state.observers.values)
        }
        for observer in observers {
            observer.yield(status)
            if status == .shutDown { observer.finish() }
        }
    }

    private func resumeWaiters(with result: Result<SSHSession, SSHTunnelError>) {
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting {
            waiter.resume(with: result.mapError { $0 as any Error })
        }
    }
}

/// What `SSHTunnel` shares with synchronous readers and status observers.
struct TunnelState {
    var status: SSHTunnelStatus
    var hostKey: SSHKnownHostKey?
    var observers: [Int: AsyncStream<SSHTunnelStatus>.Continuation] = [:]
    var nextObserver = 0
}
