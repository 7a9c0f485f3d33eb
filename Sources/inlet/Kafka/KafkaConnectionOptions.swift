import AWS
import ArgumentParser
import Foundation
import KafkaClient
import Routing

/// The connection flags every `inlet kafka …` command shares, named after the Kafka client options.
///
/// Routing flags (`--route…`, `--ssh…`) join this struct; they only change the dialer `makeDialer()` returns.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap"), help: "A broker to ask for metadata first, host:port (repeatable).")
    var bootstrap: [String] = []

    @Option(help: "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (case-insensitive).")
    var securityProtocol: String = "PLAINTEXT"

    @Option(help: "PEM file of the CA certificates that signed the brokers' certificates.")
    var sslCa: String?

    @Option(help: "PEM file with the client certificate (mTLS).")
    var sslCert: String?

    @Option(help: "PEM file with the client's private key (mTLS).")
    var sslKey: String?

    @Option(help: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    var saslMechanism: String?

    @Option(help: "SASL user name.")
    var saslUsername: String?

    @Option(help: "File holding the SASL password (its first line); keeps the password off the command line.")
    var saslPasswordFile: String?

    @Flag(help: "Sign in to Amazon MSK with IAM (SASL OAUTHBEARER), credentials from the standard AWS chain.")
    var awsIam = false

    @Option(
        help: ArgumentHelp(
            "The AWS region for --aws-iam and `privatelink check` (default: AWS_REGION, AWS_DEFAULT_REGION, the "
                + "profile's; for check, else the load balancer ARN's)."))
    var awsRegion: String?

    @Option(help: "client.id sent to the brokers.")
    var clientId: String = "inlet-cli"

    @Option(help: "How long a broker may take to answer one request, in milliseconds.")
    var requestTimeoutMs: Int = 30_000

    @OptionGroup(title: "Routes (PrivateLink endpoints, load balancer listeners)")
    var routes: KafkaRouteOptions

    @OptionGroup(title: "SSH bastion")
    var ssh: SSHTunnelOptions

    /// Builds the client configuration from the flags; throws a `.configuration` error naming the bad flag.
    func makeConfiguration() throws -> KafkaConfiguration {
        guard !bootstrap.isEmpty else {
            throw KafkaClientError(.configuration, "no broker given; add --bootstrap host:port")
        }
        let brokers = try bootstrap.flatMap { $0.split(separator: ",").map(String.init) }
            .map(KafkaConfiguration.parseBroker)
        let proto = try parsedSecurityProtocol()
        var tls: KafkaTLSConfiguration?
        if proto.usesTLS {
            tls = KafkaTLSConfiguration(caFile: sslCa, certificateFile: sslCert, privateKeyFile: sslKey)
        } else if sslCa != nil || sslCert != nil || sslKey != nil {
            throw KafkaClientError(
                .configuration, "--ssl-* flags need --security-protocol SSL or SASL_SSL")
        }
        var sasl: KafkaSASLConfiguration?
        if awsIam {
            guard proto.usesSASL, saslMechanism == nil, saslUsername == nil, saslPasswordFile == nil else {
                throw KafkaClientError(
                    .configuration,
                    "--aws-iam signs in with SASL OAUTHBEARER: give --security-protocol SASL_SSL and no --sasl-* flags")
            }
            sasl = try Self.mskIAM(region: awsRegion)
        } else if proto.usesSASL {
            let mechanismName = saslMechanism ?? KafkaSASLMechanism.default.name
            guard let mechanism = KafkaSASLMechanism(name: mechanismName) else {
                throw KafkaClientError(
                    .configuration, "--sasl-mechanism \(mechanismName) is not one of \(KafkaSASLMechanism.names)")
            }
            guard let username = saslUsername else {
                throw KafkaClientError(.configuration, "\(proto) needs --sasl-username")
            }
            guard let saslPasswordFile else {
                throw KafkaClientError(.configuration, "\(proto) needs --sasl-password-file")
            }
            guard let contents = FileManager.default.contents(atPath: saslPasswordFile),
                let text = String(data: contents, encoding: .utf8)
            else {
                throw KafkaClientError(.configuration, "cannot read the SASL password file \(saslPasswordFile)")
            }
            let password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            sasl = KafkaSASLConfiguration(mechanism: mechanism, username: username, password: password)
        } else if saslMechanism != nil || saslUsername != nil || saslPasswordFile != nil {
            throw KafkaClientError(
                .configuration, "--sasl-* flags need --security-protocol SASL_PLAINTEXT or SASL_SSL")
        }
        var configuration = KafkaConfiguration(
            bootstrapBrokers: brokers, clientID: clientId, tls: tls, sasl: sasl, dialer: try makeDialer(),
            requestTimeout: .milliseconds(Int64(requestTimeoutMs)), retryTimeout: .seconds(30))
        if let routing = configuration.dialer as? RoutingDialer { configuration.route(through: routing) }
        return configuration
    }

    /// OAUTHBEARER with MSK IAM tokens signed by the standard credential chain's credentials.
    static func mskIAM(region: String?) throws -> KafkaSASLConfiguration {
        let environment = AWSEnvironment.process
        guard let region = try region ?? environment.region() else {
            throw KafkaClientError(.configuration, "--aws-iam needs the cluster's region; add --aws-region us-east-1")
        }
        let tokens = MSKIAMTokenProvider(
            region: region, credentials: try AWSCredentialChain.standard(environment: environment))
        return KafkaSASLConfiguration(
            oauthBearerAs: "the AWS credential chain's identity",
            failureHint: "check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE, …) and that their IAM policy "
                + "allows kafka-cluster:Connect",
            tokenProvider: { broker in try await tokens.token(forHost: broker.host).value })
    }

    /// `--security-protocol` as a protocol; throws a `.configuration` error listing the valid names.
    func parsedSecurityProtocol() throws -> KafkaSecurityProtocol {
        guard let parsed = KafkaSecurityProtocol(name: securityProtocol) else {
            throw KafkaClientError(
                .configuration,
                "--security-protocol \(securityProtocol) is not one of \(KafkaSecurityProtocol.names)")
        }
        return parsed
    }
}
