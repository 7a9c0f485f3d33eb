import KafkaClient

/// A `MATCHING` pattern for advertised broker addresses: literal text with `*` allowed only as a leading
/// and/or trailing wildcard (`b-*`, `*.msk.internal`, `*use1-az1*`).
///
/// Patterns without a `:` match the broker's host; patterns with one match `host:port`. Matching ignores
/// ASCII case, as DNS does.
public struct BrokerPattern: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    private let core: String
    private let leadingWildcard: Bool
    private let trailingWildcard: Bool
    private let includesPort: Bool

    /// Parses a pattern, refusing a `*` anywhere but at the ends and a pattern that is only wildcards.
    public init(_ text: String) throws(RoutingError) {
        var core = Substring(text)
        let leading = core.hasPrefix("*")
        if leading { core = core.dropFirst() }
        let trailing = core.hasSuffix("*")
        if trailing { core = core.dropLast() }
        if core.contains("*") {
            throw RoutingError(
                code: .invalidPattern,
                message:
                    "MATCHING pattern '\(text)' has a '*' in the middle; '*' may only lead or trail the pattern, e.g. 'b-*' or '*.msk.internal'"
            )
        }
        if core.isEmpty {
            throw RoutingError(
                code: .invalidPattern,
                message: "MATCHING pattern '\(text)' matches every broker; use a connection-level default route instead"
            )
        }
        self.text = text
        self.core = core.lowercased()
        self.leadingWildcard = leading
        self.trailingWildcard = trailing
        self.includesPort = core.contains(":")
    }

    public func matches(_ broker: BrokerAddress) -> Bool {
        let subject = (includesPort ? "\(broker.host):\(broker.port)" : broker.host).lowercased()
        switch (leadingWildcard, trailingWildcard) {
        case (false, false): return subject == core
        case (true, false): return subject.hasSuffix(core)
        case (false, true): return subject.hasPrefix(core)
        case (true, true): return subject.contains(core)
        }
    }

    public var description: String { text }
}
