import Foundation
import InletTestSupport
import Testing

/// A private network behind an SSH bastion for source tests: a network namespace holding sshd, tansu, a
/// three-broker SCRAM-SHA-512 virtual cluster and haproxy terminating TLS per broker with certificates for the
/// advertised names. `b-N.kafka.internal` resolves only inside, and nothing inside listens where the test process
/// (or `inlet serve`) can reach it except sshd on the namespace's address.
final class SSHSourceBed: @unchecked Sendable {
    static let user = "ssh-inlet"
    static let password = "ssh-s3cret"
    static let brokerCount = 3

    let namespace: NetworkNamespace
    let tansu: Tansu
    let virtual: VirtualCluster
    let tlsFront: PeerProcess
    /// Broker id → the TLS listener port inside the namespace, which the broker advertises.
    let tlsPorts: [Int: Int]
    let sshd: SSHD
    let ca: TestCA
    let bed: SourceTestBed

    private init(
        namespace: NetworkNamespace, tansu: Tansu, virtual: VirtualCluster, tlsFront: PeerProcess,
        tlsPorts: [Int: Int], sshd: SSHD, ca: TestCA, bed: SourceTestBed
    ) {
        self.namespace = namespace
        self.tansu = tansu
        self.virtual = virtual
        self.tlsFront = tlsFront
        self.tlsPorts = tlsPorts
        self.sshd = sshd
        self.ca = ca
        self.bed = bed
    }

    static let ip = "/usr/sbin/ip"

    var inside: [String] { [Self.ip, "netns", "exec", namespace.name] }

    /// confluent-kafka inside the namespace, writing straight to tansu.
    var producer: LibrdkafkaPeer { LibrdkafkaPeer(bootstrap: tansu.bootstrap, commandPrefix: inside) }

    /// The advertised address of broker `id`: its TLS listener under its private name.
    func advertised(_ id: Int) -> String { "b-\(id).kafka.internal:\(tlsPorts[id]!)" }

    var caPEM: String { (try? String(contentsOf: ca.certificate, encoding: .utf8)) ?? "" }

    /// CREATE CONNECTION … TO SSH TUNNEL for the bastion, then the public keys it got installed in authorized_keys.
    func createTunnel(_ name: String) async throws {
        try await bed.sql(
            "CREATE CONNECTION \(name) TO SSH TUNNEL (HOST '\(sshd.host)', PORT \(sshd.port), USER '\(sshd.user)');")
        let keys = try await bed.rows(
            """
            SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections s JOIN mz_connections c ON s.id = c.id
            WHERE c.name = '\(name)';
            """)
        let lines = keys.first?.compactMap { $0 } ?? []
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("ssh-ed25519 ") }, "\(keys)")
        try sshd.setAuthorizedKeys(lines)
    }

    /// The secrets and a KAFKA connection that bootstraps from broker 1 and reaches every broker through `tunnel`.
    func kafkaStatements(kafka: String, tunnel: String, passwordValue: String = SSHSourceBed.password) -> String {
        """
        CREATE SECRET ssh_sasl_username AS '\(Self.user)';
        CREATE SECRET ssh_sasl_password AS '\(passwordValue)';
        CREATE CONNECTION \(kafka) TO KAFKA (
            BROKER '\(advertised(1))',
            SSH TUNNEL \(tunnel),
            SASL MECHANISMS = 'SCRAM-SHA-512',
            SASL USERNAME = SECRET ssh_sasl_username,
            SASL PASSWORD = SECRET ssh_sasl_password,
            SSL CERTIFICATE AUTHORITY = '\(caPEM)'
        );
        """
    }

    /// What each virtual broker received, asked on the control port from inside the namespace.
    func received() async throws -> [Int: VirtualCluster.Received] {
        let script = """
            import socket, sys
            s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
            s.sendall(b'{"cmd": "requests"}\\n')
            print(s.makefile().readline())
            """
        let output = try await namespace.exec(["python3", "-c", script, String(virtual.controlPort)])
        struct Reply: Decodable { var brokers: [String: VirtualCluster.Received] }
        let reply = try JSONDecoder().decode(Reply.self, from: Data(output.utf8))
        return Dictionary(uniqueKeysWithValues: reply.brokers.compactMap { key, value in Int(key).map { ($0, value) } })
    }

    /// Builds the network, starts `inlet serve`, runs `body`, and tears everything down however `body` ends.
    static func with<T: Sendable>(_ body: (SSHSourceBed) async throws -> T) async throws -> T {
        let hosts = Dictionary(uniqueKeysWithValues: (1...brokerCount).map { ("b-\($0).kafka.internal", "127.0.0.1") })
        return try await withNetworkNamespace(hosts: hosts) { namespace in
            let prefix = [ip, "netns", "exec", namespace.name]
            let tansu = try await Tansu.start(
                port: try await namespace.freePort(on: "127.0.0.1"), commandPrefix: prefix)
            var stops: [@Sendable () async -> Void] = [{ await tansu.stop() }]
            do {
                var tlsPorts: [Int: Int] = [:]
                while Set(tlsPorts.values).count < brokerCount {
                    let port = try await namespace.freePort(on: "127.0.0.1")
                    if !tlsPorts.values.contains(port), port != tansu.port { tlsPorts[tlsPorts.count + 1] = port }
                }
                let virtual = try await VirtualCluster.start(
                    brokers: brokerCount, tansu: tansu, advertised: "b-{id}.kafka.internal:{port}",
                    sasl: VirtualCluster.SASL(mechanisms: [.scramSHA512], users: [user: password]),
                    advertisedOverrides: Dictionary(
                        uniqueKeysWithValues: tlsPorts.map { ($0.key, "b-\($0.key).kafka.internal:\($0.value)") }),
                    listenHost: "127.0.0.1", commandPrefix: prefix)
                stops.insert({ await virtual.stop() }, at: 0)
                let ca = try await TestCA.create()
                let tlsFront = try await startTLSFront(
                    in: namespace, brokers: virtual.initialBrokers, ports: tlsPorts, ca: ca)
                stops.insert({ await tlsFront.stop() }, at: 0)
                let sshd = try await SSHD.start(in: namespace, authorizedKeys: [])
                stops.insert({ await sshd.stop() }, at: 0)
                let bed = try await SourceTestBed.start()
                stops.insert({ try? await bed.stop() }, at: 0)
                let value = try await body(
                    SSHSourceBed(
                        namespace: namespace, tansu: tansu, virtual: virtual, tlsFront: tlsFront, tlsPorts: tlsPorts,
                        sshd: sshd, ca: ca, bed: bed))
                for stop in stops { await stop() }
                return value
            } catch {
                for stop in stops { await stop() }
                throw error
            }
        }
    }

    /// haproxy inside the namespace: one TLS listener per broker with a certificate for its advertised name only.
    private static func startTLSFront(
        in namespace: NetworkNamespace, brokers: [VirtualCluster.Broker], ports: [Int: Int], ca: TestCA
    ) async throws -> PeerProcess {
        var config = """
            global
                maxconn 256
            defaults
                mode tcp
                timeout connect 5s
                timeout client 60s
                timeout server 60s

            """
        for broker in brokers {
            let certificate = try await ca.issueServerCertificate(dnsNames: [broker.host])
            config += """
                frontend b\(broker.id)
                    bind 127.0.0.1:\(ports[broker.id]!) ssl crt \(certificate.combined.path)
                    default_backend b\(broker.id)
                backend b\(broker.id)
                    server broker \(broker.listener)

                """
        }
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: "ssh-tls-front")
        let path = directory.appendingPathComponent("haproxy.cfg")
        try config.write(to: path, atomically: true, encoding: .utf8)
        let process = try await PeerProcess.launch(
            name: "haproxy-ssh-tls", executable: "haproxy", arguments: ["-db", "-f", path.path], in: namespace,
            directory: directory)
        do {
            for port in ports.values { try await namespace.waitForPort(host: "127.0.0.1", port: port) }
        } catch {
            await process.stop()
            throw error
        }
        return process
    }
}
