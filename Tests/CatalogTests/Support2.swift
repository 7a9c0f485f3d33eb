import Crypto
import Foundation
import InletServer

@testable import Catalog

enum Curve25519KeyCheck {
    /// The OpenSSH public key line of an Ed25519 seed, computed independently of the generator.
    static func publicKey(ofSeed seed: [UInt8]) throws -> String {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        return Curve25519SSHKeyGenerator.openSSHPublicKey(key.publicKey.rawRepresentation)
    }
}

enum InletServerEngines {
    static func engine(_ directory: TemporaryDataDirectory, endpoints: [String]) throws -> InletEngine {
        try InletEngine(
            settings: InletEngineSettings(
                dataDirectory: directory.url,
                privateLinkEndpoints: endpoints.map { PrivateLinkEndpoint(serviceName: $0, host: "127.0.0.1") }))
    }
}
