import NIOConcurrencyHelpers
import NIOCore

/// A Kafka ApiVersions v0 exchange written by hand, to prove bytes flow through a tunnel channel before the
/// Kafka client exists: request header v1 (key 18, version 0, correlation id, client id), empty body.
enum RawApiVersions {
    struct Reply {
        var correlationID: Int32
        var errorCode: Int16
        var apiKeys: [Int16]
    }

    static func exchange(on channel: any Channel, correlationID: Int32) async throws -> Reply {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(FrameCollector(promise: promise))
        }.get()
        var request = channel.allocator.buffer(capacity: 32)
        let clientID = "inlet-ssh-test"
        request.writeInteger(Int32(2 + 2 + 4 + 2 + clientID.utf8.count))
        request.writeInteger(Int16(18))
        request.writeInteger(Int16(0))
        request.writeInteger(correlationID)
        request.writeInteger(Int16(clientID.utf8.count))
        request.writeString(clientID)
        try await channel.writeAndFlush(request)
        var frame = try await promise.futureResult.get()
        guard let correlation = frame.readInteger(as: Int32.self), let error = frame.readInteger(as: Int16.self),
            let count = frame.readInteger(as: Int32.self)
        else { throw SSHTestSetupError("short ApiVersions reply") }
        var keys: [Int16] = []
        for _ in 0..<count {
            guard let key = frame.readInteger(as: Int16.self), frame.readInteger(as: Int16.self) != nil,
                frame.readInteger(as: Int16.self) != nil
            else { throw SSHTestSetupError("truncated ApiVersions reply") }
            keys.append(key)
        }
        return Reply(correlationID: correlation, errorCode: error, apiKeys: keys)
    }

    /// Collects one size-prefixed Kafka frame, then removes itself.
    final class FrameCollector: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        private var buffer = ByteBuffer()
        private let promise: EventLoopPromise<ByteBuffer>

        init(promise: EventLoopPromise<ByteBuffer>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer.writeBuffer(&bytes)
            guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self),
                buffer.readableBytes >= 4 + Int(size)
            else { return }
            buffer.moveReaderIndex(forwardBy: 4)
            promise.succeed(buffer.readSlice(length: Int(size))!)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(ChannelError.eof)
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            promise.fail(ChannelError.eof)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
        }
    }
}
