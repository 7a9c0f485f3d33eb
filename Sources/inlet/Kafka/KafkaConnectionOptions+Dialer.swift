import KafkaClient

extension KafkaConnectionOptions {
    /// The dialer every connection of the command goes through. Direct DNS + TCP until routing flags
    /// (`--route…`, `--ssh…`) say otherwise.
    func makeDialer() throws -> any KafkaDialer {
        if let bastion = try ssh.makeDialer() { return bastion }
        return TCPDialer()
    }
}
