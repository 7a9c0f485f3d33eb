import KafkaWire
import NIOConcurrencyHelpers

/// An API and the version a request of it was written in.
public struct KafkaRequestKind: Hashable, Sendable, CustomStringConvertible {
    public var apiKey: APIKey
    public var version: Int16

    public init(_ apiKey: APIKey, version: Int16) {
        self.apiKey = apiKey
        self.version = version
    }

    public var description: String { "\(apiKey.name) v\(version)" }
}

/// Counts the requests a connection writes, per API and version.
///
/// Cheap enough to keep on for every request (one short lock), so what a client really sent can be checked
/// against a live broker instead of being inferred from the negotiation code.
final class RequestLog: Sendable {
    private let box = NIOLockedValueBox<[KafkaRequestKind: Int]>([:])

    func record(_ apiKey: APIKey, version: Int16) {
        box.withLockedValue { $0[KafkaRequestKind(apiKey, version: version), default: 0] += 1 }
    }

    var counts: [KafkaRequestKind: Int] { box.withLockedValue { $0 } }
}
