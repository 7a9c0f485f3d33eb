import AWS
import Catalog
import Foundation
import KafkaClient
import SQL

/// Turns a stored AWS connection into credentials, an STS client and an MSK IAM token source.
///
/// The connection's key pair signs directly, or, with `ASSUME ROLE ARN`, signs STS AssumeRole whose temporary
/// credentials are kept until five minutes before they expire and then fetched again.
struct AWSConnectionCredentials: Sendable {
    var connection: ResolvedAWSConnection
    /// Overrides the connection's `ENDPOINT` (the server's `--aws-endpoint-url`), for tests.
    var endpointURL: String?

    /// The key pair as written in the connection, or the server's own credential chain when it names none
    /// (a role assumed with Inlet's identity).
    func baseProvider() throws(SQLError) -> any AWSCredentialProvider {
        guard connection.definition.accessKeyID != nil else {
            do {
                return try AWSCredentialChain.standard()
            } catch {
                throw SQLError.invalidParameter(
                    "AWS connection \(connection.name) names no ACCESS KEY ID and the server has no AWS credentials: "
                        + "\(error)")
            }
        }
        guard let accessKeyID = connection.accessKeyID, let secret = connection.secretAccessKey else {
            throw SQLError.invalidParameter(
                "AWS connection \(connection.name) has no ACCESS KEY ID / SECRET ACCESS KEY value",
                hint: "check the secrets it names exist and hold the key")
        }
        return StaticCredentialProvider(
            AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: connection.sessionToken,
                source: "AWS connection \(connection.name)"))
    }

    /// STS signed with the connection's base credentials, in its region, at its endpoint.
    func sts() throws(SQLError) -> STSClient {
        let configuration = AWSClientConfiguration(
            region: connection.definition.region, endpointURL: endpointURL ?? connection.definition.endpoint)
        return STSClient(client: AWSClient(configuration: configuration, credentialProvider: try baseProvider()))
    }

    /// The credentials MSK tokens are signed with: the key pair, or the assumed role's (cached).
    func provider() throws(SQLError) -> any AWSCredentialProvider {
        let base = try baseProvider()
        guard let role = connection.definition.assumeRoleARN else { return base }
        let assume = AssumeRoleCredentialProvider(
            roleARN: role, sessionName: connection.definition.assumeRoleSessionName ?? "inlet-\(connection.name)",
            sts: try sts())
        return AWSCredentialChain(providers: [assume])
    }

    /// OAUTHBEARER for a KAFKA connection that names this AWS connection: each sign-in presigns a fresh
    /// `kafka-cluster:Connect` for the broker's host.
    func saslConfiguration(kafkaConnection: String) throws(SQLError) -> KafkaSASLConfiguration {
        let tokens = MSKIAMTokenProvider(region: connection.definition.region, credentials: try provider())
        let name = connection.name
        return KafkaSASLConfiguration(
            oauthBearerAs: "AWS connection \(name)",
            failureHint:
                "check the ACCESS KEY ID and SECRET ACCESS KEY of AWS connection \(name) (VALIDATE CONNECTION \(name)) "
                + "and that its IAM policy allows kafka-cluster:Connect",
            tokenProvider: { broker in try await tokens.token(forHost: broker.host).value })
    }

    /// STS GetCallerIdentity, or AssumeRole when the connection names a role: proves the keys (and the role).
    func validate() async throws {
        do {
            if let role = connection.definition.assumeRoleARN {
                _ = try await sts().assumeRole(
                    roleARN: role,
                    sessionName: connection.definition.assumeRoleSessionName ?? "inlet-\(connection.name)")
            } else {
                _ = try await sts().getCallerIdentity()
            }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.connectionFailure("validation of AWS connection \(connection.name) failed: \(error)")
        }
    }
}
