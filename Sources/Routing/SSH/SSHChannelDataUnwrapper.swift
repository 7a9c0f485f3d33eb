import NIOCore
import NIOSSH

/// Turns an SSH `direct-tcpip` channel into a plain byte stream: `SSHChannelData` in, `ByteBuffer` out.
///
/// It is the first handler on every tunnel channel, so the Kafka client can add TLS and its codecs on top
/// exactly as it does on a TCP socket.
final class SSHChannelDataUnwrapper: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = SSHChannelData

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        // direct-tcpip carries everything as ordinary channel data; extended data has no meaning here.
        guard message.type == .channel, case .byteBuffer(let bytes) = message.data else { return }
        context.fireChannelRead(wrapInboundOut(bytes))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        context.write(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(bytes))), promise: promise)
    }
}

@available(*, unavailable)
extension SSHChannelDataUnwrapper: Sendable {}
