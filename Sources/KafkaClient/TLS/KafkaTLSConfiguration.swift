import NIOCore
import NIOSSL

/// TLS settings for broker connections: which CAs to trust, the client certificate for mTLS, and whether
/// to verify the broker's name.
///
/// The name the client sends in SNI and checks the certificate against is always the broker's *advertised*
/// host, never the address a route dials, so certificates stay valid behind PrivateLink and SSH tunnels.
public struct KafkaTLSConfiguration: Sendable {
    /// A PEM file of CA certificates; nil trusts the system's roots.
    public var caFile: String?
    /// A PEM file with the client certificate chain (mTLS).
    public var certificateFile: String?
    /// A PEM file with the client's private key (mTLS).
    public var privateKeyFile: String?
    /// Verifies the certificate chain and the advertised host name (default). Turn off only for tests.
    public var verifyCertificates: Bool
    /// PEM text of CA certificates, as a KAFKA connection's `SSL CERTIFICATE AUTHORITY` gives it; used instead
    /// of `caFile` when set.
    public var caPEM: [UInt8]?
    /// PEM text of the client certificate chain (`SSL CERTIFICATE`); used instead of `certificateFile`.
    public var certificatePEM: [UInt8]?
    /// PEM text of the client key (`SSL KEY = SECRET s`); used instead of `privateKeyFile`. Never logged.
    public var privateKeyPEM: [UInt8]?

    public init(
        caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil,
        verifyCertificates: Bool = true
    ) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.verifyCertificates = verifyCertificates
    }

    /// Builds the NIOSSL context once per client; throws a `.configuration` error naming a file that is wrong.
    public func makeContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caPEM {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(caPEM))
            } catch {
                throw KafkaClientError(
                    .configuration, "the SSL CERTIFICATE AUTHORITY is not PEM text of CA certificates: \(error)",
                    underlying: error)
            }
        } else if let caFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw KafkaClientError(
                    .configuration,
                    "cannot read the TLS CA file \(caFile): \(error); give a PEM file of CA certificates",
                    underlying: error)
            }
        }
        if let certificatePEM, let privateKeyPEM {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePEM).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: privateKeyPEM, format: .pem))
            } catch {
                throw KafkaClientError(
                    .configuration, "the SSL CERTIFICATE or SSL KEY is not PEM text (an unencrypted key is needed)",
                    underlying: error)
            }
        } else if (certificatePEM == nil) != (privateKeyPEM == nil) {
            throw KafkaClientError(.configuration, "mTLS needs both SSL CERTIFICATE and SSL KEY")
        } else {
            switch (certificateFile, privateKeyFile) {
            case (nil, nil):
                break
            case (let certificateFile?, let privateKeyFile?):
                do {
                    tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                } catch {
                    throw KafkaClientError(
                        .configuration, "cannot read the TLS client certificate \(certificateFile): \(error)",
                        underlying: error)
                }
                do {
                    tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKeyFile, format: .pem))
                } catch {
                    throw KafkaClientError(
                        .configuration, "cannot read the TLS client key \(privateKeyFile) (PEM, unencrypted)",
                        underlying: error)
                }
            default:
                throw KafkaClientError(
                    .configuration, "mTLS needs both a client certificate and its key (--ssl-cert and --ssl-key)")
            }
        }
        if !verifyCertificates { tls.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw KafkaClientError(.configuration, "cannot set up TLS: \(error)", underlying: error)
        }
    }
}

extension KafkaTLSConfiguration {
    /// Makes the TLS handler for `broker`, naming its advertised host for SNI and verification.
    static func makeHandler(context: NIOSSLContext, broker: BrokerAddress) throws -> NIOSSLClientHandler {
        let isIPAddress = (try? SocketAddress(ipAddress: broker.host, port: 0)) != nil
        do {
            return try NIOSSLClientHandler(context: context, serverHostname: isIPAddress ? nil : broker.host)
        } catch {
            throw KafkaClientError(.tls, "cannot start TLS to \(broker): \(error)", underlying: error)
        }
    }

    /// Turns a TLS handshake failure into a message that says which name was expected.
    static func describe(_ error: any Error, broker: BrokerAddress) -> KafkaClientError {
        let text = String(describing: error)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return KafkaClientError(
                .tls,
                "TLS: the certificate of \(broker) is not valid for the name \(broker.host); "
                    + "the broker must present a certificate for its advertised name",
                underlying: error)
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return KafkaClientError(
                .tls,
                "TLS: the certificate of \(broker) is not trusted (\(text)); give its CA with --ssl-ca",
                underlying: error)
        }
        return KafkaClientError(.tls, "TLS handshake with \(broker) failed: \(text)", underlying: error)
    }
}
