import NIOCore

/// Splits the byte stream from a broker into response frames (the bytes after the 4-byte size).
///
/// Refuses frames larger than `maximumFrameSize` so a wrong port (TLS or HTTP answering) fails clearly
/// instead of waiting for gigabytes.
struct KafkaResponseFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let broker: BrokerAddress
    var maximumFrameSize: Int32 = 256 * 1024 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size: Int32 = buffer.getInteger(at: buffer.readerIndex) else { return .needMoreData }
        guard size >= 4, size <= maximumFrameSize else {
            throw KafkaClientError(
                .protocolError,
                "broker \(broker) sent a frame of \(size) bytes; is this a Kafka listener "
                    + "(and does it expect TLS or plaintext as configured)?")
        }
        guard buffer.readableBytes >= 4 + Int(size) else {
            // Room for the whole frame at once: a 32 MiB fetch answer otherwise grows the buffer by doubling,
            // copying what arrived each time.
            buffer.reserveCapacity(minimumWritableBytes: 4 + Int(size) - buffer.readableBytes)
            return .needMoreData
        }
        buffer.moveReaderIndex(forwardBy: 4)
        let frame = buffer.readSlice(length: Int(size))!
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
