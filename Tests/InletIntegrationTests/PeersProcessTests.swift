import Foundation
import InletTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Proves the process plumbing every integration test stands on: ports, start, wait, stop, no orphans.
@Suite("Peers: process plumbing")
struct PeersProcessTests {
    @Test("free ports are distinct and bindable")
    func freePorts() throws {
        let ports = try (0..<20).map { _ in try FreePort.next() }
        #expect(Set(ports).count == ports.count)
        #expect(ports.allSatisfy { $0 > 0 && $0 < 65536 })
    }

    @Test("a missing executable fails loudly and names scripts/bootstrap --test")
    func missingExecutable() async throws {
        let error = await #expect(throws: PeerError.self) {
            _ = try await PeerProcess.launch(name: "ghost", executable: "no-such-peer-binary-xyz", arguments: [])
        }
        #expect(error?.description.contains("scripts/bootstrap --test") == true)
    }

    @Test("a missing Python module fails loudly and names scripts/bootstrap --test")
    func missingPythonModule() async throws {
        let error = await #expect(throws: PeerError.self) {
            try await PeerEnvironment.requirePythonModule("no_such_module_xyz")
        }
        #expect(error?.description.contains("scripts/bootstrap --test") == true)
    }

    @Test("a peer that exits before its port opens reports its log tail")
    func earlyExitCarriesLog() async throws {
        let process = try await PeerProcess.launch(
            name: "early-exit", executable: "/bin/sh", arguments: ["-c", "echo the-reason-it-died >&2; exit 7"])
        let port = try FreePort.next()
        let error = await #expect(throws: PeerError.self) {
            try await process.waitForPort(port, timeout: .seconds(10))
        }
        #expect(error?.logTail?.contains("the-reason-it-died") == true)
        #expect(error?.message.contains("status 7") == true)
        await process.stop()
    }

    @Test("waitForPort times out with the log tail when nothing listens")
    func waitTimesOut() async throws {
        let process = try await PeerProcess.launch(
            name: "silent", executable: "/bin/sh", arguments: ["-c", "echo still-starting; sleep 60"])
        let port = try FreePort.next()
        let error = await #expect(throws: PeerError.self) {
            try await process.waitForPort(port, timeout: .milliseconds(500))
        }
        #expect(error?.message.contains("timed out") == true)
        await process.stop()
        #expect(await process.isRunning == false)
    }

    @Test("stop() ends the whole process group, even a child that ignores SIGTERM")
    func stopKillsGroup() async throws {
        let process = try await PeerProcess.launch(
            name: "stubborn", executable: "/bin/sh",
            arguments: ["-c", "trap '' TERM; sleep 300 & echo started; wait"])
        try await process.waitForLog(containing: "started")
        #expect(liveMembers(ofGroup: process.pid).count >= 2)
        await process.stop(grace: .seconds(1))
        try await eventually { liveMembers(ofGroup: process.pid).isEmpty }
    }

    @Test("a peer whose test process dies is killed by the wrapper")
    func noOrphans() async throws {
        // A stand-in "test process" (sh) starts a wrapped peer and exits at once without stopping it.
        let python = try await PeerEnvironment.python()
        let wrapper = PeerPaths.script("peer_wrapper.py")
        let result = try await PeerCommand.run(
            name: "orphan-parent", executable: "/bin/sh",
            arguments: ["-c", "INLET_PEER_PARENT=$$ '\(python)' '\(wrapper)' -- sleep 300 >/dev/null 2>&1 & echo $!"])
        let group = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        try await eventually { liveMembers(ofGroup: group).isEmpty }
    }
}

/// Pids in process group `group` that are alive (not zombies), read from /proc.
func liveMembers(ofGroup group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry),
            let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "(comm)": state ppid pgrp ...
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
        return pid
    }
}

/// Polls `condition` for up to `timeout`; fails the test when it never holds.
func eventually(
    timeout: Duration = .seconds(10),
    _ condition: () async throws -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("condition did not hold within \(timeout)", sourceLocation: sourceLocation)
}
