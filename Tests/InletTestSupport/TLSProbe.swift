import Foundation

/// What `openssl s_client` saw when it connected to a TLS endpoint.
public struct TLSProbeResult: Sendable {
    /// True when the chain verified against the CA and the certificate matched the expected name.
    public var verified: Bool
    /// The peer certificate's subject as openssl prints it, e.g. "CN = b-1.kafka.internal".
    public var subject: String?
    /// Everything s_client printed, for failure messages.
    public var output: String
}

/// Connects with the openssl CLI (`s_client`) to check which certificate a TLS endpoint presents.
public enum TLSProbe {
    /// Handshakes with `address` sending `serverName` as SNI and verifying against `caFile` and
    /// `serverName`; optionally presents a client certificate (mTLS).
    public static func handshake(
        address: String,
        serverName: String,
        caFile: URL,
        clientCertificate: CertificateFiles? = nil
    ) async throws -> TLSProbeResult {
        var arguments = [
            "s_client", "-connect", address, "-servername", serverName, "-CAfile", caFile.path,
            "-verify_hostname", serverName, "-verify_return_error", "-brief",
        ]
        if let clientCertificate {
            arguments += ["-cert", clientCertificate.certificate.path, "-key", clientCertificate.key.path]
        }
        let result = try await PeerCommand.run(
            name: "openssl-s_client", executable: "openssl", arguments: arguments, stdin: Data(),
            timeout: .seconds(30), check: false)
        let output = result.output + result.stderr
        let lines = output.split(separator: "\n")
        var subject: String?
        for prefix in ["Peer certificate:", "depth=0 "] where subject == nil {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) {
                subject = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            }
        }
        let verified = result.status == 0 && output.contains("Verification: OK")
        return TLSProbeResult(verified: verified, subject: subject, output: output)
    }
}
