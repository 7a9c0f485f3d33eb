import Foundation
import InletTestSupport
import Testing

// What the `inlet privatelink plan|check` tests share: the built binary, the route flags that reach the virtual
// cluster's brokers directly, and per-broker target addresses inside moto_setup.py's VPC (10.20.0.0/16).

/// Runs the built `inlet` with `arguments` (and `environment`) and returns its status and output.
func runInlet(_ arguments: [String], environment: [String: String] = [:]) async throws -> PeerCommandResult {
    let inlet = PrivateLinkCLITests.inlet
    guard FileManager.default.isExecutableFile(atPath: inlet) else {
        throw PeerError(peer: "inlet", message: "\(inlet) is missing; run swift build first")
    }
    return try await PeerCommand.run(
        name: "inlet", executable: inlet, arguments: arguments, environment: environment, timeout: .seconds(90),
        check: false)
}

extension VirtualCluster {
    /// `--bootstrap b-1… --route b-N…=127.0.0.1:PORT` for `brokers`: Inlet reaches every broker by its route.
    func connectionFlags(_ brokers: [Broker]) -> [String] {
        ["--bootstrap", routedBootstrap] + brokers.flatMap { ["--route", $0.route(to: $0.listener)] }
    }
}

/// The IP the plan gives broker `id`'s target: an address in moto's VPC, as an MSK broker's would be.
func targetIP(_ id: Int) -> String { "10.20.0.\(10 + id)" }

/// `--target-address ID=IP` for `brokers`.
func targetFlags(_ brokers: [VirtualCluster.Broker]) -> [String] {
    brokers.flatMap { ["--target-address", "\($0.id)=\(targetIP($0.id))"] }
}

/// Runs a shell script (the plan's aws-cli output, or a drift's fix commands) with the AWS CLI pointed at moto.
@discardableResult
func runAWSScript(_ script: String, moto: Moto) async throws -> PeerCommandResult {
    let result = try await PeerCommand.run(
        name: "sh", executable: "/bin/sh", arguments: ["-eu", "-c", script], environment: moto.cliEnvironment,
        timeout: .seconds(180), check: false)
    #expect(result.status == 0, "the script failed: \(result.stderr)\n\(script)")
    return result
}

/// The listeners of `loadBalancer` as port → the `IP:PORT` targets they forward to, read with the AWS CLI.
func listenerTargets(_ moto: Moto, loadBalancer: String) async throws -> [Int: [String]] {
    let text = try await moto.aws([
        "elbv2", "describe-listeners", "--load-balancer-arn", loadBalancer, "--query",
        "Listeners[].[Port, DefaultActions[0].TargetGroupArn]", "--output", "text",
    ])
    var found: [Int: [String]] = [:]
    for line in text.split(separator: "\n") {
        let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
        guard fields.count == 2, let port = Int(fields[0]) else { continue }
        let targets = try await moto.aws([
            "elbv2", "describe-target-health", "--target-group-arn", fields[1], "--query",
            "TargetHealthDescriptions[].[Target.Id, Target.Port]", "--output", "text",
        ])
        found[port, default: []] += targets.split(separator: "\n").map {
            $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).joined(separator: ":")
        }
    }
    return found
}

/// The fix commands `check` printed, as one script per drift (the lines under each `  fix:`).
func fixScripts(_ output: String) -> [String] {
    var scripts: [String] = []
    var current: [String]?
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
        if line == "  fix:" {
            if let current { scripts.append(current.joined(separator: "\n")) }
            current = []
        } else if line.hasPrefix("    "), current != nil {
            current?.append(String(line.dropFirst(4)))
        } else if let done = current {
            scripts.append(done.joined(separator: "\n"))
            current = nil
        }
    }
    if let current { scripts.append(current.joined(separator: "\n")) }
    return scripts
}
