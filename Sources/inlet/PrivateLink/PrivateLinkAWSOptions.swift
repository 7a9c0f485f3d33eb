import AWS
import ArgumentParser
import KafkaClient

/// Where `inlet privatelink check` sends its ELBv2 calls; credentials come from the standard chain. The region is
/// the Kafka flags' `--aws-region` (one flag for the load balancer and MSK IAM sign-in).
struct PrivateLinkAWSOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Send the ELBv2 calls here instead of AWS's endpoint (tests, private API endpoints; default: "
                + "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, then AWS_ENDPOINT_URL)."))
    var awsEndpointURL: String?

    /// An ELBv2 client for the load balancer `arn`, signing with the credential chain's first credentials.
    func makeClient(loadBalancerARN arn: String, awsRegion: String?) throws -> ELBv2Client {
        let environment = AWSEnvironment.process
        let arnRegion = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init)
        guard let region = try awsRegion ?? environment.region() ?? arnRegion.flatMap({ $0.isEmpty ? nil : $0 })
        else {
            throw KafkaClientError(.configuration, "no AWS region; pass --aws-region or set AWS_REGION")
        }
        let endpoint =
            awsEndpointURL ?? environment["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"]
            ?? environment["AWS_ENDPOINT_URL"]
        return ELBv2Client(
            client: AWSClient(
                configuration: AWSClientConfiguration(region: region, endpointURL: endpoint),
                credentialProvider: try AWSCredentialChain.standard(environment: environment)))
    }
}
