import Foundation

/// A certificate and its private key as PEM files (plus both in one file, the form haproxy wants).
public struct CertificateFiles: Sendable {
    public var certificate: URL
    public var key: URL
    /// Certificate followed by key, for haproxy's `crt`.
    public var combined: URL
}

/// A throw-away certificate authority made with the openssl CLI in a temporary directory.
///
/// The tansu build cannot do TLS, so tests terminate TLS in haproxy with certificates from this CA:
/// server certificates for broker names such as `b-1.kafka.internal` and client certificates for mTLS.
public struct TestCA: Sendable {
    /// The folder with every file this CA wrote.
    public let directory: URL
    /// The CA certificate (PEM), for `--ssl-ca` / `ssl.ca.location`.
    public let certificate: URL
    let key: URL

    /// Creates a new CA (EC P-256, valid for two days).
    public static func create(name: String = "Inlet Test CA") async throws -> TestCA {
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: "test-ca")
        let certificate = directory.appendingPathComponent("ca.crt")
        let key = directory.appendingPathComponent("ca.key")
        try await openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key.path, "-out", certificate.path, "-days", "2", "-subj", "/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        return TestCA(directory: directory, certificate: certificate, key: key)
    }

    /// Issues a server certificate whose subject alternative names are `dnsNames` (and `ipAddresses`).
    ///
    /// The first DNS name is also the common name. Certificates are valid only for the names given,
    /// so a client that verifies against another name must refuse them.
    public func issueServerCertificate(dnsNames: [String], ipAddresses: [String] = []) async throws -> CertificateFiles
    {
        let names = dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }
        return try await issue(
            commonName: dnsNames.first ?? ipAddresses.first ?? "server",
            extensions: [
                "subjectAltName=\(names.joined(separator: ","))", "extendedKeyUsage=serverAuth",
                "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
            ])
    }

    /// Issues a client certificate (extended key usage clientAuth) for mTLS.
    public func issueClientCertificate(commonName: String) async throws -> CertificateFiles {
        try await issue(
            commonName: commonName,
            extensions: [
                "extendedKeyUsage=clientAuth", "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
            ])
    }

    private func issue(commonName: String, extensions: [String]) async throws -> CertificateFiles {
        let stem = commonName.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        let base = directory.appendingPathComponent("\(String(stem))-\(UUID().uuidString.prefix(6))")
        let key = base.appendingPathExtension("key")
        let request = base.appendingPathExtension("csr")
        let certificate = base.appendingPathExtension("crt")
        let extensionsFile = base.appendingPathExtension("ext")
        try (extensions.joined(separator: "\n") + "\n").write(to: extensionsFile, atomically: true, encoding: .utf8)
        try await TestCA.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.path,
            "-out", request.path, "-subj", "/CN=\(commonName)",
        ])
        try await TestCA.openssl([
            "x509", "-req", "-in", request.path, "-CA", self.certificate.path, "-CAkey", self.key.path,
            "-set_serial", String(UInt64.random(in: 1...UInt64(Int64.max))), "-days", "2",
            "-out", certificate.path, "-extfile", extensionsFile.path,
        ])
        let combined = base.appendingPathExtension("pem")
        let bundle = try Data(contentsOf: certificate) + Data(contentsOf: key)
        try bundle.write(to: combined)
        return CertificateFiles(certificate: certificate, key: key, combined: combined)
    }

    private static func openssl(_ arguments: [String]) async throws {
        _ = try await PeerCommand.run(
            name: "openssl", executable: "openssl", arguments: arguments, timeout: .seconds(60))
    }
}
