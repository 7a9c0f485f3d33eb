import Crypto
import Foundation

/// SCRAM (RFC 5802) client computations for SHA-256 and SHA-512 (RFC 7677), without channel binding.
///
/// Kept apart from the SASL state machine so the RFC test vectors exercise exactly the code the
/// connection runs.
struct SCRAMClient: Sendable {
    let mechanism: KafkaSASLMechanism
    let username: String
    let password: String
    let clientNonce: String
    private var clientFirstBare = ""
    private var expectedServerSignature: [UInt8] = []

    init(mechanism: KafkaSASLMechanism, username: String, password: String, clientNonce: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
        self.clientNonce = clientNonce
    }

    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    /// `n,,n=user,r=nonce`.
    mutating func clientFirstMessage() -> String {
        let saslName = username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        clientFirstBare = "n=\(saslName),r=\(clientNonce)"
        return "n,," + clientFirstBare
    }

    /// Reads `r=…,s=…,i=…` and returns the client-final message with the proof.
    mutating func receiveServerFirst(_ serverFirst: String) throws -> String {
        let attributes = Self.attributes(serverFirst)
        if let error = attributes["e"] {
            throw KafkaClientError(.sasl, "SASL \(mechanism.name) refused for user \(username): \(error)")
        }
        guard let nonce = attributes["r"], let saltBase64 = attributes["s"], let iterationText = attributes["i"],
            let salt = Data(base64Encoded: saltBase64), let iterations = Int(iterationText), iterations > 0
        else {
            throw KafkaClientError(.sasl, "SASL \(mechanism.name): the broker's first SCRAM message is malformed")
        }
        guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw KafkaClientError(.sasl, "SASL \(mechanism.name): the broker's nonce does not extend ours")
        }
        if mechanism.kind != .scramSHA1, iterations < 4096 {
            throw KafkaClientError(
                .sasl, "SASL \(mechanism.name): the broker asks for only \(iterations) iterations (at least 4096)")
        }
        let saltedPassword = hi(Array(password.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = hmac(key: saltedPassword, Array("Client Key".utf8))
        let storedKey = hash(clientKey)
        let clientFinalWithoutProof = "c=biws,r=\(nonce)"
        let authMessage = "\(clientFirstBare),\(serverFirst),\(clientFinalWithoutProof)"
        let clientSignature = hmac(key: storedKey, Array(authMessage.utf8))
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = hmac(key: saltedPassword, Array("Server Key".utf8))
        expectedServerSignature = hmac(key: serverKey, Array(authMessage.utf8))
        return "\(clientFinalWithoutProof),p=\(Data(proof).base64EncodedString())"
    }

    /// Checks `v=…` against the signature the server must have computed.
    func verifyServerFinal(_ serverFinal: String) throws {
        let attributes = Self.attributes(serverFinal)
        if let error = attributes["e"] {
            throw KafkaClientError(
                .sasl, "SASL \(mechanism.name) refused for user \(username): \(error); check the user name and password"
            )
        }
        guard let verifier = attributes["v"], let signature = Data(base64Encoded: verifier) else {
            throw KafkaClientError(.sasl, "SASL \(mechanism.name): the broker's final SCRAM message is malformed")
        }
        guard Array(signature) == expectedServerSignature else {
            throw KafkaClientError(
                .sasl, "SASL \(mechanism.name): the broker's signature is wrong; it does not know this user's password")
        }
    }

    private static func attributes(_ message: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in message.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: "="), part.distance(from: part.startIndex, to: equals) == 1 else {
                continue
            }
            result[String(part[part.startIndex..<equals])] = String(part[part.index(after: equals)...])
        }
        return result
    }

    /// PBKDF2 with the mechanism's HMAC, one output block (RFC 5802 `Hi`).
    private func hi(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        switch mechanism.kind {
        case .scramSHA512: Self.pbkdf2(SHA512.self, password, salt, iterations)
        case .scramSHA1: Self.pbkdf2(Insecure.SHA1.self, password, salt, iterations)
        default: Self.pbkdf2(SHA256.self, password, salt, iterations)
        }
    }

    private static func pbkdf2<H: HashFunction>(
        _: H.Type, _ password: [UInt8], _ salt: [UInt8], _ iterations: Int
    ) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var u = Array(HMAC<H>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = u
        for _ in 1..<iterations {
            u = Array(HMAC<H>.authenticationCode(for: u, using: key))
            for i in 0..<result.count { result[i] ^= u[i] }
        }
        return result
    }

    private func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch mechanism.kind {
        case .scramSHA512: return Array(HMAC<SHA512>.authenticationCode(for: data, using: key))
        case .scramSHA1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
        default: return Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        }
    }

    private func hash(_ data: [UInt8]) -> [UInt8] {
        switch mechanism.kind {
        case .scramSHA512: Array(SHA512.hash(data: data))
        case .scramSHA1: Array(Insecure.SHA1.hash(data: data))
        default: Array(SHA256.hash(data: data))
        }
    }
}
