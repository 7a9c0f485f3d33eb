import KafkaClient
import Routing

extension KafkaConnectionOptions {
    /// The dialer every connection of the command goes through. Direct DNS + TCP until routing flags
    /// (`--route…`, `--ssh…`) say otherwise.
    func makeDialer() throws -> any KafkaDialer {
        if let bastion = try ssh.makeDialer() {
            guard routes.isEmpty else {
                throw KafkaClientError(
                    .configuration, "--ssh sends every broker through the bastion; give either --ssh or --route… flags")
            }
            return bastion
        }
        if !routes.isEmpty { return try routes.makeDialer() }
        return TCPDialer()
    }
}
