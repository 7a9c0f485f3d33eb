import Foundation

/// A real haproxy (Debian) in TCP mode, playing the AWS NLB or a PrivateLink endpoint in tests.
///
/// Each `Frontend` gets its own free loopback port when it is created, so one frontend can be the
/// target of another (an SNI router in front of per-broker TLS frontends) before anything starts.
public final class HAProxy: Sendable {
    /// One listener and where its connections go.
    public struct Frontend: Sendable {
        enum Kind: Sendable {
            case tcp(targets: [String])
            case tls(certificates: [CertificateFiles], clientCA: URL?, targets: [String])
            case tlsBySNI(certificates: [CertificateFiles], clientCA: URL?, routes: [String: String])
            case sniPassthrough(routes: [String: String])
        }

        /// A name for the config and for `HAProxy.port(of:)`.
        public let name: String
        /// The loopback port this frontend listens on.
        public let port: Int
        let kind: Kind

        /// "127.0.0.1:PORT".
        public var address: String { "127.0.0.1:\(port)" }

        /// The same frontend on a port chosen by the test (e.g. the listener port an error message names).
        public func onPort(_ port: Int) -> Frontend {
            Frontend(name: name, port: port, kind: kind)
        }

        /// The same frontend (name, port, certificates) sending its connections to other targets; for
        /// wiring a frontend whose port had to be known before its targets existed.
        public func retargeted(to targets: [String]) -> Frontend {
            switch kind {
            case .tcp:
                return Frontend(name: name, port: port, kind: .tcp(targets: targets))
            case .tls(let certificates, let clientCA, _):
                return Frontend(
                    name: name, port: port, kind: .tls(certificates: certificates, clientCA: clientCA, targets: targets)
                )
            case .tlsBySNI, .sniPassthrough:
                return self
            }
        }

        /// The same SNI frontend (name and port) with other routes and, for `tlsBySNI`, certificates, for an
        /// endpoint that learns a new broker: stop haproxy and start it again with the rerouted frontend;
        /// clients keep the address they had.
        public func rerouted(_ routes: [String: String], certificates: [CertificateFiles]? = nil) -> Frontend {
            switch kind {
            case .tlsBySNI(let old, let clientCA, _):
                return Frontend(
                    name: name, port: port,
                    kind: .tlsBySNI(certificates: certificates ?? old, clientCA: clientCA, routes: routes))
            case .sniPassthrough:
                return Frontend(name: name, port: port, kind: .sniPassthrough(routes: routes))
            case .tcp, .tls:
                return self
            }
        }

        /// A plain TCP listener; several targets are balanced round-robin (the NLB failure case).
        public static func tcp(_ name: String, to targets: [String]) throws -> Frontend {
            Frontend(name: name, port: try FreePort.next(), kind: .tcp(targets: targets))
        }

        /// Terminates TLS with `certificates` (haproxy picks one by SNI, else the first) and forwards
        /// plain TCP to `targets`; with `clientCA` it demands a client certificate signed by it (mTLS).
        public static func tls(
            _ name: String, certificates: [CertificateFiles], clientCA: URL? = nil, to targets: [String]
        ) throws -> Frontend {
            Frontend(
                name: name, port: try FreePort.next(),
                kind: .tls(certificates: certificates, clientCA: clientCA, targets: targets))
        }

        /// Terminates TLS and routes by the SNI name the client sent: `routes` maps a server name to
        /// a plain TCP target. A name without a route is refused.
        public static func tlsBySNI(
            _ name: String, certificates: [CertificateFiles], clientCA: URL? = nil, routes: [String: String]
        ) throws -> Frontend {
            Frontend(
                name: name, port: try FreePort.next(),
                kind: .tlsBySNI(certificates: certificates, clientCA: clientCA, routes: routes))
        }

        /// Routes TLS connections by SNI without terminating them (`req_ssl_sni`): `routes` maps a
        /// server name to a target that speaks TLS itself (e.g. a `.tls` frontend).
        public static func sniPassthrough(_ name: String, routes: [String: String]) throws -> Frontend {
            Frontend(name: name, port: try FreePort.next(), kind: .sniPassthrough(routes: routes))
        }
    }

    /// The frontends, as configured.
    public let frontends: [Frontend]
    /// The haproxy process.
    public let process: PeerProcess
    /// The generated configuration file.
    public let configuration: URL

    private init(frontends: [Frontend], process: PeerProcess, configuration: URL) {
        self.frontends = frontends
        self.process = process
        self.configuration = configuration
    }

    /// The port of the frontend called `name`.
    public func port(of name: String) -> Int? {
        frontends.first { $0.name == name }?.port
    }

    /// Writes the configuration, starts haproxy in the foreground and waits for every frontend.
    /// Starts haproxy with `frontends`; inside `namespace` (listening on its loopback) when one is given.
    public static func start(_ frontends: [Frontend], in namespace: NetworkNamespace? = nil) async throws -> HAProxy {
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: "haproxy")
        let configuration = directory.appendingPathComponent("haproxy.cfg")
        try config(for: frontends, directory: directory).write(to: configuration, atomically: true, encoding: .utf8)
        let process = try await PeerProcess.launch(
            name: "haproxy", executable: "haproxy", arguments: ["-db", "-f", configuration.path], in: namespace,
            directory: directory)
        do {
            for frontend in frontends {
                if let namespace {
                    try await namespace.waitForPort(host: "127.0.0.1", port: frontend.port)
                } else {
                    try await process.waitForPort(frontend.port)
                }
            }
        } catch {
            await process.stop()
            throw error
        }
        return HAProxy(frontends: frontends, process: process, configuration: configuration)
    }

    /// Stops haproxy.
    public func stop() async {
        await process.stop()
    }

    static func config(for frontends: [Frontend], directory: URL) throws -> String {
        var lines = [
            "global", "    maxconn 4096", "",
            "defaults", "    mode tcp", "    timeout connect 5s", "    timeout client 1h", "    timeout server 1h",
            "",
        ]
        func backend(_ name: String, _ targets: [String]) -> [String] {
            ["backend \(name)", "    balance roundrobin"]
                + targets.enumerated().map { "    server s\($0.offset) \($0.element)" } + [""]
        }
        func tlsBind(_ frontend: Frontend, _ certificates: [CertificateFiles], _ clientCA: URL?) -> String {
            var bind = "    bind \(frontend.address) ssl"
            for certificate in certificates { bind += " crt \(certificate.combined.path)" }
            if let clientCA { bind += " ca-file \(clientCA.path) verify required" }
            return bind
        }
        func routed(_ frontend: Frontend, _ routes: [String: String], sni fetch: String) -> [String] {
            var result: [String] = []
            var backends: [String] = []
            for (index, route) in routes.sorted(by: { $0.key < $1.key }).enumerated() {
                let name = "be_\(frontend.name)_\(index)"
                result.append("    use_backend \(name) if { \(fetch) -i \(route.key) }")
                backends += backend(name, [route.value])
            }
            return result + [""] + backends
        }
        for frontend in frontends {
            lines.append("frontend fe_\(frontend.name)")
            switch frontend.kind {
            case .tcp(let targets):
                lines += ["    bind \(frontend.address)", "    default_backend be_\(frontend.name)", ""]
                lines += backend("be_\(frontend.name)", targets)
            case .tls(let certificates, let clientCA, let targets):
                lines += [tlsBind(frontend, certificates, clientCA), "    default_backend be_\(frontend.name)", ""]
                lines += backend("be_\(frontend.name)", targets)
            case .tlsBySNI(let certificates, let clientCA, let routes):
                lines.append(tlsBind(frontend, certificates, clientCA))
                lines += routed(frontend, routes, sni: "ssl_fc_sni")
            case .sniPassthrough(let routes):
                lines += [
                    "    bind \(frontend.address)", "    tcp-request inspect-delay 5s",
                    "    tcp-request content accept if { req_ssl_hello_type 1 }",
                ]
                lines += routed(frontend, routes, sni: "req_ssl_sni")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
