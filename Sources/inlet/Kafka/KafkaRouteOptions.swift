import ArgumentParser
import Foundation
import KafkaClient
import Routing

/// The `--route…` flags every `inlet kafka …` command takes: where each advertised broker's connection goes.
///
/// The same rules as a KAFKA connection's `BROKERS (…)` and default route, written as literal addresses, so an
/// operator can try a PrivateLink endpoint or a load balancer listener before writing any SQL.
struct KafkaRouteOptions: ParsableArguments {
    @Option(
        name: .customLong("route"),
        help: ArgumentHelp(
            "Send one advertised broker to an address, e.g. b-1.msk.internal:9096=vpce-1.example:9001 (repeatable).",
            valueName: "advertised=target"))
    var exact: [String] = []

    @Option(
        name: .customLong("route-matching"),
        help: ArgumentHelp(
            "Send brokers whose host matches a pattern ('*' only leading or trailing) to TARGETHOST[:PORT] "
                + "(repeatable; first match wins).",
            valueName: "pattern=target"))
    var matching: [String] = []

    @Option(
        name: .customLong("route-default"),
        help: ArgumentHelp(
            "Send every broker no other rule covers (also brokers that join later) to TARGETHOST[:PORT].",
            valueName: "target"))
    var fallback: String?

    /// True when no routing flag was given: the client dials the advertised addresses directly.
    var isEmpty: Bool { exact.isEmpty && matching.isEmpty && fallback == nil }

    /// The route table the flags describe; throws a `RoutingError` that names the flag to fix.
    func makeTable() throws -> RouteTable {
        try RouteTable(routes: exact, matching: matching, defaultRoute: fallback)
    }

    /// The dialer that applies the flags in front of DNS + TCP; unmapped brokers are written to stderr once
    /// each, with the flag that maps them.
    func makeDialer() throws -> RoutingDialer {
        RoutingDialer(
            resolver: RouteResolver(table: try makeTable()), tcp: TCPDialer(), syntax: .commandLine,
            onUnmapped: { _, advice in
                FileHandle.standardError.write(Data("inlet: warning: \(advice)\n".utf8))
            })
    }
}
