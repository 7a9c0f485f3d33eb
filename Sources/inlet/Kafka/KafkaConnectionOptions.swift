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

    @Option(help: "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
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
        let proto = securityProtocol.uppercased()
        let usesTLS: Bool
        let usesSASL: Bool
        switch proto {
        case "PLAINTEXT": (usesTLS, usesSASL) = (false, false)
        case "SSL": (usesTLS, usesSASL) = (true, false)
        case "SASL_PLAINTEXT": (usesTLS, usesSASL) = (false, true)
        case "SASL_SSL": (usesTLS, usesSASL) = (true, true)
        default:
            throw KafkaClientError(
                .configuration,
                "--security-protocol \(securityProtocol) is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL")
        }
        var tls: KafkaTLSConfiguration?
        if usesTLS {
            tls = KafkaTLSConfiguration(caFile: sslCa, certificateFile: sslCert, privateKeyFile: sslKey)
        } else if sslCa != nil || sslCert != nil || sslKey != nil {
            throw KafkaClientError(
                .configuration, "--ssl-* flags need --security-protocol SSL or SASL_SSL")
        }
        var sasl: KafkaSASLConfiguration?
        if usesSASL {
            let name = saslMechanism ?? "PLAIN"
            guard let mechanism = KafkaSASLMechanism(name: name) else {
                throw KafkaClientError(
                    .configuration, "--sasl-mechanism \(name) is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512")
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
}
