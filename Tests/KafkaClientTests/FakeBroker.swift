import KafkaWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

@testable import KafkaClient

/// An in-process Kafka broker that answers ApiVersions and Metadata: enough for a `KafkaCluster` to connect,
/// learn its brokers and look up topics. One listener serves every node the metadata names.
final class FakeBroker: Sendable {
    static let nodes = [
        MetadataResponse.Broker(nodeID: 1, host: "b-1.kafka.test", port: 9092),
        MetadataResponse.Broker(nodeID: 2, host: "b-2.kafka.test", port: 9092),
    ]
    static let topics = ["orders", "payments"]

    private let listener: any Channel
    private let requests: NIOLockedValueBox<[[String]?]>

    /// The topics of every Metadata request received, in order (nil: all topics).
    var metadataRequests: [[String]?] { requests.withLockedValue { $0 } }

    var port: Int { listener.localAddress!.port! }

    private init(listener: any Channel, requests: NIOLockedValueBox<[[String]?]>) {
        self.listener = listener
        self.requests = requests
    }

    static func start() async throws -> FakeBroker {
        let requests = NIOLockedValueBox<[[String]?]>([])
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    try child.pipeline.syncOperations.addHandler(Answerer(requests: requests))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeBroker(listener: listener, requests: requests)
    }

    func stop() async throws { try await listener.close() }

    private final class Answerer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let requests: NIOLockedValueBox<[[String]?]>

        init(requests: NIOLockedValueBox<[[String]?]>) { self.requests = requests }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var frame = unwrapInboundIn(data)
            guard let (apiKey, version, correlationID) = KafkaRequestHeader.peek(frame: frame) else {
                context.close(promise: nil)
                return
            }
            var answer = context.channel.allocator.buffer(capacity: 256)
            do {
                switch apiKey {
                case .apiVersions:
                    let supported = ApiVersionsResponse(apiKeys: [
                        .init(apiKey: .apiVersions, minVersion: 0, maxVersion: 4),
                        .init(apiKey: .metadata, minVersion: 1, maxVersion: 12),
                    ])
                    try KafkaResponseEncoder.encode(
                        supported, for: ApiVersionsRequest.self, version: version, correlationID: correlationID,
                        into: &answer)
                case .metadata:
                    _ = try KafkaRequestHeader(
                        from: &frame, headerVersion: MetadataRequest.requestHeaderVersion(for: version))
                    let request = try MetadataRequest(from: &frame, version: version)
                    let names = request.topics.map { $0.compactMap(\.name) }
                    requests.withLockedValue { $0.append(names) }
                    let topics = (names ?? FakeBroker.topics).map {
                        MetadataResponse.Topic(
                            name: $0, partitions: [MetadataResponse.Partition(partitionIndex: 0, leaderID: 1)])
                    }
                    try KafkaResponseEncoder.encode(
                        MetadataResponse(brokers: FakeBroker.nodes, topics: topics), for: MetadataRequest.self,
                        version: version, correlationID: correlationID, into: &answer)
                default:
                    context.close(promise: nil)
                    return
                }
            } catch {
                context.close(promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
        }
    }
}

/// A dialer that holds each dial until the test lets it through, then connects to a `FakeBroker`; it reports
/// every dial on `events` and keeps every channel it opened, so tests can count the ones left open.
final class GatedDialer: KafkaDialer {
    /// What the test sees happen: a dial reaching the dialer, a cluster caller waiting on another's work, or a
    /// caller the test named returning.
    enum Event: Sendable, Hashable {
        case dial(host: String)
        case waiting(KafkaClusterHooks.Wait)
        case returned(String)
    }

    private struct State {
        var open = false
        var parked: [CheckedContinuation<Void, Never>] = []
        var dialled: [String] = []
        var channels: [any Channel] = []
    }

    private let port: Int
    private let state = NIOLockedValueBox(State())
    let events: AsyncStream<Event>
    private let event: AsyncStream<Event>.Continuation

    init(port: Int) {
        self.port = port
        (events, event) = AsyncStream.makeStream(of: Event.self)
    }

    /// Hooks that report the cluster's waits on `events`, in order with the dials.
    var hooks: KafkaClusterHooks {
        let event = event
        return KafkaClusterHooks(willWait: { event.yield(.waiting($0)) })
    }

    /// Puts `event` on `events`, in order with what the dialer and the cluster report.
    func note(_ event: Event) { self.event.yield(event) }

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let passes = state.withLockedValue { state -> Bool in
                state.dialled.append(broker.host)
                if !state.open { state.parked.append(continuation) }
                return state.open
            }
            event.yield(.dial(host: broker.host))
            if passes { continuation.resume() }
        }
        let channel = try await ClientBootstrap(group: eventLoop).connect(host: "127.0.0.1", port: port).get()
        state.withLockedValue { $0.channels.append(channel) }
        return channel
    }

    /// Lets the dials held now through; later ones are held again.
    func releaseHeld() {
        for dial in state.withLockedValue({ state in
            defer { state.parked = [] }; return state.parked
        }) {
            dial.resume()
        }
    }

    /// Lets every dial through from now on.
    func open() {
        state.withLockedValue { $0.open = true }
        releaseHeld()
    }

    /// The hosts dialled so far, in order.
    var dialled: [String] { state.withLockedValue { $0.dialled } }

    /// How many channels the dialer opened.
    var channelCount: Int { state.withLockedValue { $0.channels.count } }

    /// How many of the channels it opened are still open. Asked on each channel's event loop, after any close
    /// requested before this call.
    func openChannels() async throws -> Int {
        var open = 0
        for channel in state.withLockedValue({ $0.channels }) {
            if try await channel.eventLoop.submit({ channel.isActive }).get() { open += 1 }
        }
        return open
    }

    /// Closes what is still open, so a failing test does not leave sockets behind.
    func closeAll() {
        for channel in state.withLockedValue({ $0.channels }) { channel.close(promise: nil) }
    }
}
