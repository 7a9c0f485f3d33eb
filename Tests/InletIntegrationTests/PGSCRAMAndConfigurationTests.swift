import Foundation
import Routing
import Testing

@testable import InletServer

@Suite struct PGSCRAMAndConfigurationTests {
    /// The SCRAM-SHA-256 example exchange of RFC 7677, section 3.
    @Test func rfc7677Exchange() throws {
        let salt = Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==")!)
        let verifier = SCRAMVerifier(password: "pencil", salt: salt, iterations: 4096)
        var exchange = SCRAMServerExchange(
            verifier: verifier, mockSalt: [], serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
        let serverFirst = try exchange.receiveClientFirst(Array("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".utf8))
        #expect(
            String(decoding: serverFirst, as: UTF8.self)
                == "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        let clientFinal =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        let serverFinal = try exchange.receiveClientFinal(Array(clientFinal.utf8))
        #expect(String(decoding: serverFinal, as: UTF8.self) == "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")

        // A wrong proof and an unknown user both fail.
        let wrong = clientFinal.replacingOccurrences(of: "p=dHz", with: "p=xHz")
        #expect(throws: SCRAMServerExchange.Failure.self) { try exchange.receiveClientFinal(Array(wrong.utf8)) }
        var unknown = SCRAMServerExchange(verifier: nil, mockSalt: salt)
        _ = try unknown.receiveClientFirst(Array("n,,n=,r=abc".utf8))
        #expect(throws: SCRAMServerExchange.Failure.self) {
            try unknown.receiveClientFinal(Array("c=biws,r=abc,p=AAAA".utf8))
        }
        // Channel binding is refused with a message saying what to do.
        var binding = SCRAMServerExchange(verifier: verifier, mockSalt: [])
        #expect(throws: SCRAMServerExchange.Failure.self) {
            try binding.receiveClientFirst(Array("p=tls-server-end-point,,n=,r=abc".utf8))
        }
    }

    @Test func verifierTextRoundTrips() throws {
        let verifier = SCRAMVerifier(password: "pencil", salt: Array(repeating: 7, count: 16), iterations: 4096)
        #expect(try SCRAMVerifier(parsing: verifier.text) == verifier)
        #expect(throws: ConfigurationError.self) { try SCRAMVerifier(parsing: "md5abc") }
    }

    @Test func loopbackAddressesAndExposure() throws {
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]
        {
            #expect(ListenAddress(host: host, port: 1).isLoopback, "\(host)")
        }
        for host in ["0.0.0.0", "::", "10.0.0.5", "192.168.1.1", "example.com", "128.0.0.1", "::2", "::ffff:10.0.0.1"] {
            #expect(!ListenAddress(host: host, port: 1).isLoopback, "\(host)")
        }
        var configuration = ServerConfiguration(listen: ListenAddress(host: "0.0.0.0", port: 6875))
        #expect(throws: ConfigurationError.self) { try configuration.validateExposure() }
        configuration.allowsUnauthenticatedRemote = true
        try configuration.validateExposure()
        configuration.allowsUnauthenticatedRemote = false
        configuration.users = [UserCredential(name: "alice", password: "pw")]
        try configuration.validateExposure()
        let file = try ServerConfiguration.parse(
            json: Data(#"{"listen": "0.0.0.0:7000", "allow_unauthenticated_remote": true}"#.utf8))
        try file.validateExposure()
        #expect(throws: ConfigurationError.self) {
            try InletServer(
                configuration: ServerConfiguration(listen: ListenAddress(host: "0.0.0.0", port: 0)),
                sessionFactory: PGTestSessionFactory())
        }
    }

    @Test func configurationFileAndFlagsSyntax() throws {
        let json = """
            {
              "listen": "0.0.0.0:7000",
              "data_dir": "data",
              "users": [{"name": "alice", "password": "pw"}],
              "tls": {"certificate": "/etc/inlet/server.crt", "key": "/etc/inlet/server.key"},
              "aws": {"account_id": "000011112222", "role_prefix": "prod"},
              "privatelink_endpoints": [
                {"service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0abc", "host": "vpce-1.example"},
                {"service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0abc", "availability_zone": "use1-az1",
                 "host": "vpce-1-az1.example"}
              ]
            }
            """
        let configuration = try ServerConfiguration.parse(json: Data(json.utf8), baseDirectory: "/srv/inlet")
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 7000))
        #expect(configuration.dataDirectory == "/srv/inlet/data")
        #expect(configuration.users == [UserCredential(name: "alice", password: "pw")])
        #expect(configuration.tls?.certificatePath == "/etc/inlet/server.crt")
        #expect(configuration.aws.principal(connectionID: "u3") == "arn:aws:iam::000011112222:role/prod_u3")
        let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0abc"
        let endpoints = configuration.privateLinkEndpointProvider
        let connection = PrivateLinkConnection(name: "pl", serviceName: service, availabilityZones: ["use1-az1"])
        #expect(try endpoints.endpointHost(for: connection, availabilityZone: nil) == "vpce-1.example")
        #expect(try endpoints.endpointHost(for: connection, availabilityZone: "use1-az1") == "vpce-1-az1.example")
        #expect(try endpoints.endpointHost(for: connection, availabilityZone: "use1-az9") == "vpce-1.example")

        #expect(ServerConfiguration().aws.principal(connectionID: "u1") == "arn:aws:iam::000000000000:role/inlet_u1")
        #expect(
            try PrivateLinkEndpoint(parsing: "svc@use1-az2=host.example")
                == PrivateLinkEndpoint(serviceName: "svc", availabilityZone: "use1-az2", host: "host.example"))
        #expect(throws: ConfigurationError.self) { try PrivateLinkEndpoint(parsing: "svc") }
        #expect(try ListenAddress(parsing: "[::1]:6875") == ListenAddress(host: "::1", port: 6875))
        #expect(throws: ConfigurationError.self) { try ListenAddress(parsing: "localhost") }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.parse(json: Data(#"{"aws": {"account_id": "12"}}"#.utf8))
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.parse(json: Data(#"{"users": [{"name": 1}]}"#.utf8))
        }
    }
}
