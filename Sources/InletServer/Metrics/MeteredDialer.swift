import KafkaClient
import Metrics
import NIOCore
import Routing

/// Wraps a connection's dialer to publish, per broker, whether a connection is open and by which route
/// (`inlet_kafka_broker_connected{connection, broker, route}`), and how often dialling failed.
struct MeteredDialer: KafkaDialer {
    let inner: any KafkaDialer
    let connection: String

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        let route = (try? (inner as? RoutingDialer)?.resolver.resolve(broker).decision).map { "\($0.via) [\($0.rule)]" }
        let dimensions = [("connection", connection), ("broker", broker.hostPort), ("route", route ?? "direct")]
        let connected = Gauge(label: "inlet_kafka_broker_connected", dimensions: dimensions)
        do {
            let channel = try await inner.dial(broker, on: eventLoop)
            connected.record(1)
            channel.closeFuture.whenComplete { _ in connected.record(0) }
            return channel
        } catch {
            connected.record(0)
            Counter(label: "inlet_kafka_broker_dial_failures_total", dimensions: dimensions).increment()
            throw error
        }
    }
}
