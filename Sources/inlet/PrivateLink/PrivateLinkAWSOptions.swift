import AWS
import ArgumentParser
import KafkaClient

/// Where `inlet privatelink check` and `plan --cluster-arn` send their AWS calls; credentials come from the
/// standard chain.
struct PrivateLinkAWSOptions: ParsableArguments {
    @Option(help: "The region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, else the load balancer ARN's).")
    var awsRegion: String?

    @Option(
        help: ArgumentHelp(
            "Send the ELBv2 calls here instead of AWS's endpoint (tests, private API endpoints; default: "
                + "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, then AWS_ENDPOINT_URL)."))
    var awsEndpointURL: String?

    /// An ELBv2 client for the load balancer `arn`, signing with the credential chain's first credentials.
    func makeClient(loadBalancerARN arn: String) throws -> ELBv2Client {
        ELBv2Client(client: try makeClient(arn: arn, serviceVariable: "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"))
    }

    /// An MSK client for the cluster `arn`.
    func makeMSKClient(clusterARN arn: String) throws -> MSKClient {
        MSKClient(client: try makeClient(arn: arn, serviceVariable: "AWS_ENDPOINT_URL_KAFKA"))
    }

    /// An EC2 client in the region of `arn` (for the zones of MSK's subnets).
    func makeEC2Client(arn: String) throws -> EC2Client {
        EC2Client(client: try makeClient(arn: arn, serviceVariable: "AWS_ENDPOINT_URL_EC2"))
    }

    /// A client in the flag's, the environment's or else `arn`'s region, to the flag's or the environment's
    /// endpoint (`serviceVariable`, then `AWS_ENDPOINT_URL`), signing with the standard chain.
    private func makeClient(arn: String, serviceVariable: String) throws -> AWSClient {
        let environment = AWSEnvironment.process
        let arnRegion = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
        guard let region = try awsRegion ?? environment.region() ?? arnRegion.flatMap({ $0.isEmpty ? nil : $0 })
        else {
            throw KafkaClientError(.configuration, "no AWS region; pass --aws-region or set AWS_REGION")
        }
        let endpoint = awsEndpointURL ?? environment[serviceVariable] ?? environment["AWS_ENDPOINT_URL"]
        return AWSClient(
            configuration: AWSClientConfiguration(region: region, endpointURL: endpoint),
            credentialProvider: try AWSCredentialChain.standard(environment: environment))
    }
}
