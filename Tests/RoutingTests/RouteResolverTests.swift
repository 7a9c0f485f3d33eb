import KafkaClient
import Routing
import Testing

@Suite struct RouteResolverTests {
    let pl = PrivateLinkConnection(
        name: "pl",
        serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123",
        availabilityZones: ["use1-az1", "use1-az2"]
    )

    func endpoints() throws -> StaticPrivateLinkEndpoints {
        var endpoints = StaticPrivateLinkEndpoints()
        let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123"
        endpoints.add(serviceName: service, host: "vpce-0abc.vpce-svc-0123.us-east-1.vpce.amazonaws.com")
        endpoints.add(
            serviceName: service, availabilityZone: "use1-az2",
            host: "use1-az2.vpce-0abc.vpce-svc-0123.us-east-1.vpce.amazonaws.com")
        return endpoints
    }

    @Test func privateLinkRoutesDialTheEndpointListenerAndKeepTheBrokerForTLS() throws {
        let table = RouteTable(
            brokers: [
                .init(host: "b-1.msk.internal", port: 9096, via: .privateLink("pl", port: 9001)),
                .init(
                    host: "b-2.msk.internal", port: 9096,
                    via: .privateLink("pl", port: 9002, availabilityZone: "use1-az2")),
                .init(host: "b-3.msk.internal", port: 9096, via: .privateLink("pl")),
            ]
        )
        let resolver = RouteResolver(table: table, privateLinks: [pl], endpoints: try endpoints())
        let one = try resolver.resolve(BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9096))
        #expect(
            one.target == DialTarget(.tcp(host: "vpce-0abc.vpce-svc-0123.us-east-1.vpce.amazonaws.com", port: 9001)))
        #expect(one.decision.broker.host == "b-1.msk.internal")
        let two = try resolver.resolve(BrokerAddress(nodeID: 2, host: "b-2.msk.internal", port: 9096))
        #expect(
            two.target
                == DialTarget(.tcp(host: "use1-az2.vpce-0abc.vpce-svc-0123.us-east-1.vpce.amazonaws.com", port: 9002)))
        // PORT defaults to the broker's own port.
        let three = try resolver.resolve(BrokerAddress(nodeID: 3, host: "b-3.msk.internal", port: 9096))
        #expect(
            three.target == DialTarget(.tcp(host: "vpce-0abc.vpce-svc-0123.us-east-1.vpce.amazonaws.com", port: 9096)))
    }

    @Test func sshRoutesKeepTheAdvertisedAddressForTheBastionToResolve() throws {
        let resolver = RouteResolver(table: RouteTable(defaultVia: .sshTunnel("bastion")))
        let (_, target) = try resolver.resolve(BrokerAddress(nodeID: 5, host: "b-5.kafka.internal", port: 9092))
        #expect(target == DialTarget(.sshTunnel(connection: "bastion", host: "b-5.kafka.internal", port: 9092)))
    }

    @Test func missingConnectionsZonesAndEndpointsAreClearErrors() throws {
        let broker = BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9096)
        let unknownZone = RouteResolver(
            table: RouteTable(defaultVia: .privateLink("pl", availabilityZone: "use1-az9")),
            privateLinks: [pl],
            endpoints: try endpoints()
        )
        let zoneError = #expect(throws: RoutingError.self) { try unknownZone.resolve(broker) }
        #expect(zoneError?.code == .unknownAvailabilityZone)
        #expect(zoneError?.message.contains("'use1-az1', 'use1-az2'") == true)

        let unknownConnection = RouteResolver(table: RouteTable(defaultVia: .privateLink("nope")))
        #expect(
            (#expect(throws: RoutingError.self) { try unknownConnection.resolve(broker) })?.code == .unknownConnection)

        let noEndpoint = RouteResolver(table: RouteTable(defaultVia: .privateLink("pl")), privateLinks: [pl])
        let endpointError = #expect(throws: RoutingError.self) { try noEndpoint.resolve(broker) }
        #expect(
            endpointError?.message.contains(
                "--privatelink-endpoint 'com.amazonaws.vpce.us-east-1.vpce-svc-0123=ENDPOINT_HOST'") == true)
    }
}
