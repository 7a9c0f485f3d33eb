import NIOCore
import NIOPosix
import Testing

@testable import KafkaClient

@Suite struct TCPDialerTests {
    @Test func refusedConnectionNamesTheAddress() async throws {
        // Bind a port, then close it so nothing listens there.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = server.localAddress!.port!
        try await server.close()
        let broker = BrokerAddress(host: "127.0.0.1", port: port)
        let error = await #expect(throws: KafkaClientError.self) {
            try await TCPDialer().dial(broker, on: MultiThreadedEventLoopGroup.singleton.next())
        }
        #expect(error?.code == .connect)
        #expect(error?.message.contains("connection refused by 127.0.0.1:\(port)") == true)
    }

    @Test func unresolvableHostIsNamed() async throws {
        let broker = BrokerAddress(nodeID: 1, host: "b-1.msk.invalid", port: 9096)
        let error = await #expect(throws: KafkaClientError.self) {
            try await TCPDialer().dial(broker, on: MultiThreadedEventLoopGroup.singleton.next())
        }
        #expect(error?.code == .resolve)
        #expect(error?.message.hasPrefix("cannot resolve b-1.msk.invalid") == true)
    }

    @Test func connectsToAListener() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let channel = try await TCPDialer().dial(
            BrokerAddress(host: "127.0.0.1", port: server.localAddress!.port!),
            on: MultiThreadedEventLoopGroup.singleton.next())
        #expect(channel.isActive)
        try await channel.close()
        try await server.close()
    }
}
