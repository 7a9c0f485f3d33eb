import Crypto
import Foundation

/// The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it: without channel
/// binding, with the user taken from the startup packet.
///
/// An unknown user gets a made-up verifier so the exchange looks the same and fails only at the proof, as in
/// PostgreSQL; failures never say which part was wrong.
struct SCRAMServerExchange {
    private let verifier: SCRAMVerifier?
    private let mockVerifier: SCRAMVerifier
    private var clientFirstBare = ""
    private var serverFirst = ""
    private var gs2Header = ""
    private var nonce = ""

    private let serverNonce: String

    init(verifier: SCRAMVerifier?, mockSalt: [UInt8], serverNonce: String? = nil) {
        self.verifier = verifier
        self.serverNonce = serverNonce ?? Data(SCRAMVerifier.randomBytes(18)).base64EncodedString()
        self.mockVerifier = SCRAMVerifier(password: "", salt: mockSalt, iterations: SCRAMVerifier.defaultIterations)
    }

    struct Failure: Error {
        var reason: String
    }

    /// Takes client-first-message, returns server-first-message.
    mutating func receiveClientFirst(_ message: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: message, as: UTF8.self)
        // gs2-header: "n,," (no binding) or "y,," (client could bind but thinks we cannot); "p=" asks for binding.
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "n" || parts[0] == "y" else {
            throw Failure(reason: "SCRAM channel binding is not supported; connect with channel_binding=disable")
        }
        gs2Header = "\(parts[0]),\(parts[1]),"
        clientFirstBare = String(parts[2])
        guard let clientNonce = Self.attribute("r", in: clientFirstBare), !clientNonce.isEmpty else {
            throw Failure(reason: "SCRAM client-first-message has no nonce")
        }
        let active = verifier ?? mockVerifier
        nonce = clientNonce + serverNonce
        serverFirst = "r=\(nonce),s=\(Data(active.salt).base64EncodedString()),i=\(active.iterations)"
        return Array(serverFirst.utf8)
    }

    /// Takes client-final-message, returns server-final-message when the proof is right.
    func receiveClientFinal(_ message: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: message, as: UTF8.self)
        guard let proofRange = text.range(of: ",p=") else {
            throw Failure(reason: "SCRAM client-final-message has no proof")
        }
        let withoutProof = String(text[..<proofRange.lowerBound])
        guard let binding = Self.attribute("c", in: withoutProof),
            Data(base64Encoded: binding).map({ Array($0) }) == Array(gs2Header.utf8),
            Self.attribute("r", in: withoutProof) == nonce,
            let proof = Data(base64Encoded: String(text[proofRange.upperBound...])), proof.count == 32
        else { throw Failure(reason: "SCRAM client-final-message does not match the exchange") }
        guard let verifier else { throw Failure(reason: "unknown user") }
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = SCRAMVerifier.hmac(verifier.storedKey, authMessage)
        let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
        let computedStoredKey = Array(SHA256.hash(data: clientKey))
        // Constant-time comparison of the stored key.
        guard computedStoredKey.count == verifier.storedKey.count,
            zip(computedStoredKey, verifier.storedKey).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw Failure(reason: "wrong password") }
        let serverSignature = SCRAMVerifier.hmac(verifier.serverKey, authMessage)
        return Array("v=\(Data(serverSignature).base64EncodedString())".utf8)
    }

    private static func attribute(_ name: Character, in message: String) -> String? {
        for part in message.split(separator: ",") where part.first == name && part.dropFirst().first == "=" {
            return String(part.dropFirst(2))
        }
        return nil
    }
}
