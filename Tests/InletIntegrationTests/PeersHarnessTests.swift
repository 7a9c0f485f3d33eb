import Foundation
import InletTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Proves the multi-broker harness: the virtual cluster with confluent-kafka, misrouting, SASL, a
/// broker joining, haproxy TLS and SNI routing, and the chaos proxy.
@Suite("Peers: virtual cluster, haproxy, chaos proxy")
struct PeersHarnessTests {
    @Test("confluent-kafka works end to end through a 3-broker virtual cluster advertising 127.0.0.1")
    func virtualClusterEndToEnd() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu, advertised: "127.0.0.1:{port}")
            let peer = LibrdkafkaPeer(bootstrap: cluster.bootstrap)
            try await peer.createTopic("spread", partitions: 6)
            let metadata = try await peer.metadata(topic: "spread")
            #expect(metadata.brokers.map(\.id) == [1, 2, 3])
            #expect(metadata.brokers.map(\.port) == cluster.initialBrokers.map(\.port))
            for partition in 0..<6 {
                #expect(metadata.leader(topic: "spread", partition: partition) == partition % 3 + 1)
            }
            let records = (0..<600).map { i in
                PeerRecord(
                    partition: i % 6, timestamp: 1_700_000_000_000 + Int64(i), key: Array("k\(i)".utf8),
                    value: Array("v\(i)".utf8), headers: [.init("n", Array(String(i).utf8))])
            }
            #expect(try await peer.produce(records: records, topic: "spread", compression: .zstd) == 600)
            let consumed = try await peer.consume(topic: "spread", count: 600)
            #expect(Set(consumed.map(\.withoutOffset)) == Set(records))
            // Every broker served its own partitions: all three accepted connections.
            let brokers = try await cluster.brokers()
            #expect(brokers.allSatisfy { ($0.connections ?? 0) > 0 })
            await cluster.stop()
        }
    }

    @Test(
        "a virtual broker answers NOT_LEADER_OR_FOLLOWER for partitions it does not lead",
        arguments: [
            (KafkaProbe.API.fetch, 4), (.fetch, 11), (.fetch, 12), (.fetch, 13), (.fetch, 17),
            (.listOffsets, 1), (.listOffsets, 6), (.listOffsets, 9), (.produce, 3), (.produce, 9), (.produce, 11),
        ])
    func notLeader(api: KafkaProbe.API, version: Int) async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).createTopic("t", partitions: 4)
            // Broker 1 leads partitions 0 and 3; 1 and 2 belong to brokers 2 and 3.
            let codes = try await KafkaProbe.errorCodes(
                broker: cluster.initialBrokers[0].listener, api: api, version: version, topic: "t",
                partitions: [0, 1, 2, 3])
            await cluster.stop()
            #expect(codes[1] == KafkaProbe.notLeaderOrFollower)
            #expect(codes[2] == KafkaProbe.notLeaderOrFollower)
            #expect(codes[0] == 0)
            #expect(codes[3] == 0)
        }
    }

    @Test("one round-robin haproxy listener over three brokers sends partition requests to the wrong broker")
    func roundRobinFailure() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).createTopic("nlb", partitions: 3)
            let nlb = try HAProxy.Frontend.tcp("nlb", to: cluster.initialBrokers.map(\.listener))
            let haproxy = try await HAProxy.start([nlb])
            // Six connections, each asking for partition 0 (led by broker 1): round-robin puts two of
            // them on broker 1 and four on brokers 2 and 3, which refuse.
            var codes: [Int] = []
            for _ in 0..<6 {
                let answer = try await KafkaProbe.errorCodes(
                    broker: nlb.address, api: .fetch, version: 12, topic: "nlb", partitions: [0])
                codes.append(try #require(answer[0]))
            }
            await haproxy.stop()
            await cluster.stop()
            #expect(codes.filter { $0 == 0 }.count == 2, "\(codes)")
            #expect(codes.filter { $0 == KafkaProbe.notLeaderOrFollower }.count == 4, "\(codes)")
        }
    }

    @Test("advertised names are the unresolvable b-N.kafka.internal:9096 by default")
    func unresolvableNames() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            let metadata = try await LibrdkafkaPeer(bootstrap: cluster.bootstrap).metadata()
            await cluster.stop()
            #expect(metadata.brokers.map { "\($0.host):\($0.port)" } == (1...3).map { "b-\($0).kafka.internal:9096" })
            #expect(cluster.initialBrokers.map(\.advertised) == (1...3).map { "b-\($0).kafka.internal:9096" })
        }
    }

    @Test("a fourth broker joins: metadata lists it and leadership is re-spread")
    func brokerJoins() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu, advertised: "127.0.0.1:{port}")
            let peer = LibrdkafkaPeer(bootstrap: cluster.bootstrap)
            try await peer.createTopic("grow", partitions: 8)
            let fourth = try await cluster.addBroker()
            #expect(fourth.id == 4)
            let metadata = try await peer.metadata(topic: "grow")
            #expect(metadata.brokers.map(\.id) == [1, 2, 3, 4])
            #expect(metadata.brokers.last?.port == fourth.port)
            #expect(metadata.leader(topic: "grow", partition: 3) == 4)
            #expect(metadata.leader(topic: "grow", partition: 7) == 4)
            let records = (0..<80).map { PeerRecord(partition: $0 % 8, value: Array("r\($0)".utf8)) }
            try await peer.produce(records: records, topic: "grow")
            let consumed = try await peer.consume(topic: "grow", count: 80)
            await cluster.stop()
            #expect(Set(consumed.map { $0.value ?? [] }) == Set(records.map { $0.value ?? [] }))
        }
    }

    @Test("the virtual cluster cuts one broker's connections mid-consume and librdkafka recovers every record")
    func virtualClusterCut() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu, advertised: "127.0.0.1:{port}")
            let peer = LibrdkafkaPeer(bootstrap: cluster.bootstrap)
            let records = (0..<30_000).map {
                PeerRecord(partition: $0 % 3, timestamp: 1_700_000_000_000, value: Array(repeating: 7, count: 200))
            }
            // Half the records first: the consumer cannot finish before the cut, and needs broker 2 again
            // afterwards for the second half of partition 1.
            try await peer.produce(records: Array(records[..<15_000]), topic: "cut", createPartitions: 3)
            let consumer = Task { try await peer.consume(topic: "cut", count: records.count) }
            var cut = 0
            for _ in 0..<600 where cut == 0 {
                try await Task.sleep(for: .milliseconds(100))
                cut = try await cluster.cutConnections(broker: 2)
            }
            try await peer.produce(records: Array(records[15_000...]), topic: "cut")
            let consumed = try await consumer.value
            await cluster.stop()
            // Broker 2's connections were aborted while the consumer waited for the second half, which
            // it can only have fetched from broker 2 (the leader of partition 1) over a new connection.
            #expect(cut > 0)
            #expect(consumed.filter { $0.partition == 1 }.map { $0.offset ?? -1 } == (0..<10_000).map { Int64($0) })
        }
    }

    @Test("SASL SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN accept the right password and refuse a wrong one")
    func sasl() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 3, tansu: tansu, advertised: "127.0.0.1:{port}",
                sasl: .init(mechanisms: [.scramSHA512, .scramSHA256, .plain], users: ["alice": "s3cret"]))
            for mechanism in ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] {
                let good = LibrdkafkaPeer(
                    bootstrap: cluster.bootstrap,
                    config: [
                        "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": mechanism,
                        "sasl.username": "alice", "sasl.password": "s3cret",
                    ])
                let metadata = try await good.metadata()
                #expect(metadata.brokers.count == 3)
            }
            let bad = LibrdkafkaPeer(
                bootstrap: cluster.bootstrap,
                config: [
                    "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "SCRAM-SHA-512",
                    "sasl.username": "alice", "sasl.password": "wrong",
                ])
            let error = await #expect(throws: PeerError.self) {
                _ = try await bad.metadata(timeout: .seconds(3))
            }
            await cluster.stop()
            #expect(error?.logTail?.contains("Authentication failed") == true)
        }
    }

    @Test("haproxy terminates TLS with the broker's certificate and routes by SNI")
    func haproxyTLS() async throws {
        let ca = try await TestCA.create()
        let b1 = try await ca.issueServerCertificate(dnsNames: ["b-1.kafka.internal"])
        let b2 = try await ca.issueServerCertificate(dnsNames: ["b-2.kafka.internal"])
        // tansu advertises the TLS frontend, so librdkafka stays on TLS after its first Metadata.
        let tansuPort = try FreePort.next()
        let tls1 = try HAProxy.Frontend.tls("b1", certificates: [b1], to: ["127.0.0.1:\(tansuPort)"])
        let tls2 = try HAProxy.Frontend.tls("b2", certificates: [b2], to: ["127.0.0.1:\(tansuPort)"])
        try await withTansu(port: tansuPort, advertised: tls1.address) { _ in
            let router = try HAProxy.Frontend.sniPassthrough(
                "sni", routes: ["b-1.kafka.internal": tls1.address, "b-2.kafka.internal": tls2.address])
            let haproxy = try await HAProxy.start([tls1, tls2, router])
            let direct = try await TLSProbe.handshake(
                address: tls1.address, serverName: "b-1.kafka.internal", caFile: ca.certificate)
            #expect(direct.verified, "\(direct.output)")
            #expect(direct.subject == "CN = b-1.kafka.internal")
            let wrongName = try await TLSProbe.handshake(
                address: tls1.address, serverName: "b-2.kafka.internal", caFile: ca.certificate)
            #expect(!wrongName.verified)
            for name in ["b-1.kafka.internal", "b-2.kafka.internal"] {
                let routed = try await TLSProbe.handshake(
                    address: router.address, serverName: name, caFile: ca.certificate)
                #expect(routed.verified, "\(routed.output)")
                #expect(routed.subject == "CN = \(name)")
            }
            let unrouted = try await TLSProbe.handshake(
                address: router.address, serverName: "b-9.kafka.internal", caFile: ca.certificate)
            #expect(!unrouted.verified)
            // librdkafka over TLS through haproxy to tansu (chain verified; the name is checked above).
            let peer = LibrdkafkaPeer(
                bootstrap: tls1.address,
                config: [
                    "security.protocol": "SSL", "ssl.ca.location": ca.certificate.path,
                    "ssl.endpoint.identification.algorithm": "none",
                ])
            let metadata = try await peer.metadata()
            await haproxy.stop()
            #expect(metadata.brokers.map(\.id) == [Tansu.nodeID])
        }
    }

    @Test("a fourth broker joins behind the SNI endpoint: TLS with SNI b-4.kafka.internal reaches broker 4")
    func sniEndpointLearnsBroker4() async throws {
        let ca = try await TestCA.create()
        var certificates: [CertificateFiles] = []
        for id in 1...4 {
            certificates.append(try await ca.issueServerCertificate(dnsNames: ["b-\(id).kafka.internal"]))
        }
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            var routes = Dictionary(
                uniqueKeysWithValues: cluster.initialBrokers.map { ("b-\($0.id).kafka.internal", $0.listener) })
            let endpoint = try HAProxy.Frontend.tlsBySNI(
                "endpoint", certificates: Array(certificates.prefix(3)), routes: routes)
            var haproxy = try await HAProxy.start([endpoint])
            let unknown = try await TLSProbe.handshake(
                address: endpoint.address, serverName: "b-4.kafka.internal", caFile: ca.certificate)
            #expect(!unknown.verified)

            let fourth = try await cluster.addBroker()
            routes["b-4.kafka.internal"] = fourth.listener
            await haproxy.stop()
            let grown = endpoint.rerouted(routes, certificates: certificates)
            haproxy = try await HAProxy.start([grown])
            #expect(grown.address == endpoint.address)
            let seen = try await TLSProbe.handshake(
                address: endpoint.address, serverName: "b-4.kafka.internal", caFile: ca.certificate)
            #expect(seen.verified, "\(seen.output)")
            #expect(seen.subject == "CN = b-4.kafka.internal")
            try await eventually { try await cluster.brokers().last?.connections == 1 }
            await haproxy.stop()
            await cluster.stop()
        }
    }

    @Test("the MSK shape: SASL_SSL with SCRAM-SHA-512 through one haproxy TLS listener per virtual broker")
    func mskShape() async throws {
        let ca = try await TestCA.create()
        var certificates: [CertificateFiles] = []
        for id in 1...3 {
            certificates.append(try await ca.issueServerCertificate(dnsNames: ["b-\(id).kafka.internal"]))
        }
        // Frontend ports are known before the cluster starts; the cluster's listeners are not, so the
        // frontends are made twice: once for their ports (advertised), once with the real targets.
        let placeholders = try certificates.enumerated().map { index, certificate in
            try HAProxy.Frontend.tls("b\(index + 1)", certificates: [certificate], to: ["127.0.0.1:1"])
        }
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 3, tansu: tansu,
                sasl: .init(mechanisms: [.scramSHA512], users: ["inlet": "msk-secret"]),
                advertisedOverrides: Dictionary(
                    uniqueKeysWithValues: placeholders.enumerated().map {
                        ($0.offset + 1, $0.element.address)
                    }))
            let frontends = zip(placeholders, cluster.initialBrokers).map { placeholder, broker in
                placeholder.retargeted(to: [broker.listener])
            }
            let haproxy = try await HAProxy.start(frontends)
            let peer = LibrdkafkaPeer(
                bootstrap: frontends[1].address,
                config: [
                    "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512",
                    "sasl.username": "inlet", "sasl.password": "msk-secret",
                    "ssl.ca.location": ca.certificate.path, "ssl.endpoint.identification.algorithm": "none",
                ])
            try await peer.createTopic("msk", partitions: 6)
            let records = (0..<60).map {
                PeerRecord(
                    partition: $0 % 6, timestamp: 1_700_000_000_000, key: Array("k\($0)".utf8),
                    value: Array("v\($0)".utf8))
            }
            try await peer.produce(records: records, topic: "msk", compression: .snappy)
            let consumed = try await peer.consume(topic: "msk", count: 60)
            let brokers = try await cluster.brokers()
            await haproxy.stop()
            await cluster.stop()
            #expect(Set(consumed.map(\.withoutOffset)) == Set(records))
            #expect(brokers.allSatisfy { ($0.connections ?? 0) > 0 })
        }
    }

    @Test("haproxy with mTLS refuses a client without a certificate and accepts one signed by the CA")
    func haproxyMutualTLS() async throws {
        let ca = try await TestCA.create()
        let server = try await ca.issueServerCertificate(dnsNames: ["b-1.kafka.internal"])
        let client = try await ca.issueClientCertificate(commonName: "inlet")
        let tansuPort = try FreePort.next()
        let frontend = try HAProxy.Frontend.tls(
            "mtls", certificates: [server], clientCA: ca.certificate, to: ["127.0.0.1:\(tansuPort)"])
        try await withTansu(port: tansuPort, advertised: frontend.address) { _ in
            let haproxy = try await HAProxy.start([frontend])
            let anonymous = try await LibrdkafkaPeer(
                bootstrap: frontend.address,
                config: [
                    "security.protocol": "SSL", "ssl.ca.location": ca.certificate.path,
                    "ssl.endpoint.identification.algorithm": "none",
                ]
            ).metadataOrError()
            let authenticated = try await LibrdkafkaPeer(
                bootstrap: frontend.address,
                config: [
                    "security.protocol": "SSL", "ssl.ca.location": ca.certificate.path,
                    "ssl.endpoint.identification.algorithm": "none",
                    "ssl.certificate.location": client.certificate.path, "ssl.key.location": client.key.path,
                ]
            ).metadataOrError(timeout: .seconds(30))
            await haproxy.stop()
            #expect(anonymous == nil)
            #expect(authenticated?.brokers.count == 1)
        }
    }

    @Test("haproxy terminates TLS by SNI with one certificate per broker and routes each name to its broker")
    func haproxyTLSBySNI() async throws {
        let ca = try await TestCA.create()
        let names = (1...3).map { "b-\($0).kafka.internal" }
        var certificates: [CertificateFiles] = []
        for name in names {
            certificates.append(try await ca.issueServerCertificate(dnsNames: [name]))
        }
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            let endpoint = try HAProxy.Frontend.tlsBySNI(
                "endpoint", certificates: certificates,
                routes: Dictionary(uniqueKeysWithValues: zip(names, cluster.initialBrokers.map(\.listener))))
            let haproxy = try await HAProxy.start([endpoint])
            for (index, name) in names.enumerated() {
                let before = try await cluster.brokers().map { $0.connections ?? 0 }
                let seen = try await TLSProbe.handshake(
                    address: endpoint.address, serverName: name, caFile: ca.certificate)
                #expect(seen.verified, "\(seen.output)")
                #expect(seen.subject == "CN = \(name)")
                // The connection with SNI b-N went on to virtual broker N and to no other.
                var expected = before
                expected[index] += 1
                try await eventually { try await cluster.brokers().map { $0.connections ?? 0 } == expected }
            }
            await haproxy.stop()
            await cluster.stop()
        }
    }

    @Test("ChaosProxy cuts a librdkafka consumer mid-fetch and librdkafka recovers every record")
    func chaosProxyMidStream() async throws {
        let tansuPort = try FreePort.next()
        let proxy = try await ChaosProxy.start(targetPort: tansuPort)
        let tansu = try await Tansu.start(port: tansuPort, advertised: proxy.address)
        let peer = LibrdkafkaPeer(bootstrap: proxy.address)
        let records = (0..<20_000).map {
            PeerRecord(partition: $0 % 2, value: Array(repeating: UInt8($0 % 251), count: 100))
        }
        try await peer.produce(records: records, topic: "cut", createPartitions: 2)
        let acceptedBefore = proxy.acceptedConnections
        proxy.cutAllConnections(afterForwardingToClients: 300_000)
        let consumed = try await peer.consume(topic: "cut", count: records.count)
        let acceptedAfter = proxy.acceptedConnections
        await tansu.stop()
        await proxy.stop()
        #expect(acceptedAfter > acceptedBefore + 1, "the consumer had to reconnect")
        #expect(consumed.count == records.count)
        for partition in 0..<2 {
            #expect(
                consumed.filter { $0.partition == partition }.map { $0.offset ?? -1 } == (0..<10_000).map { Int64($0) })
        }
    }

    @Test("ChaosProxy forwards, pauses, resumes, counts and cuts connections")
    func chaosProxy() async throws {
        try await withTansu { tansu in
            let proxy = try await ChaosProxy.start(targetPort: tansu.port)
            let metadata = try await LibrdkafkaPeer(bootstrap: proxy.address).metadata()
            #expect(metadata.brokers.count == 1)
            #expect(proxy.acceptedConnections >= 1)

            let socket = try RawConnection(port: proxy.port)
            try await eventually { proxy.openConnections == 1 }
            proxy.pause()
            try socket.send(RawConnection.apiVersionsV0Request)
            #expect(try socket.receive(timeoutMilliseconds: 300) == nil)
            proxy.resume()
            let answer = try #require(try socket.receive(timeoutMilliseconds: 5000))
            #expect(answer.count > 8)
            proxy.cutAllConnections()
            try await eventually { proxy.openConnections == 0 }
            // Generous: on a loaded 2-core machine the close can take a while to reach the socket.
            #expect(try socket.receiveEOF(timeoutMilliseconds: 15_000))

            proxy.refuseNewConnections(true)
            let refused = try RawConnection(port: proxy.port)
            #expect(try refused.receiveEOF(timeoutMilliseconds: 5000))
            await proxy.stop()
        }
    }
}

extension LibrdkafkaPeer {
    /// Metadata, or nil when the call fails (for tests that expect a refusal).
    func metadataOrError(timeout: Duration = .seconds(3)) async throws -> PeerMetadata? {
        do {
            return try await metadata(timeout: timeout)
        } catch is PeerError {
            return nil
        }
    }
}

/// A plain blocking TCP socket for byte-level checks of the chaos proxy.
final class RawConnection {
    let fd: Int32

    /// An ApiVersions v0 request with correlation id 1 and a null client id.
    static let apiVersionsV0Request: [UInt8] = [0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF]

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw PeerError(peer: "RawConnection", message: "connect failed: errno \(errno)") }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw PeerError(peer: "RawConnection", message: "send failed") }
    }

    /// Bytes received within the timeout, nil when none arrived; throws on EOF.
    func receive(timeoutMilliseconds: Int32) throws -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw PeerError(peer: "RawConnection", message: "connection closed") }
        return Array(buffer[0..<count])
    }

    /// True when the peer closes the connection within the timeout.
    func receiveEOF(timeoutMilliseconds: Int32) throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMilliseconds))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
        }
        return false
    }
}
