import InletTestSupport
import KafkaWire
import NIOCore
import NIOPosix

/// A minimal sequential Kafka connection for wire tests: one request in flight, frames split by
/// `KafkaFrameDecoder`, responses decoded by `KafkaResponseDecoder`. Not the client; just enough to put each
/// message version in front of a real broker.
actor WireTansuConnection {
    let channel: any Channel
    let frames: AsyncThrowingStream<ByteBuffer, any Error>
    private var correlation: Int32 = 0

    private init(channel: any Channel, frames: AsyncThrowingStream<ByteBuffer, any Error>) {
        self.channel = channel
        self.frames = frames
    }

    static func connect(port: Int) async throws -> WireTansuConnection {
        let (frames, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(KafkaFrameDecoder()), FrameCollector(continuation: continuation),
                    ])
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return WireTansuConnection(channel: channel, frames: frames)
    }

    /// Sends `request` in `version` and decodes the answer, checking the correlation id.
    func send<R: KafkaRequest>(_ request: R, version: Int16) async throws -> R.Response {
        correlation += 1
        let id = correlation
        let frame = try KafkaRequestEncoder.encode(request, version: version, correlationID: id, clientID: "inlet-wire")
        try await channel.writeAndFlush(frame)
        var iterator = frames.makeAsyncIterator()
        guard let answer = try await iterator.next() else {
            throw KafkaWireError(
                kind: .truncated, message: "tansu closed the connection instead of answering",
                messageName: R.messageName(version: version))
        }
        let (answeredID, response) = try KafkaResponseDecoder.decodeWithCorrelationID(
            R.self, version: version, frame: answer)
        guard answeredID == id else {
            throw KafkaWireError(
                kind: .malformed, message: "correlation id \(answeredID), expected \(id)",
                messageName: R.responseName(version: version))
        }
        return response
    }

    func close() async {
        try? await channel.close()
    }
}

private final class FrameCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation

    init(continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
    }
}

/// Starts tansu, connects, runs `body`, and always closes and stops both.
func withWireConnection<T: Sendable>(_ body: (WireTansuConnection, Tansu) async throws -> T) async throws -> T {
    try await withTansu { tansu in
        let connection = try await WireTansuConnection.connect(port: tansu.port)
        do {
            let value = try await body(connection, tansu)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }
}
