import NIOCore

/// Asks a broker which versions of each API it supports; the first request on every connection.
///
/// Versions 0-4; v3+ is flexible and carries the client's software name and version (which must match
/// `[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?` or the broker answers INVALID_REQUEST).
public struct ApiVersionsRequest: KafkaReadableRequest, Hashable {
    public typealias Response = ApiVersionsResponse

    public static let apiKey = APIKey.apiVersions
    public static let supportedVersions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// Sent in v3+.
    public var clientSoftwareName: String
    /// Sent in v3+.
    public var clientSoftwareVersion: String

    public init(clientSoftwareName: String = "inlet", clientSoftwareVersion: String = "0.1.0") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        guard version >= 3 else { return }
        buffer.writeKafkaString(clientSoftwareName, compact: true)
        buffer.writeKafkaString(clientSoftwareVersion, compact: true)
        buffer.writeEmptyKafkaTaggedFields()
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        self.init(clientSoftwareName: "", clientSoftwareVersion: "")
        guard version >= 3 else { return }
        clientSoftwareName = try buffer.readKafkaString("ClientSoftwareName", compact: true)
        clientSoftwareVersion = try buffer.readKafkaString("ClientSoftwareVersion", compact: true)
        try buffer.readKafkaTaggedFields()
    }
}
