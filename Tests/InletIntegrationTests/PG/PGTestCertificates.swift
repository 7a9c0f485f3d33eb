import Foundation
import InletServer

/// A self-signed certificate for `localhost`/127.0.0.1 made with the openssl command line in a temporary directory.
struct PGTestCertificates {
    var directory: String
    var certificate: String
    var key: String
    var tls: TLSFiles { TLSFiles(certificatePath: certificate, keyPath: key) }

    static func make() throws -> PGTestCertificates {
        let directory = NSTemporaryDirectory() + "inlet-pg-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificate = directory + "/server.crt"
        let key = directory + "/server.key"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try findExecutable("openssl"))
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PGPeerMissing(name: "a working openssl") }
        return PGTestCertificates(directory: directory, certificate: certificate, key: key)
    }
}
