import NIOCore

/// A Kafka request body that writes itself for a given protocol version.
///
/// Requests are pure values: the connection layer picks the version from the broker's ApiVersions answer,
/// then `KafkaRequestEncoder` writes the length prefix, the request header (v1, or v2 with tagged fields when
/// `isFlexible(version:)`) and calls `write`.
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

    /// An upper estimate of the body size, so the encoder allocates once (large for Produce, small otherwise).
    var estimatedBodySize: Int { get }
}

extension KafkaRequest {
    public var estimatedBodySize: Int { 128 }

    public static func isFlexible(version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }

    /// The request header version: 2 (with tagged fields) for flexible versions, 1 otherwise.
    public static func requestHeaderVersion(for version: Int16) -> Int16 {
        isFlexible(version: version) ? 2 : 1
    }

    /// The response header version: 1 (with tagged fields) for flexible versions, 0 otherwise.
    ///
    /// ApiVersions is the exception: its response always uses header v0, because a client that sent a version the
    /// broker does not know must still be able to read the answer.
    public static func responseHeaderVersion(for version: Int16) -> Int16 {
        if apiKey == .apiVersions { return 0 }
        return isFlexible(version: version) ? 1 : 0
    }

    /// The highest version both a broker supporting `broker` and Inlet support, or nil when the ranges do not
    /// overlap.
    public static func negotiatedVersion(withBroker broker: ClosedRange<Int16>) -> Int16? {
        let high = Swift.min(broker.upperBound, supportedVersions.upperBound)
        return high >= Swift.max(broker.lowerBound, supportedVersions.lowerBound) ? high : nil
    }

    /// `"MetadataRequest v12"`, for error messages.
    public static func messageName(version: Int16) -> String { "\(apiKey.name)Request v\(version)" }

    /// `"MetadataResponse v12"`, for error messages.
    public static func responseName(version: Int16) -> String { "\(apiKey.name)Response v\(version)" }

    /// Throws `.unsupportedVersion` unless `version` is in `supportedVersions`.
    public static func checkVersion(_ version: Int16) throws {
        guard supportedVersions.contains(version) else {
            throw KafkaWireError(
                kind: .unsupportedVersion,
                message: "Inlet supports versions \(supportedVersions.lowerBound)-\(supportedVersions.upperBound)"
                    + " of \(apiKey.name), not \(version)",
                messageName: "\(apiKey.name) v\(version)")
        }
    }
}

/// A Kafka response body that reads itself for a given protocol version.
///
/// `init(from:version:)` is handed exactly the bytes of one response body (after the response header),
/// and must consume them exactly; the frame decoder reports leftovers as a decode error naming the message.
public protocol KafkaResponse: Sendable {
    init(from buffer: inout ByteBuffer, version: Int16) throws
}

/// A request that can also be read back from its wire form.
///
/// Used by round-trip tests and by proxies such as the test-side virtual cluster, which must understand what a
/// client asks before answering it.
public protocol KafkaReadableRequest: KafkaRequest {
    init(from buffer: inout ByteBuffer, version: Int16) throws
}

/// A response that can also write itself, for round-trip tests and for servers and proxies built on KafkaWire.
public protocol KafkaWritableResponse: KafkaResponse {
    func write(into buffer: inout ByteBuffer, version: Int16) throws
}
