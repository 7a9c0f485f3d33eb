import Foundation

/// The AWS CLI (`aws`, PyPI `awscli`, botocore underneath): an AWS client independent of Inlet's, used to build
/// and change the load balancer state that `inlet privatelink check` reads, and to run the commands that
/// `inlet privatelink plan --output aws-cli` prints.
extension Moto {
    /// The environment of an AWS CLI (or `inlet`) process that signs as moto_setup.py's IAM user and sends every
    /// call to moto (`AWS_ENDPOINT_URL`); no home files, no instance metadata.
    public var cliEnvironment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": account.accessKeyID, "AWS_SECRET_ACCESS_KEY": account.secretAccessKey,
            "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": account.region, "AWS_REGION": account.region,
            "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials",
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "",
        ]
    }

    /// Runs `aws ARGUMENTS` against moto and returns its stdout, trimmed; a failure throws with stderr's tail.
    @discardableResult
    public func aws(_ arguments: [String]) async throws -> String {
        let result = try await PeerCommand.run(
            name: "aws", executable: "aws", arguments: arguments, environment: cliEnvironment,
            timeout: .seconds(60))
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The ARN of the network load balancer moto_setup.py made (`msk-nlb`).
    public func loadBalancerARN(named name: String = "msk-nlb") async throws -> String {
        try await aws([
            "elbv2", "describe-load-balancers", "--names", name, "--query", "LoadBalancers[0].LoadBalancerArn",
            "--output", "text",
        ])
    }

    /// Makes a TCP load balancer of type network in moto_setup.py's subnets and returns its ARN.
    public func createNetworkLoadBalancer(named name: String) async throws -> String {
        try await aws(
            ["elbv2", "create-load-balancer", "--name", name, "--type", "network", "--scheme", "internal", "--subnets"]
                + account.subnetIDs + ["--query", "LoadBalancers[0].LoadBalancerArn", "--output", "text"])
    }
}
