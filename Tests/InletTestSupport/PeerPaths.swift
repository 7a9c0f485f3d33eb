import Foundation

/// Where the repository's peer scripts live, found from this source file's location.
public enum PeerPaths {
    /// The repository root (the folder with Package.swift).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // InletTestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }

    /// `testpeers/`, the Python peers and config generators.
    public static var testPeers: URL {
        repositoryRoot.appendingPathComponent("testpeers", isDirectory: true)
    }

    /// The path of one script in `testpeers/`.
    public static func script(_ name: String) -> String {
        testPeers.appendingPathComponent(name).path
    }

    /// A new, empty temporary directory for one peer's logs, configs and certificates.
    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-peers", isDirectory: true)
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
