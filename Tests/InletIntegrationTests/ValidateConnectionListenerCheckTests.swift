import Foundation
import InletServer
import InletTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// VALIDATE CONNECTION of a KAFKA connection routed through AWS PRIVATELINK, against `inlet serve
/// --privatelink-provider aws` and moto (signature checking on): the load balancer behind the endpoint service
/// (DescribeVpcEndpointServiceConfigurations) is held against the cluster's metadata and the connection's PORT
/// values, and each drift is a notice with its fix.
///
/// The brokers are reached through the static endpoint table (127.0.0.1) at the PORT of each: haproxy plays the NLB
/// there, one listener per broker at BASE + id, for a BASE the test picks (never the default 9000, so the server's
/// `--aws-listener-base` is what makes the listeners match). The load balancer in moto is made by `inlet privatelink
/// plan --listener-base BASE`, as in PrivateLinkCheckTests.
@Suite("PrivateLink: VALIDATE CONNECTION checks the load balancer", .serialized, .timeLimit(.minutes(8)))
struct ValidateConnectionListenerCheckTests {
    func psql(_ port: Int, _ commands: [String]) async throws -> PGProgramOutput {
        try await psqlCommands(port: port, commands)
    }

    /// `CREATE CONNECTION name TO KAFKA` with every broker of `brokers` through `pl` at `port(broker)`.
    func createKafka(
        _ name: String, _ brokers: [VirtualCluster.Broker], port: (VirtualCluster.Broker) -> Int = { $0.port }
    ) -> String {
        let list = brokers.map { "'\($0.advertised)' USING AWS PRIVATELINK pl (PORT \(port($0)))" }
        return "CREATE CONNECTION \(name) TO KAFKA (BROKERS (\(list.joined(separator: ", ")))) WITH (VALIDATE = false)"
    }

    func createPrivateLink(_ moto: Moto) -> String {
        "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(moto.account.serviceName)', "
            + "AVAILABILITY ZONES ('\(moto.account.zoneIDs[0])'))"
    }

    /// `inlet serve --privatelink-provider aws` against moto (through `endpoint`, a front) with the brokers of the
    /// PrivateLink service moto_setup.py made at 127.0.0.1 (the static table), credentials from the environment.
    ///
    /// The front keeps the service's endpoints `pendingAcceptance`: moto makes them available at once, and an
    /// available endpoint's DNS name (which resolves nowhere here) would take the brokers' routes from the table.
    func serve(_ moto: Moto, endpoint: String, secretAccessKey: String, extra: [String] = []) async throws
        -> PGServeProcess
    {
        let account = moto.account
        return try await PGServeProcess.start(
            [
                "--data-dir", try PGServeCommandTests.temporaryDirectory(),
                "--privatelink-provider", "aws", "--aws-region", account.region, "--aws-vpc-id", account.vpcID,
                "--aws-subnet-ids", account.subnetIDs.joined(separator: ","),
                "--aws-security-group-ids", account.securityGroupID, "--aws-endpoint-url", endpoint,
                "--privatelink-endpoint", "\(account.serviceName)=127.0.0.1",
            ] + extra,
            environment: [
                "AWS_ACCESS_KEY_ID": account.accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials", "AWS_PROFILE": "",
            ])
    }

    /// moto, the endpoint-state front in front of it, a load balancer whose listeners `plan --listener-base base`
    /// made for `brokers`, and haproxy listening at base + id for each broker, in front of its virtual listener.
    func withBed(
        _ virtual: VirtualCluster, targets: Bool = true,
        _ body: (_ moto: Moto, _ front: EC2EndpointStateFront, _ balancer: String, _ base: Int) async throws -> Void
    ) async throws {
        let brokers = virtual.initialBrokers
        let base = try Self.freeListenerBase(count: brokers.count + 1)
        try await withMoto { moto in
            let balancer = try await moto.loadBalancerARN()
            let plan = try await runInlet(
                [
                    "privatelink", "plan", "--load-balancer", balancer, "--vpc-id", moto.account.vpcID,
                    "--listener-base", String(base),
                    // The first broker's advertised address, routed (`connectionFlags` assumes b-1.kafka.internal).
                    "--bootstrap", brokers[0].advertised,
                ] + brokers.flatMap { ["--route", $0.route(to: $0.listener)] }
                    + (targets ? targetFlags(brokers) : []))
            #expect(plan.status == 0, "\(plan.stderr)")
            try await runAWSScript(plan.output, moto: moto)
            let front = try await EC2EndpointStateFront.start(
                upstream: moto.endpoint, states: [moto.account.serviceName: "pendingAcceptance"])
            defer { Task { await front.stop() } }
            let frontends = try brokers.map {
                try HAProxy.Frontend.tcp("broker-\($0.id)", to: [$0.listener]).onPort(base + $0.id)
            }
            try await withHAProxy(frontends) { _ in try await body(moto, front, balancer, base) }
        }
    }

    /// An AWS error is one warning line; the cluster is reachable, so VALIDATE succeeds, and no secret shows: a key
    /// AWS refuses, and AWS throttling DescribeListeners through every retry of the client (testpeers/aws_throttle.py
    /// answers it 400 Throttling, as ELBv2 does, and passes the rest to moto).
    @Test func aRefusedKeyAndThrottlingAreWarningsAndValidateSucceeds() async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let account = moto.account
                let front = try await EC2EndpointStateFront.start(
                    upstream: moto.endpoint, states: [account.serviceName: "pendingAcceptance"])
                defer { Task { await front.stop() } }
                let statements = [
                    createPrivateLink(moto), createKafka("kafka_conn", virtual.initialBrokers),
                    "VALIDATE CONNECTION kafka_conn",
                ]

                let wrongSecret = "wrong" + account.secretAccessKey.dropFirst(5)
                let refused = try await serve(moto, endpoint: front.endpoint, secretAccessKey: String(wrongSecret))
                let validated = try await psql(refused.port, statements)
                print(validated.stderr)
                #expect(validated.status == 0, "\(validated.stderr)")
                #expect(
                    validated.stderr.contains(
                        "WARNING:  the load balancer listeners behind PrivateLink connection pl were not checked: "
                            + "ec2:DescribeVpcEndpointServiceConfigurations: AuthFailure"), "\(validated.stderr)")
                #expect(!validated.stderr.contains(String(wrongSecret)))
                #expect(!validated.stderr.contains(account.secretAccessKey))
                #expect(try await refused.stop() == 0)

                let throttle = try await AWSThrottle.start(upstream: front.endpoint, actions: ["DescribeListeners"])
                defer { Task { await throttle.stop() } }
                let throttled = try await serve(
                    moto, endpoint: throttle.endpoint, secretAccessKey: account.secretAccessKey)
                let warned = try await psql(throttled.port, statements)
                print(warned.stderr)
                #expect(warned.status == 0, "\(warned.stderr)")
                #expect(
                    warned.stderr.contains(
                        "WARNING:  the load balancer listeners behind PrivateLink connection pl were not checked: "
                            + "elasticloadbalancing:DescribeListeners: Throttling: Rate exceeded"), "\(warned.stderr)")
                #expect(!warned.stderr.contains(account.secretAccessKey))
                // The client tried as often as its retry policy allows (5 attempts) before giving up.
                #expect(try await throttle.count(action: "DescribeListeners") == 5)
                #expect(try await throttle.count(action: "DescribeLoadBalancers") >= 1)
                #expect(try await throttled.stop() == 0)
            }
        }
    }

    /// A non-default listener base from the configuration file is honoured; a broker whose PORT is another
    /// broker's listener is named with the ALTER CONNECTION that fixes it; a broker that joins has no listener; a
    /// listener for a broker that left is named. Each fix, run, makes the listeners match again.
    @Test func aListenerBaseFromTheFileTheConnectionsPortsAJoinedAndADepartedBroker() async throws {
        try await withVirtualCluster { virtual in
            try await withBed(virtual) { moto, front, balancer, base in
                let account = moto.account
                let brokers = virtual.initialBrokers
                let config = try PGServeCommandTests.temporaryDirectory() + "/inlet.json"
                try Data(#"{"aws": {"listener_base": \#(base)}}"#.utf8).write(to: URL(fileURLWithPath: config))
                let server = try await serve(
                    moto, endpoint: front.endpoint, secretAccessKey: account.secretAccessKey,
                    extra: ["--config", config])
                // Broker 2 is sent to broker 3's listener.
                let created = try await psql(
                    server.port,
                    [
                        createPrivateLink(moto),
                        createKafka("kafka_conn", brokers) { base + ($0.id == 2 ? 3 : $0.id) },
                    ])
                #expect(created.status == 0, "\(created.stderr)")

                // (a) The connection's ports: one drift, fixed by one ALTER CONNECTION.
                let ports = try await psql(server.port, ["VALIDATE CONNECTION kafka_conn"])
                print(ports.stderr)
                #expect(ports.status == 0, "\(ports.stderr)")
                let broker2 = brokers[1]
                #expect(
                    ports.stderr.contains(
                        "WARNING:  connection kafka_conn: drift: broker 2 (\(broker2.advertised)) goes USING AWS "
                            + "PRIVATELINK pl (PORT \(base + 3)) (broker 3's listener), not its listener \(base + 2) "
                            + "(base \(base) + node id 2)"), "\(ports.stderr)")
                // The load balancer itself matches the plan made with the same base.
                #expect(
                    ports.stderr.contains(
                        "PrivateLink connection pl, load balancer msk-nlb: listeners match: 3 brokers, listeners "
                            + "\(base + 1), \(base + 2), \(base + 3) on msk-nlb"), "\(ports.stderr)\n\(server.output)")
                #expect(
                    ports.stderr.contains(
                        "brokers 1, 2, 3's names do not resolve where the server runs, so their addresses are taken "
                            + "from the target behind each one's own listener"), "\(ports.stderr)")
                let alter = Self.fixLines(ports.stderr).filter { $0.hasPrefix("ALTER CONNECTION") }
                #expect(alter.count == 1, "\(ports.stderr)")
                let expected = brokers.map { "'\($0.advertised)' USING AWS PRIVATELINK pl (PORT \(base + $0.id))" }
                #expect(
                    alter.first == "ALTER CONNECTION kafka_conn SET (BROKERS (\(expected.joined(separator: ", "))))",
                    "\(alter)")
                let altered = try await psql(server.port, alter + ["VALIDATE CONNECTION kafka_conn"])
                print(altered.stderr)
                #expect(altered.status == 0, "\(altered.stderr)")
                #expect(!altered.stderr.contains("drift"), "\(altered.stderr)")
                #expect(altered.stderr.contains("listeners match: 3 brokers"), "\(altered.stderr)")

                // (b) A broker joins: it has no listener, and the fix makes one.
                let joined = try await virtual.addBroker()
                let added = try await psql(
                    server.port, [createKafka("kafka_four", brokers + [joined]) { base + $0.id }])
                #expect(added.status == 0, "\(added.stderr)")
                try await withHAProxy(
                    [try HAProxy.Frontend.tcp("broker-\(joined.id)", to: [joined.listener]).onPort(base + joined.id)]
                ) { _ in
                    let missing = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                    print(missing.stderr)
                    #expect(missing.status == 0, "\(missing.stderr)")
                    #expect(
                        missing.stderr.contains(
                            "PrivateLink connection pl, load balancer msk-nlb: drift: broker \(joined.id) "
                                + "(\(joined.advertised), target $BROKER_\(joined.id)_IP:\(joined.advertisedPort)) "
                                + "has no listener on port \(base + joined.id)"), "\(missing.stderr)")
                    #expect(!missing.stderr.contains("connection kafka_four: drift"), "\(missing.stderr)")
                    let fix = Self.fixLines(missing.stderr)
                    #expect(
                        fix.contains {
                            $0.contains(
                                "create-listener --load-balancer-arn '\(balancer)' --protocol TCP --port "
                                    + "\(base + joined.id)")
                        }, "\(fix)")
                    // The fix, with the broker's address set where the comment asks, makes the listeners match.
                    let script = fix.map {
                        $0.hasPrefix("BROKER_\(joined.id)_IP=") ? "BROKER_\(joined.id)_IP=\(targetIP(joined.id))" : $0
                    }.joined(separator: "\n")
                    try await runAWSScript(script, moto: moto)
                    let fixed = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                    #expect(fixed.stderr.contains("listeners match: 4 brokers"), "\(fixed.stderr)")

                    // (c) A listener for a broker the cluster does not list (what a departed broker leaves behind).
                    let stray = try await moto.aws([
                        "elbv2", "create-target-group", "--name", "stray", "--protocol", "TCP", "--port", "9096",
                        "--target-type", "ip", "--vpc-id", account.vpcID, "--query", "TargetGroups[0].TargetGroupArn",
                        "--output", "text",
                    ])
                    try await moto.aws([
                        "elbv2", "register-targets", "--target-group-arn", stray, "--targets",
                        "Id=10.20.0.99,Port=9096",
                    ])
                    try await moto.aws([
                        "elbv2", "create-listener", "--load-balancer-arn", balancer, "--protocol", "TCP", "--port",
                        String(base + 7), "--default-actions", "Type=forward,TargetGroupArn=\(stray)",
                    ])
                    let departed = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                    print(departed.stderr)
                    #expect(departed.status == 0, "\(departed.stderr)")
                    #expect(
                        departed.stderr.contains(
                            "drift: listener \(base + 7) is for broker 7, which the cluster's metadata does not list (it "
                                + "reaches 10.20.0.99:9096)"), "\(departed.stderr)")
                    #expect(
                        departed.stderr.contains("aws elbv2 delete-listener --listener-arn '"), "\(departed.stderr)")
                    #expect(
                        departed.stderr.contains("aws elbv2 delete-target-group --target-group-arn '\(stray)'"),
                        "\(departed.stderr)")
                }

                #expect(try await server.stop() == 0)
            }
        }
    }

    /// When the brokers' names resolve where the server runs (here `localhost`, advertised at each broker's own
    /// port), their addresses are known: a listener whose target is an address of no broker is named, with the
    /// fix, and the base and target group prefix come from the flags.
    @Test func whenNamesResolveAListenerReachingNoBrokersAddressIsNamed() async throws {
        try await withTansu { tansu in
            try await withVirtualCluster(tansu: tansu, advertised: "localhost:{port}") { virtual in
                try await withBed(virtual, targets: false) { moto, front, balancer, base in
                    let account = moto.account
                    let server = try await serve(
                        moto, endpoint: front.endpoint, secretAccessKey: account.secretAccessKey,
                        extra: ["--aws-listener-base", String(base), "--aws-target-group-prefix", "inlet"])
                    let brokers = virtual.initialBrokers
                    let created = try await psql(
                        server.port, [createPrivateLink(moto), createKafka("kafka_conn", brokers) { base + $0.id }])
                    #expect(created.status == 0, "\(created.stderr)")
                    let matching = try await psql(server.port, ["VALIDATE CONNECTION kafka_conn"])
                    print(matching.stderr)
                    #expect(matching.stderr.contains("listeners match: 3 brokers"), "\(matching.stderr)")
                    #expect(!matching.stderr.contains("do not resolve"), "\(matching.stderr)")

                    // Broker 2's target group now reaches an address that is no broker's.
                    let broker2 = brokers[1]
                    let group = try await moto.aws([
                        "elbv2", "describe-target-groups", "--names", "inlet-broker-2", "--query",
                        "TargetGroups[0].TargetGroupArn", "--output", "text",
                    ])
                    try await moto.aws([
                        "elbv2", "deregister-targets", "--target-group-arn", group, "--targets",
                        "Id=127.0.0.1,Port=\(broker2.advertisedPort)",
                    ])
                    try await moto.aws([
                        "elbv2", "register-targets", "--target-group-arn", group, "--targets",
                        "Id=10.20.0.99,Port=\(broker2.advertisedPort)",
                    ])
                    let wrong = try await psql(server.port, ["VALIDATE CONNECTION kafka_conn"])
                    print(wrong.stderr)
                    #expect(wrong.status == 0, "\(wrong.stderr)")
                    #expect(
                        wrong.stderr.contains(
                            "drift: listener \(base + 2) should reach broker 2 (\(broker2.advertised)) at "
                                + "127.0.0.1:\(broker2.advertisedPort) only, but reaches "
                                + "10.20.0.99:\(broker2.advertisedPort) (no broker's address)"), "\(wrong.stderr)")
                    let fix = Self.fixLines(wrong.stderr)
                    #expect(fix.contains { $0.contains("register-targets") && $0.contains("Id=127.0.0.1") }, "\(fix)")
                    try await runAWSScript(fix.joined(separator: "\n"), moto: moto)
                    let fixed = try await psql(server.port, ["VALIDATE CONNECTION kafka_conn"])
                    #expect(fixed.stderr.contains("listeners match: 3 brokers"), "\(fixed.stderr)")
                    #expect(try await server.stop() == 0)
                }
            }
        }
    }

    /// A listener base or target group prefix that cannot work stops the server at start, naming what to change.
    @Test func aBadListenerBaseOrPrefixStopsTheStart() async throws {
        let base = try await PGServeProcess.runFailing([
            "--data-dir", try PGServeCommandTests.temporaryDirectory(), "--aws-listener-base", "70000",
        ])
        #expect(base.status != 0)
        #expect(base.stderr.contains("AWS listener base 70000 is outside 0–65534"), "\(base.stderr)")
        let prefix = try await PGServeProcess.runFailing([
            "--data-dir", try PGServeCommandTests.temporaryDirectory(), "--aws-target-group-prefix",
            "a-prefix-much-too-long-for-aws",
        ])
        #expect(prefix.status != 0)
        #expect(prefix.stderr.contains("--aws-target-group-prefix"), "\(prefix.stderr)")
        let file = try ServerConfiguration.parse(
            json: Data(#"{"aws": {"listener_base": 9100, "target_group_prefix": "msk"}}"#.utf8))
        #expect(file.aws.listenerBase == 9100)
        #expect(file.aws.targetGroupPrefix == "msk")
        #expect(ServerConfiguration().aws.listenerBase == 9000)
        #expect(ServerConfiguration().aws.targetGroupPrefix == "inlet")
    }

    /// A listener base B with B+1…B+count free on 127.0.0.1 now, for haproxy's per-broker listeners; never 9000.
    static func freeListenerBase(count: Int) throws -> Int {
        for _ in 0..<50 {
            let base = try FreePort.next()
            guard base != 9000, base + count <= 65535 else { continue }
            if (1...count).allSatisfy({ isFree(port: base + $0) }) { return base }
        }
        throw PeerError(peer: "FreePort", message: "found no run of free loopback ports for the listeners")
    }

    static func isFree(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The indented lines after `fix:` in psql's notices.
    static func fixLines(_ stderr: String) -> [String] {
        var lines: [String] = []
        var inFix = false
        for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "fix:" {
                inFix = true
            } else if inFix, line.hasPrefix("  ") {
                lines.append(String(line.dropFirst(2)))
            } else {
                inFix = false
            }
        }
        return lines
    }
}
