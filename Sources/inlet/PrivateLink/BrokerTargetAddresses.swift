import Foundation
import InletServer
import KafkaClient

/// The IPv4 address each broker's load balancer target needs: a `--target-address` override, else the
/// advertised name resolved through DNS where the command runs.
///
/// An NLB `ip` target is an address, not a name, and the advertised names of a private cluster
/// (`b-1.msk.internal`) usually resolve only inside its VPC.
struct BrokerTargetAddresses {
    /// Node id or advertised host → IP, from `--target-address`.
    var overrides: [String: String]

    /// Parses `ID=IP` and `HOST=IP` flags; throws naming the bad flag.
    init(flags: [String]) throws {
        var overrides: [String: String] = [:]
        for flag in flags {
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, Self.isIPv4(parts[1]) else {
                throw KafkaClientError(
                    .configuration,
                    "--target-address '\(flag)' is not BROKER=IPV4, e.g. --target-address 1=10.0.1.15 or "
                        + "--target-address b-1.msk.internal=10.0.1.15")
            }
            overrides[parts[0].lowercased()] = parts[1]
        }
        self.overrides = overrides
    }

    /// The target IP of broker `nodeID` advertised as `host`.
    func address(nodeID: Int32, host: String) throws -> String {
        if let ip = overrides[String(nodeID)] ?? overrides[host.lowercased()] { return ip }
        if Self.isIPv4(host) { return host }
        if let ip = Self.resolveIPv4(host) { return ip }
        throw KafkaClientError(
            .configuration,
            "cannot resolve broker \(nodeID)'s advertised name \(host) to an IPv4 address for its load balancer "
                + "target; run this where the brokers' names resolve (inside their VPC) or pass "
                + "--target-address \(nodeID)=IP")
    }

    /// Overrides that name no broker of the metadata, so a typo is not silently ignored.
    func unused(by brokers: [Int32: BrokerAddress]) -> [String] {
        overrides.keys.filter { key in
            !brokers.contains { String($0.key) == key || $0.value.host.lowercased() == key }
        }.sorted()
    }

    static func isIPv4(_ text: String) -> Bool { BrokerIPv4.isIPv4(text) }

    /// The first IPv4 address of `host`, nil when it does not resolve.
    static func resolveIPv4(_ host: String) -> String? { BrokerIPv4.resolve(host) }
}
