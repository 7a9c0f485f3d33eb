import KafkaClient

/// The outcome of routing one broker: which rule matched and how the connection is carried.
public struct RouteDecision: Hashable, Sendable, CustomStringConvertible {
    /// The rule that decided.
    public enum Rule: Hashable, Sendable, CustomStringConvertible {
        /// An exact broker listed in `BROKERS`.
        case exact(String)
        /// A `MATCHING` rule, by its pattern.
        case matching(String)
        /// The connection-level default.
        case connectionDefault
        /// The table has no rules at all: direct by design.
        case noRules
        /// The table has rules but none covers this broker: direct, and worth reporting.
        case unmapped

        public var description: String {
            switch self {
            case .exact(let address): "broker '\(address)'"
            case .matching(let pattern): "MATCHING '\(pattern)'"
            case .connectionDefault: "connection default"
            case .noRules: "direct (no routes)"
            case .unmapped: "unmapped (direct)"
            }
        }
    }

    public var broker: BrokerAddress
    public var rule: Rule
    public var via: RouteVia

    public init(broker: BrokerAddress, rule: Rule, via: RouteVia) {
        self.broker = broker
        self.rule = rule
        self.via = via
    }

    public var description: String { "\(broker) → \(via) [\(rule)]" }
}
