import KafkaClient

/// The rules that decide, for every advertised broker, how its connection is carried.
///
/// Built from a KAFKA connection's options (or the CLI's `--route*` flags) and tried in Materialize's order:
/// an exact broker listed in `BROKERS`, then `MATCHING` rules (first match wins), then the connection-level
/// default, then a direct connection. A plain value with no I/O, so it can be tested, stored and compared.
public struct RouteTable: Hashable, Sendable {
    /// `'host:port' USING …` in `BROKERS (…)`.
    public struct BrokerRoute: Hashable, Sendable {
        public var host: String
        public var port: Int
        public var via: RouteVia

        public init(host: String, port: Int, via: RouteVia) {
            self.host = host
            self.port = port
            self.via = via
        }

        public var address: String { "\(host):\(port)" }
    }

    /// `MATCHING 'pattern' USING …` in `BROKERS (…)`.
    public struct MatchingRoute: Hashable, Sendable {
        public var pattern: BrokerPattern
        public var via: RouteVia

        public init(pattern: BrokerPattern, via: RouteVia) {
            self.pattern = pattern
            self.via = via
        }
    }

    public var brokers: [BrokerRoute]
    public var matching: [MatchingRoute]
    /// The connection-level `AWS PRIVATELINK pl (PORT n)` / `SSH TUNNEL t`, which also covers brokers that
    /// join the cluster later; nil means brokers no rule names are dialled directly.
    public var defaultVia: RouteVia?

    public init(brokers: [BrokerRoute] = [], matching: [MatchingRoute] = [], defaultVia: RouteVia? = nil) {
        self.brokers = brokers
        self.matching = matching
        self.defaultVia = defaultVia
    }

    /// A table with no rules: every broker is dialled directly, by design.
    public static let direct = RouteTable()

    /// True when no rule at all is configured.
    public var isEmpty: Bool { brokers.isEmpty && matching.isEmpty && defaultVia == nil }

    /// Decides how `broker` is reached. Never fails: a broker no rule covers is dialled directly, and the
    /// decision says so (`.unmapped`) when the table has rules, so that callers can report it.
    public func decide(for broker: BrokerAddress) -> RouteDecision {
        let host = broker.host.lowercased()
        if let exact = brokers.first(where: { $0.host.lowercased() == host && $0.port == broker.port }) {
            return RouteDecision(broker: broker, rule: .exact(exact.address), via: exact.via)
        }
        if let rule = matching.first(where: { $0.pattern.matches(broker) }) {
            return RouteDecision(broker: broker, rule: .matching(rule.pattern.text), via: rule.via)
        }
        if let defaultVia {
            return RouteDecision(broker: broker, rule: .connectionDefault, via: defaultVia)
        }
        return RouteDecision(broker: broker, rule: isEmpty ? .noRules : .unmapped, via: .direct)
    }

    /// The brokers among `brokers` that only a direct connection would reach although the table has rules.
    public func unmapped(_ brokers: [BrokerAddress]) -> [BrokerAddress] {
        brokers.filter { decide(for: $0).rule == .unmapped }
    }

    /// The `BROKERS (…)` clause that states this table's exact and matching rules, for messages that tell the
    /// user the whole statement to run.
    public func brokersClause(adding extra: BrokerRoute? = nil) -> String {
        var items = brokers.map { route in
            route.via.kind == .direct ? "'\(route.address)'" : "'\(route.address)' \(route.via)"
        }
        if let extra { items.append("'\(extra.address)' \(extra.via)") }
        items += matching.map { "MATCHING '\($0.pattern.text)' \($0.via)" }
        return "BROKERS (\(items.joined(separator: ", ")))"
    }
}
