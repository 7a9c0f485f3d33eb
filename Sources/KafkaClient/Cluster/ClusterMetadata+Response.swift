import KafkaWire

extension ClusterMetadata {
    /// Builds the client's view from a Metadata response.
    init(_ response: MetadataResponse) {
        var brokers: [Int32: BrokerAddress] = [:]
        for broker in response.brokers {
            brokers[broker.nodeID] = BrokerAddress(nodeID: broker.nodeID, host: broker.host, port: Int(broker.port))
        }
        var topics: [String: Topic] = [:]
        for topic in response.topics {
            guard let name = topic.name else { continue }
            topics[name] = Topic(
                name: name, errorCode: topic.errorCode.rawValue, isInternal: topic.isInternal,
                partitions: topic.partitions.map {
                    Partition(
                        id: $0.partitionIndex, leader: $0.leaderID, errorCode: $0.errorCode.rawValue,
                        replicas: $0.replicaNodes)
                }, topicID: topic.topicID.isZero ? nil : topic.topicID)
        }
        self.init(
            brokers: brokers, topics: topics, controllerID: response.controllerID >= 0 ? response.controllerID : nil,
            clusterID: response.clusterID)
    }

    /// Merges a newer answer about some topics into what is known (brokers are replaced).
    mutating func merge(_ newer: ClusterMetadata) {
        brokers = newer.brokers
        controllerID = newer.controllerID
        clusterID = newer.clusterID
        for (name, topic) in newer.topics { topics[name] = topic }
    }
}
