import KafkaWire
import Testing

@Suite struct APIKeyTests {
    @Test func keysMatchTheProtocolNumbers() {
        #expect(APIKey.apiVersions.rawValue == 18)
        #expect(APIKey.saslAuthenticate.rawValue == 36)
        #expect(APIKey(rawValue: 99).name == "ApiKey(99)")
    }
}
