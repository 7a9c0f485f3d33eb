import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Acknowledges every read from the bastion at once (Linux `TCP_QUICKACK`), so sshd never waits out a delayed ACK.
///
/// OpenSSH's sshd leaves Nagle's algorithm on for sessions without a terminal, which is what a tunnel is. When it
/// sends two small packets back to back (after authentication: its host keys notice, then the confirmation of our
/// first channel) the second waits until the first is acknowledged, and Linux delays that acknowledgement by 40 ms
/// while the client has nothing to send: every tunnel paid 40 ms before its first broker byte. Quick ACK mode is
/// not sticky in Linux, so it is set again after every read; elsewhere this handler only passes reads on.
final class SSHQuickAckHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        #if os(Linux)
            try? context.channel.syncOptions?.setOption(
                .tcpOption(NIOBSDSocket.Option(rawValue: CInt(TCP_QUICKACK))), value: 1)
        #endif
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension SSHQuickAckHandler: Sendable {}
