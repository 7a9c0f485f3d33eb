import KafkaClient
import Testing

@Suite struct BrokerAddressTests {
    @Test func describesItself() {
        #expect(
            BrokerAddress(nodeID: 4, host: "b-4.msk.internal", port: 9096).description
                == "b-4.msk.internal:9096 (node 4)")
        #expect(BrokerAddress(host: "::1", port: 9092).hostPort == "[::1]:9092")
    }
}
