import NIOCore

/// Splits a byte stream into Kafka frames: reads the int32 length prefix and yields each complete frame body
/// (without the prefix) as one `ByteBuffer`.
///
/// Works for both directions (responses on a client, requests on a server or proxy). A negative length or one
/// above `maxFrameSize` is an error, since waiting for it would buffer without bound.
public struct KafkaFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// librdkafka's `receive.message.max.bytes` default: 100 MB.
    public static let defaultMaxFrameSize = 100_000_000

    public let maxFrameSize: Int

    public init(maxFrameSize: Int = KafkaFrameDecoder.defaultMaxFrameSize) {
        self.maxFrameSize = maxFrameSize
    }

    /// Removes and returns the next complete frame body from `buffer`, or nil (buffer untouched) when the frame is
    /// not complete yet.
    public func nextFrame(from buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard length >= 0, Int(length) <= maxFrameSize else {
            throw KafkaWireError(
                kind: .frameTooLarge,
                message: "frame length \(length) is outside 0...\(maxFrameSize); the peer does not speak the Kafka "
                    + "protocol (TLS or SASL mismatch?) or the limit is too low")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
