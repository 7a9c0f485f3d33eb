import Crypto
import Foundation

/// What the server stores to check a SCRAM-SHA-256 login without keeping the password: salt, iteration count,
/// StoredKey and ServerKey (RFC 5802), in PostgreSQL's `SCRAM-SHA-256$<i>:<salt>$<StoredKey>:<ServerKey>` text.
struct SCRAMVerifier: Sendable, Equatable {
    var salt: [UInt8]
    var iterations: Int
    var storedKey: [UInt8]
    var serverKey: [UInt8]

    static let defaultIterations = 4096

    /// Derives a verifier from a password with a fresh random salt.
    init(password: String, salt: [UInt8] = SCRAMVerifier.randomBytes(16), iterations: Int = defaultIterations) {
        let salted = Self.saltedPassword(password, salt: salt, iterations: iterations)
        let clientKey = Self.hmac(salted, "Client Key")
        self.salt = salt
        self.iterations = iterations
        self.storedKey = Array(SHA256.hash(data: clientKey))
        self.serverKey = Self.hmac(salted, "Server Key")
    }

    /// Parses PostgreSQL's verifier text.
    init(parsing text: String) throws {
        let invalid = ConfigurationError(
            "SCRAM verifier is not in the form SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>")
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "SCRAM-SHA-256" else { throw invalid }
        let first = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        let second = parts[2].split(separator: ":", omittingEmptySubsequences: false)
        guard first.count == 2, second.count == 2, let iterations = Int(first[0]), iterations > 0,
            let salt = Data(base64Encoded: String(first[1])), let stored = Data(base64Encoded: String(second[0])),
            let server = Data(base64Encoded: String(second[1])), stored.count == 32, server.count == 32
        else { throw invalid }
        self.salt = Array(salt)
        self.iterations = iterations
        self.storedKey = Array(stored)
        self.serverKey = Array(server)
    }

    var text: String {
        "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
            + "\(Data(storedKey).base64EncodedString()):\(Data(serverKey).base64EncodedString())"
    }

    static func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // Hi() from RFC 5802: PBKDF2 with HMAC-SHA-256 and one output block.
        let key = SymmetricKey(data: Array(password.utf8))
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<max(iterations, 1) {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }

    static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key)))
    }

    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
