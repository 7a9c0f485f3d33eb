/// An error from route rules, PrivateLink endpoints or tunnels, with a message that says what to change.
public struct RoutingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an open set of codes.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidPattern = Code(rawValue: "invalid_pattern")
        public static let invalidRoute = Code(rawValue: "invalid_route")
        public static let unknownConnection = Code(rawValue: "unknown_connection")
        public static let unknownAvailabilityZone = Code(rawValue: "unknown_availability_zone")
        public static let noEndpoint = Code(rawValue: "no_endpoint")
        public static let unmappedBroker = Code(rawValue: "unmapped_broker")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
