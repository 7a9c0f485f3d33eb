/// The numeric key that names a Kafka API in every request header.
///
/// An open struct rather than an enum so that keys Inlet does not use yet can still be named.
public struct APIKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16

    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let produce = APIKey(rawValue: 0)
    public static let fetch = APIKey(rawValue: 1)
    public static let listOffsets = APIKey(rawValue: 2)
    public static let metadata = APIKey(rawValue: 3)
    public static let offsetCommit = APIKey(rawValue: 8)
    public static let offsetFetch = APIKey(rawValue: 9)
    public static let findCoordinator = APIKey(rawValue: 10)
    public static let joinGroup = APIKey(rawValue: 11)
    public static let heartbeat = APIKey(rawValue: 12)
    public static let leaveGroup = APIKey(rawValue: 13)
    public static let syncGroup = APIKey(rawValue: 14)
    public static let saslHandshake = APIKey(rawValue: 17)
    public static let apiVersions = APIKey(rawValue: 18)
    public static let createTopics = APIKey(rawValue: 19)
    public static let deleteTopics = APIKey(rawValue: 20)
    public static let saslAuthenticate = APIKey(rawValue: 36)

    public var name: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .listOffsets: "ListOffsets"
        case .metadata: "Metadata"
        case .offsetCommit: "OffsetCommit"
        case .offsetFetch: "OffsetFetch"
        case .findCoordinator: "FindCoordinator"
        case .joinGroup: "JoinGroup"
        case .heartbeat: "Heartbeat"
        case .leaveGroup: "LeaveGroup"
        case .syncGroup: "SyncGroup"
        case .saslHandshake: "SaslHandshake"
        case .apiVersions: "ApiVersions"
        case .createTopics: "CreateTopics"
        case .deleteTopics: "DeleteTopics"
        case .saslAuthenticate: "SaslAuthenticate"
        default: "ApiKey(\(rawValue))"
        }
    }

    public var description: String { name }
}
