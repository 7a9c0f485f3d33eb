import InletServer
import KafkaClient
import Routing
import SQL
import Testing

/// `PrivateLinkPortDrift` on route tables written by hand and parsed from statements (no peers): which brokers
/// drift, and that the ALTER CONNECTION it prints is a statement Inlet's parser plans to the right routes.
@Suite("PrivateLink: the connection's PORT values against the listener plan")
struct PrivateLinkPortDriftTests {
    let brokers: [Int32: BrokerAddress] = [
        1: BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9096),
        2: BrokerAddress(nodeID: 2, host: "b-2.msk.internal", port: 9096),
        3: BrokerAddress(nodeID: 3, host: "b-3.msk.internal", port: 9096),
    ]

    /// The brokers' routes after running `statement` as ALTER CONNECTION on `create`.
    func routes(after statement: String, on create: String) throws -> RouteTable {
        guard case .createConnection(let original) = try Parser.parseOne(create).statement,
            case .alterConnection(_, .set(let options, _), _) = try Parser.parseOne(statement).statement,
            case .kafka(let kafka) = try ConnectionDefinition.plan(
                type: .kafka, options: CreateConnection.options(original.options, setting: options))
        else {
            Issue.record("\(statement) is not an ALTER CONNECTION … SET of \(create)")
            return RouteTable()
        }
        return try kafka.routeTable()
    }

    @Test func portsMatchingTheListenersAreNoDrift() throws {
        let sql =
            "CREATE CONNECTION k TO KAFKA (BROKERS ('b-1.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9001), "
            + "'b-2.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9002), "
            + "'b-3.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9003)))"
        let (name, table) = try PrivateLinkPortDrift.routes(ofStatement: sql)
        #expect(name == "k")
        #expect(
            PrivateLinkPortDrift.find(connectionName: name, table: table, brokers: brokers, listenerBase: 9000) == nil)
    }

    /// A broker listed with a wrong PORT keeps its zone; a broker only a MATCHING rule covers gets an exact entry;
    /// a SSH-routed broker is not PrivateLink's business.
    @Test func theFixListsEveryDriftedBrokerAtItsListenerKeepingItsZone() throws {
        let create =
            "CREATE CONNECTION k TO KAFKA (BROKERS ('b-1.msk.internal:9096' USING AWS PRIVATELINK pl "
            + "(PORT 9003, AVAILABILITY ZONE 'use1-az1'), 'b-3.msk.internal:9096' USING SSH TUNNEL t, "
            + "MATCHING 'b-*' USING AWS PRIVATELINK pl))"
        let (name, table) = try PrivateLinkPortDrift.routes(ofStatement: create)
        let drift = try #require(
            PrivateLinkPortDrift.find(connectionName: name, table: table, brokers: brokers, listenerBase: 9000))
        #expect(drift.brokers.map(\.nodeID) == [1, 2])
        #expect(drift.brokers.map(\.routedPort) == [9003, 9096])
        #expect(
            drift.message
                == "broker 1 (b-1.msk.internal:9096) goes USING AWS PRIVATELINK pl (PORT 9003), not its listener 9001 "
                + "(base 9000 + node id 1); broker 2 (b-2.msk.internal:9096) goes USING AWS PRIVATELINK pl (PORT 9096), "
                + "not its listener 9002 (base 9000 + node id 2)")
        let fixed = try routes(after: drift.statement, on: create)
        #expect(fixed.decide(for: brokers[1]!).via == .privateLink("pl", port: 9001, availabilityZone: "use1-az1"))
        #expect(fixed.decide(for: brokers[2]!).via == .privateLink("pl", port: 9002))
        #expect(fixed.decide(for: brokers[3]!).via == .sshTunnel("t"))
        #expect(
            PrivateLinkPortDrift.find(connectionName: name, table: fixed, brokers: brokers, listenerBase: 9000) == nil)
    }

    /// Every broker off by one base: the message says the server's base may be what is wrong.
    @Test func everyBrokerAtAnotherBaseSuggestsThatBase() throws {
        let (name, table) = try PrivateLinkPortDrift.routes(
            ofStatement: "CREATE CONNECTION k TO KAFKA (BROKERS ("
                + (1...3).map { "'b-\($0).msk.internal:9096' USING AWS PRIVATELINK pl (PORT \(9100 + $0))" }
                .joined(separator: ", ") + "))")
        let drift = try #require(
            PrivateLinkPortDrift.find(connectionName: name, table: table, brokers: brokers, listenerBase: 9000))
        #expect(drift.brokers.count == 3)
        #expect(drift.message.hasSuffix("(--aws-listener-base 9100; `inlet privatelink check --listener-base 9100`)"))
        #expect(
            PrivateLinkPortDrift.find(connectionName: name, table: table, brokers: brokers, listenerBase: 9100) == nil)
    }

    /// A connection written with BROKER (one broker): the fix's BROKERS replaces it.
    @Test func theFixReplacesASingleBroker() throws {
        let create =
            "CREATE CONNECTION k TO KAFKA (BROKER 'b-1.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9005))"
        let (name, table) = try PrivateLinkPortDrift.routes(ofStatement: create)
        let one = brokers.filter { $0.key == 1 }
        let drift = try #require(
            PrivateLinkPortDrift.find(connectionName: name, table: table, brokers: one, listenerBase: 9000))
        #expect(
            drift.statement
                == "ALTER CONNECTION k SET (BROKERS ('b-1.msk.internal:9096' USING AWS PRIVATELINK pl (PORT 9001)))")
        let fixed = try routes(after: drift.statement, on: create)
        #expect(PrivateLinkPortDrift.find(connectionName: name, table: fixed, brokers: one, listenerBase: 9000) == nil)
    }

    @Test func aStatementThatIsNoKafkaConnectionIsRefused() {
        #expect(throws: SQLError.self) { try PrivateLinkPortDrift.routes(ofStatement: "SELECT 1") }
        #expect(throws: SQLError.self) {
            try PrivateLinkPortDrift.routes(ofStatement: "CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
        }
    }
}
