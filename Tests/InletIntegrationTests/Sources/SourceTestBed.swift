import Foundation
import InletTestSupport
import Testing

/// A real `inlet serve` with a data directory that outlives restarts, driven through psql, for the source tests.
final class SourceTestBed: @unchecked Sendable {
    let dataDirectory: String
    let arguments: [String]
    private(set) var server: PGServeProcess

    private init(dataDirectory: String, arguments: [String], server: PGServeProcess) {
        self.dataDirectory = dataDirectory
        self.arguments = arguments
        self.server = server
    }

    static func start(_ arguments: [String] = []) async throws -> SourceTestBed {
        let data = try PGServeCommandTests.temporaryDirectory()
        let server = try await PGServeProcess.start(["--data-dir", data] + arguments)
        return SourceTestBed(dataDirectory: data, arguments: arguments, server: server)
    }

    var port: Int { server.port }

    /// Stops the server (SIGTERM, or SIGKILL with `kill: true`) and starts it again on the same data directory.
    func restart(kill: Bool = false) async throws {
        if kill {
            Foundation.kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
        } else {
            #expect(try await server.stop() == 0, "\(server.output)")
        }
        server = try await PGServeProcess.start(["--data-dir", dataDirectory] + arguments)
    }

    func stop() async throws {
        _ = try await server.stop()
    }

    /// Runs a psql script; a failing statement fails the test with psql's message.
    @discardableResult
    func sql(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await PGCatalogTests.psql(port: port, script)
        #expect(
            result.status == 0, "psql failed: \(result.stderr)\n\(server.output.suffix(3000))",
            sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a psql script that must fail; returns psql's error output (with SQLSTATE, `VERBOSITY verbose`).
    func failingSQL(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await PGCatalogTests.psql(port: port, "\\set VERBOSITY verbose\n" + script)
        #expect(result.status != 0, "expected psql to fail, got: \(result.stdout)", sourceLocation: sourceLocation)
        return result.stderr
    }

    /// Polls `query` until its output satisfies `condition` (ingest is asynchronous), failing after `timeout`.
    @discardableResult
    func waitFor(
        _ query: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            let result = try await PGCatalogTests.psql(port: port, query)
            last = result.status == 0 ? result.stdout : result.stderr
            if result.status == 0, condition(result.stdout) { return result.stdout }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record(
            "\(query) never satisfied the condition; last answer: \(last)\n\(server.output.suffix(3000))",
            sourceLocation: sourceLocation)
        return last
    }

    /// Waits until `query` returns exactly `expected` (psql's unaligned output, one row per line).
    @discardableResult
    func waitFor(
        _ query: String, toBe expected: String, timeout: Duration = .seconds(60),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        try await waitFor(query, timeout: timeout, sourceLocation: sourceLocation) { $0 == expected }
    }
}
