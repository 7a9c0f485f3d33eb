import NIOCore

/// A Kafka request body that writes itself for a given protocol version.
///
/// Requests are pure values: the connection layer picks the version from the broker's ApiVersions answer,
/// writes the request header (v1, or v2 with tagged fields when `isFlexible(version:)`), then calls `write`.
public protocol KafkaRequest: Sendable {
    associatedtype Response: KafkaResponse

    /// The API this request belongs to.
    static var apiKey: APIKey { get }
    /// The versions Inlet can write and read, lowest first.
    static var supportedVersions: ClosedRange<Int16> { get }
    /// The first version that uses compact types and tagged fields, or nil when none does.
    static var firstFlexibleVersion: Int16? { get }

    /// Writes the request body (without header) in the wire format of `version`.
    func write(into buffer: inout ByteBuffer, version: Int16) throws
}

extension KafkaRequest {
    public static func isFlexible(version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }
}

/// A Kafka response body that reads itself for a given protocol version.
///
/// `init(from:version:)` is handed exactly the bytes of one response body (after the response header),
/// and must consume them exactly; the frame decoder reports leftovers as a decode error naming the message.
public protocol KafkaResponse: Sendable {
    init(from buffer: inout ByteBuffer, version: Int16) throws
}
