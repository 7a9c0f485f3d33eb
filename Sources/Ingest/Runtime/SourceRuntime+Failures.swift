import KafkaClient
import SQL
import Storage

extension SourceRuntime {
    /// The error and hint a stall shows in `mz_source_statuses`.
    func describe(_ error: any Error) async -> SourceFailure {
        if let failure = error as? SourceFailure { return failure }
        let hint = await environment.hint(for: error, source: spec)
        if let error = error as? KafkaClientError {
            return SourceFailure(
                error: error.message, hint: hint ?? Self.hint(for: error, connection: spec.kafka.connection))
        }
        if let error = error as? StorageError, error.isFenced {
            return SourceFailure(
                error: "storage: \(error.message)",
                hint: hint
                    ?? "another writer committed these partitions first; this source resumes from the stored offsets")
        }
        if let error = error as? StorageError {
            return SourceFailure(
                error: "storage: \(error.message)",
                hint: hint ?? "check the data directory's disk space and permissions")
        }
        if let error = error as? SQLError {
            return SourceFailure(error: error.message, hint: hint ?? error.hint)
        }
        return SourceFailure(error: "\(error)", hint: hint)
    }

    static func hint(for error: KafkaClientError, connection: String) -> String? {
        // "No bootstrap broker could be reached" carries the first broker's own failure: hint at that cause.
        if error.code == .noBrokers, let cause = error.underlying as? KafkaClientError, cause.code != .noBrokers {
            return hint(for: cause, connection: connection)
        }
        switch error.code {
        case .sasl where error.message.contains("OAUTHBEARER"):
            return
                "check the ACCESS KEY ID and SECRET ACCESS KEY of the AWS CONNECTION that connection \(connection) names (ALTER SECRET name AS '…', VALIDATE CONNECTION) and that its IAM policy allows kafka-cluster:Connect; the source retries by itself"
        case .sasl:
            return
                "check the SASL USERNAME and SASL PASSWORD secrets of connection \(connection) (ALTER SECRET name AS '…'); the source retries by itself"
        case .tls:
            return
                "check SSL CERTIFICATE AUTHORITY of connection \(connection) and that the broker's certificate names its advertised host"
        case .resolve, .connect, .noBrokers, .timeout, .connectionClosed:
            return
                "the brokers of connection \(connection) cannot be reached; VALIDATE CONNECTION \(connection) shows which hop fails"
        case .unknownTopic:
            return "create the topic or drop the source; it resumes by itself once the topic exists"
        default:
            return nil
        }
    }
}

/// A stall the runtime can explain: the error and what to do about it.
struct SourceFailure: Error, CustomStringConvertible {
    var error: String
    var hint: String?

    var description: String { error }
}
