import AWS
import ArgumentParser
import KafkaClient

/// Where `inlet privatelink check` and `plan --cluster-arn` send their AWS calls; credentials come from the
/// standard chain. The region is the Kafka flags' `--aws-region` (one flag for the AWS calls and MSK IAM sign-in).
struct PrivateLinkAWSOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Send the AWS calls here instead of AWS's endpoints (tests, private API endpoints; default: "
                + "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, AWS_ENDPOINT_URL_KAFKA or AWS_ENDPOINT_URL_EC2, "
                + "then AWS_ENDPOINT_URL)."))
    var awsEndpointURL: String?

    /// An ELBv2 client for the load balancer `arn`, signing with the credential chain's first credentials.
    func makeClient(loadBalancerARN arn: String, awsRegion: String?) throws -> ELBv2Client {
        ELBv2Client(
            client: try makeClient(
                arn: arn, awsRegion: awsRegion, serviceVariable: "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"))
    }

    /// An MSK client for the cluster `arn`.
    func makeMSKClient(clusterARN arn: String, awsRegion: String?) throws -> MSKClient {
        MSKClient(client: try makeClient(arn: arn, awsRegion: awsRegion, serviceVariable: "AWS_ENDPOINT_URL_KAFKA"))
    }

    /// An EC2 client in the region of `arn` (for the zones of MSK's subnets).
    func makeEC2Client(arn: String, awsRegion: String?) throws -> EC2Client {
        EC2Client(client: try makeClient(arn: arn, awsRegion: awsRegion, serviceVariable: "AWS_ENDPOINT_URL_EC2"))
    }

    /// A client in `awsRegion`, the environment's or else `arn`'s region, to the flag's or the environment's
    /// endpoint (`serviceVariable`, then `AWS_ENDPOINT_URL`), signing with the standard chain.
    private func makeClient(arn: String, awsRegion: String?, serviceVariable: String) throws -> AWSClient {
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
