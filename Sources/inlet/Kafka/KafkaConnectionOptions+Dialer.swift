import KafkaClient
import Routing

extension KafkaConnectionOptions {
    /// The dialer every connection of the command goes through. Direct DNS + TCP until routing flags
    /// (`--route…`, `--ssh…`) say otherwise.
    func makeDialer() throws -> any KafkaDialer {
        if !routes.isEmpty { return try routes.makeDialer() }
        return TCPDialer()
    }
}
