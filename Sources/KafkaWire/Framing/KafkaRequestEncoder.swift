import NIOCore

/// Writes complete request frames: the int32 length prefix, the request header and the body.
///
/// The header is v1 (api key, api version, correlation id, nullable client id) for classic versions and v2
/// (the same plus an empty tagged field section) for flexible ones.
public enum KafkaRequestEncoder {
    /// Returns one complete request frame, ready to be written to a connection.
    public static func encode<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationID: Int32, clientID: String?,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 16 + (clientID?.utf8.count ?? 0) + request.estimatedBodySize)
        try encode(request, version: version, correlationID: correlationID, clientID: clientID, into: &buffer)
        return buffer
    }

    /// Appends one complete request frame to `buffer` (so several requests can share one write).
    public static func encode<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationID: Int32, clientID: String?, into buffer: inout ByteBuffer
    ) throws {
        try Request.checkVersion(version)
        buffer.reserveCapacity(minimumWritableBytes: 16 + (clientID?.utf8.count ?? 0) + request.estimatedBodySize)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        KafkaRequestHeader(
            apiKey: Request.apiKey, apiVersion: version, correlationID: correlationID, clientID: clientID
        ).write(into: &buffer, headerVersion: Request.requestHeaderVersion(for: version))
        do {
            try request.write(into: &buffer, version: version)
        } catch let error as KafkaWireError {
            buffer.moveWriterIndex(to: lengthIndex)
            throw error.inMessage(Request.messageName(version: version))
        }
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
    }
}

/// The header in front of every request body.
public struct KafkaRequestHeader: Hashable, Sendable {
    public var apiKey: APIKey
    public var apiVersion: Int16
    public var correlationID: Int32
    public var clientID: String?
    /// Tagged fields of header v2 (none are defined today).
    public var taggedFields: [KafkaTaggedField]

    public init(
        apiKey: APIKey, apiVersion: Int16, correlationID: Int32, clientID: String?,
        taggedFields: [KafkaTaggedField] = []
    ) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
        self.taggedFields = taggedFields
    }

    /// Writes header v0 (no client id), v1 or v2. The client id is never a compact string, even in v2.
    public func write(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeInteger(apiKey.rawValue)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationID)
        if headerVersion >= 1 { buffer.writeKafkaNullableString(clientID, compact: false) }
        if headerVersion >= 2 { buffer.writeKafkaTaggedFields(taggedFields) }
    }

    /// Reads a request header of the given header version (servers and proxies; see `peek(frame:)`).
    public init(from buffer: inout ByteBuffer, headerVersion: Int16) throws {
        do {
            apiKey = APIKey(rawValue: try buffer.readKafkaInt16("RequestApiKey"))
            apiVersion = try buffer.readKafkaInt16("RequestApiVersion")
            correlationID = try buffer.readKafkaInt32("CorrelationId")
            clientID = headerVersion >= 1 ? try buffer.readKafkaNullableString("ClientId", compact: false) : nil
            taggedFields = headerVersion >= 2 ? try buffer.readKafkaTaggedFields() : []
        } catch let error as KafkaWireError {
            throw error.inMessage("RequestHeader v\(headerVersion)")
        }
    }

    /// The api key, api version and correlation id at the start of a request frame body, without consuming it.
    public static func peek(frame: ByteBuffer) -> (apiKey: APIKey, apiVersion: Int16, correlationID: Int32)? {
        guard let key = frame.getInteger(at: frame.readerIndex, as: Int16.self),
            let version = frame.getInteger(at: frame.readerIndex + 2, as: Int16.self),
            let correlationID = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self)
        else { return nil }
        return (APIKey(rawValue: key), version, correlationID)
    }
}
