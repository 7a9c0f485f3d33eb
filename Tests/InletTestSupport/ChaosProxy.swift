import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on a free loopback port in front of a target, with faults the test controls.
///
/// Tests put it between a client and a broker to kill connections mid-stream (`cutAllConnections`),
/// to stall traffic (`pause`/`resume`) or to refuse new connections, and count what the client did.
public final class ChaosProxy: Sendable {
    /// Always 127.0.0.1.
    public let host: String
    /// The proxy's listening port.
    public let port: Int
    public let targetHost: String
    public let targetPort: Int

    /// "127.0.0.1:PORT".
    public var address: String { "\(host):\(port)" }

    private struct State {
        var connections: [Int: (Channel, Channel?)] = [:]
        var nextID = 0
        var accepted = 0
        var paused = false
        var refusing = false
        var bytesToClients = 0
        var bytesToTarget = 0
        var cutAtBytesToClients: Int?
    }

    private let state = Mutex(State())
    private let serverChannel: Channel
    private let group: EventLoopGroup

    private init(host: String, port: Int, targetHost: String, targetPort: Int, server: Channel, group: EventLoopGroup) {
        self.host = host
        self.port = port
        self.targetHost = targetHost
        self.targetPort = targetPort
        self.serverChannel = server
        self.group = group
    }

    /// Starts a proxy to host:port; it listens at once.
    public static func start(
        targetHost: String = "127.0.0.1",
        targetPort: Int,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ChaosProxy {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            throw PeerError(peer: "ChaosProxy", message: "the listener has no local port")
        }
        let proxy = ChaosProxy(
            host: "127.0.0.1", port: port, targetHost: targetHost, targetPort: targetPort,
            server: server.channel, group: group)
        Task {
            try? await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { tasks in
                    for try await connection in inbound {
                        tasks.addTask { await proxy.serve(connection) }
                    }
                }
            }
        }
        return proxy
    }

    /// Connections accepted so far (including refused ones).
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Connections currently open through the proxy.
    public var openConnections: Int { state.withLock { $0.connections.count } }

    /// Bytes forwarded from the target to clients so far (e.g. Fetch responses).
    public var bytesToClients: Int { state.withLock { $0.bytesToClients } }

    /// Bytes forwarded from clients to the target so far.
    public var bytesToTarget: Int { state.withLock { $0.bytesToTarget } }

    /// Arms a one-shot cut: once `bytes` more bytes have gone from the target to clients, every open
    /// connection is closed mid-stream (the rest of that chunk is not delivered). Deterministic way to
    /// kill a consumer's connection in the middle of a fetch.
    public func cutAllConnections(afterForwardingToClients bytes: Int) {
        state.withLock { $0.cutAtBytesToClients = $0.bytesToClients + bytes }
    }

    /// Closes every open connection on both sides: the client sees its connection die mid-stream.
    public func cutAllConnections() {
        let channels = state.withLock { Array($0.connections.values) }
        for (client, upstream) in channels {
            client.close(promise: nil)
            upstream?.close(promise: nil)
        }
    }

    /// Stops forwarding bytes in both directions (connections stay open; new ones are accepted).
    public func pause() { state.withLock { $0.paused = true } }

    /// Forwards bytes again, including what was held back.
    public func resume() { state.withLock { $0.paused = false } }

    /// While true, new connections are accepted and closed at once (a dead endpoint).
    public func refuseNewConnections(_ refuse: Bool) { state.withLock { $0.refusing = refuse } }

    /// Closes the listener and every connection.
    public func stop() async {
        try? await serverChannel.close()
        cutAllConnections()
    }

    private func serve(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let (id, refusing) = state.withLock { state in
            state.accepted += 1
            state.nextID += 1
            state.connections[state.nextID] = (client.channel, nil)
            return (state.nextID, state.refusing)
        }
        defer { _ = state.withLock { $0.connections.removeValue(forKey: id) } }
        if refusing {
            try? await client.channel.close()
            return
        }
        do {
            let upstream = try await ClientBootstrap(group: client.channel.eventLoop)
                .connect(host: targetHost, port: targetPort) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            state.withLock { $0.connections[id]?.1 = upstream.channel }
            try await client.executeThenClose { clientIn, clientOut in
                try await upstream.executeThenClose { upstreamIn, upstreamOut in
                    try await withThrowingTaskGroup(of: Void.self) { pumps in
                        pumps.addTask { try await self.pump(clientIn, to: upstreamOut, towardsClient: false) }
                        pumps.addTask { try await self.pump(upstreamIn, to: clientOut, towardsClient: true) }
                        _ = try await pumps.next()
                        pumps.cancelAll()
                    }
                }
            }
        } catch {
            try? await client.channel.close()
        }
    }

    private func pump(
        _ input: NIOAsyncChannelInboundStream<ByteBuffer>,
        to output: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        towardsClient: Bool
    ) async throws {
        for try await buffer in input {
            while state.withLock({ $0.paused }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            var chunk = buffer
            let cut = state.withLock { state -> Bool in
                guard towardsClient else {
                    state.bytesToTarget += chunk.readableBytes
                    return false
                }
                if let limit = state.cutAtBytesToClients, state.bytesToClients + chunk.readableBytes >= limit {
                    chunk = chunk.getSlice(at: chunk.readerIndex, length: limit - state.bytesToClients) ?? chunk
                    state.cutAtBytesToClients = nil
                    state.bytesToClients = limit
                    return true
                }
                state.bytesToClients += chunk.readableBytes
                return false
            }
            if chunk.readableBytes > 0 {
                try await output.write(chunk)
            }
            if cut {
                cutAllConnections()
                return
            }
        }
    }
}
