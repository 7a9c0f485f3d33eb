/// Who may log in: trust when no users are configured, otherwise SCRAM-SHA-256 against the configured users.
///
/// Verifiers are derived once at start-up, so a login costs a few HMACs and the passwords need not stay in memory.
struct PGAuthenticator: Sendable {
    private let verifiers: [String: SCRAMVerifier]
    private let mockSalt: [UInt8]

    init(users: [UserCredential]) throws {
        var verifiers: [String: SCRAMVerifier] = [:]
        for user in users {
            if let text = user.scramVerifier {
                verifiers[user.name] = try SCRAMVerifier(parsing: text)
            } else if let password = user.password {
                verifiers[user.name] = SCRAMVerifier(password: password)
            } else {
                throw ConfigurationError("user '\(user.name)' has neither a password nor a SCRAM verifier")
            }
        }
        self.verifiers = verifiers
        self.mockSalt = SCRAMVerifier.randomBytes(16)
    }

    var requiresSCRAM: Bool { !verifiers.isEmpty }

    func startExchange(user: String) -> SCRAMServerExchange {
        // A per-user mock salt keeps the server-first message stable for unknown users, as PostgreSQL does.
        let salt = SCRAMVerifier.hmac(mockSalt, user).prefix(16)
        return SCRAMServerExchange(verifier: verifiers[user], mockSalt: Array(salt))
    }
}
