import KafkaClient
import Routing
import Testing

@Suite struct RouteTableTests {
    let b1 = BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9096)
    let b2 = BrokerAddress(nodeID: 2, host: "b-2.msk.internal", port: 9096)
    let b4 = BrokerAddress(nodeID: 4, host: "b-4.msk.internal", port: 9096)

    /// The seed guide's shape: one exact rule per broker, each to its own listener port.
    var mskTable: RouteTable {
        RouteTable(brokers: [
            .init(host: "b-1.msk.internal", port: 9096, via: .privateLink("pl", port: 9001)),
            .init(
                host: "b-2.msk.internal", port: 9096, via: .privateLink("pl", port: 9002, availabilityZone: "use1-az2")),
        ])
    }

    @Test func exactRulesWinAndCompareHostsCaseInsensitively() {
        let upper = BrokerAddress(nodeID: 1, host: "B-1.MSK.internal", port: 9096)
        let decision = mskTable.decide(for: upper)
        #expect(decision.rule == .exact("b-1.msk.internal:9096"))
        #expect(decision.via == .privateLink("pl", port: 9001))
    }

    @Test func exactRulesNeedTheSamePort() {
        let otherPort = BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9094)
        #expect(mskTable.decide(for: otherPort).rule == .unmapped)
    }

    @Test func orderIsExactThenMatchingThenDefaultThenDirect() throws {
        let table = RouteTable(
            brokers: [.init(host: "b-1.msk.internal", port: 9096, via: .sshTunnel("exact"))],
            matching: [
                .init(pattern: try BrokerPattern("b-1*"), via: .sshTunnel("first-match")),
                .init(pattern: try BrokerPattern("*.msk.internal"), via: .sshTunnel("second-match")),
            ],
            defaultVia: .sshTunnel("default")
        )
        #expect(table.decide(for: b1).via == .sshTunnel("exact"))
        #expect(table.decide(for: b2).via == .sshTunnel("second-match"))
        #expect(table.decide(for: BrokerAddress(host: "b-10.msk.internal", port: 1)).via == .sshTunnel("first-match"))
        let other = table.decide(for: BrokerAddress(nodeID: 9, host: "elsewhere.example", port: 9092))
        #expect(other.rule == .connectionDefault)
        #expect(other.via == .sshTunnel("default"))
        #expect(RouteTable.direct.decide(for: b1).rule == .noRules)
        #expect(RouteTable.direct.decide(for: b1).via == .direct)
    }

    @Test(arguments: [
        ("b-*", "b-3.kafka.internal", true), ("b-*", "c-3.kafka.internal", false),
        ("*.msk.internal", "b-1.msk.internal", true), ("*.msk.internal", "b-1.msk.internal.evil", false),
        ("*use1-az1*", "b-1.use1-az1.example", true), ("*use1-az1*", "b-1.use1-az2.example", false),
        ("b-1.msk.internal", "B-1.MSK.INTERNAL", true), ("*:9096", "b-1.msk.internal", true),
    ])
    func patterns(pattern: String, host: String, matches: Bool) throws {
        #expect(try BrokerPattern(pattern).matches(BrokerAddress(host: host, port: 9096)) == matches)
    }

    @Test func patternsRefuseInnerWildcardsAndMatchEverything() {
        #expect(throws: RoutingError.self) { try BrokerPattern("b-*.internal") }
        #expect(throws: RoutingError.self) { try BrokerPattern("*") }
        #expect(throws: RoutingError.self) { try BrokerPattern("**") }
    }

    @Test func unmappedBrokersAreNamedWithTheStatementThatMapsThem() {
        #expect(mskTable.unmapped([b1, b2, b4]) == [b4])
        let advice = mskTable.unmappedAdvice(for: b4, syntax: .sql(connectionName: "kafka_conn"))
        #expect(advice.contains("b-4.msk.internal:9096 (node 4) is not mapped by connection kafka_conn"))
        #expect(
            advice.contains(
                "ALTER CONNECTION kafka_conn SET (BROKERS ('b-1.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9001), "
                    + "'b-2.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9002, AVAILABILITY ZONE 'use1-az2'), "
                    + "'b-4.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9003)))"))
        #expect(advice.contains("listener 9003"))
    }

    @Test func commandLineRoutes() throws {
        let table = try RouteTable(
            routes: ["b-1.msk.internal:9096=vpce-1.example:9001", "b-2.msk.internal:9096=vpce-1.example:9002"],
            matching: ["*.az3.internal=vpce-3.example"],
            defaultRoute: nil
        )
        #expect(table.decide(for: b2).via == .endpoint(host: "vpce-1.example", port: 9002))
        let az3 = BrokerAddress(nodeID: 7, host: "b-7.az3.internal", port: 9094)
        #expect(
            try RouteResolver(table: table).resolve(az3).target == DialTarget(.tcp(host: "vpce-3.example", port: 9094)))
        let advice = table.unmappedAdvice(for: b4, syntax: .commandLine)
        #expect(advice.contains("--route 'b-4.msk.internal:9096=vpce-1.example:9003'"))

        let everything = try RouteTable(routes: [], defaultRoute: "[::1]:9000")
        #expect(everything.decide(for: b4).via == .endpoint(host: "::1", port: 9000))
    }

    @Test(arguments: ["b-1.msk.internal=vpce:9001", "b-1.msk.internal:9096", "b-1:9096=", "b-1:9096=host:99999"])
    func badCommandLineRoutesSayWhatIsWrong(_ spec: String) {
        #expect(throws: RoutingError.self) { try RouteTable(routes: [spec]) }
    }
}
