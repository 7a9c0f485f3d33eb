/// The one error type of the Kafka client: what failed, where, and what to do about it.
///
/// Every failure a caller can see is a `KafkaClientError` with an open `Code`, a message written for the
/// operator (it names the broker, topic or partition and the fix) and the underlying error when there is one.
/// Messages never contain passwords or key material.
public struct KafkaClientError: Error, CustomStringConvertible, @unchecked Sendable {
    /// What kind of failure this is; open so new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case resolve, connect, tls, sasl, timeout, connectionClosed, protocolError, broker
            case unknownTopic, corruptRecord, configuration, cancelled, unsupportedVersion, noBrokers
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A broker's host name did not resolve.
        public static let resolve = Code(.resolve)
        /// The TCP connection (or the dialer's route) failed.
        public static let connect = Code(.connect)
        /// TLS set-up or certificate verification failed.
        public static let tls = Code(.tls)
        /// SASL authentication failed.
        public static let sasl = Code(.sasl)
        /// A connect or request deadline passed.
        public static let timeout = Code(.timeout)
        /// The connection closed while requests were in flight.
        public static let connectionClosed = Code(.connectionClosed)
        /// The broker sent bytes the client could not read.
        public static let protocolError = Code(.protocolError)
        /// The broker answered with a Kafka error code.
        public static let broker = Code(.broker)
        /// The topic (or partition) does not exist.
        public static let unknownTopic = Code(.unknownTopic)
        /// A record batch failed its CRC-32C check or could not be decoded.
        public static let corruptRecord = Code(.corruptRecord)
        /// The configuration is invalid (a missing file, a bad address).
        public static let configuration = Code(.configuration)
        /// The operation was cancelled or the client shut down.
        public static let cancelled = Code(.cancelled)
        /// The broker does not support a version of an API the client needs.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// No broker could be reached.
        public static let noBrokers = Code(.noBrokers)

        public var description: String {
            switch base {
            case .resolve: "resolve"
            case .connect: "connect"
            case .tls: "tls"
            case .sasl: "sasl"
            case .timeout: "timeout"
            case .connectionClosed: "connection closed"
            case .protocolError: "protocol error"
            case .broker: "broker error"
            case .unknownTopic: "unknown topic"
            case .corruptRecord: "corrupt record"
            case .configuration: "configuration"
            case .cancelled: "cancelled"
            case .unsupportedVersion: "unsupported version"
            case .noBrokers: "no brokers"
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line for the operator: names the thing and the fix.
    public var message: String
    /// The Kafka error code when the broker answered with one.
    public var kafkaErrorCode: Int16?
    /// The lower-level error, if any (an NIO or TLS error).
    public var underlying: (any Error)?
    /// The source location that raised the error, for bug reports.
    public var file: String
    public var line: Int

    public init(
        _ code: Code, _ message: String, kafkaErrorCode: Int16? = nil, underlying: (any Error)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.kafkaErrorCode = kafkaErrorCode
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
