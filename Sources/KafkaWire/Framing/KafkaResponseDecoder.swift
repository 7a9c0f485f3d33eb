import NIOCore

/// Decodes response frames (as yielded by `KafkaFrameDecoder`) into typed responses.
public enum KafkaResponseDecoder {
    /// The correlation id at the start of a response frame, without consuming anything.
    public static func peekCorrelationID(_ frame: ByteBuffer) -> Int32? {
        frame.getInteger(at: frame.readerIndex, as: Int32.self)
    }

    /// Reads the response header (correlation id, and tagged fields in header v1) and the body of `Request`'s
    /// response in `version`, demanding that the body is consumed exactly.
    ///
    /// Errors name the message (`MetadataResponse v12`) and the field.
    public static func decode<Request: KafkaRequest>(
        _: Request.Type, version: Int16, frame: ByteBuffer
    ) throws -> Request.Response {
        try decodeWithCorrelationID(Request.self, version: version, frame: frame).response
    }

    /// Like `decode`, and also returns the correlation id from the header.
    public static func decodeWithCorrelationID<Request: KafkaRequest>(
        _: Request.Type, version: Int16, frame: ByteBuffer
    ) throws -> (correlationID: Int32, response: Request.Response) {
        let name = Request.responseName(version: version)
        var buffer = frame
        do {
            try Request.checkVersion(version)
            let correlationID = try buffer.readKafkaInt32("CorrelationId")
            if Request.responseHeaderVersion(for: version) >= 1 {
                try buffer.readKafkaTaggedFields("ResponseHeader.TaggedFields")
            }
            let response = try Request.Response(from: &buffer, version: version)
            guard buffer.readableBytes == 0 else {
                throw KafkaWireError(
                    kind: .leftoverBytes,
                    message: "\(buffer.readableBytes) bytes remain after the complete message; the broker and "
                        + "Inlet disagree about the format of this version")
            }
            return (correlationID, response)
        } catch let error as KafkaWireError {
            throw error.inMessage(name)
        }
    }
}

/// Top-level helper: decodes one response frame of `Request`'s response type. See `KafkaResponseDecoder.decode`.
public func decodeResponse<Request: KafkaRequest>(
    _ type: Request.Type, version: Int16, frame: ByteBuffer
) throws -> Request.Response {
    try KafkaResponseDecoder.decode(type, version: version, frame: frame)
}

/// Writes complete response frames; used by tests and by servers or proxies built on KafkaWire.
public enum KafkaResponseEncoder {
    public static func encode<Request: KafkaRequest>(
        _ response: Request.Response, for _: Request.Type, version: Int16, correlationID: Int32,
        into buffer: inout ByteBuffer
    ) throws where Request.Response: KafkaWritableResponse {
        try Request.checkVersion(version)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(correlationID)
        if Request.responseHeaderVersion(for: version) >= 1 { buffer.writeEmptyKafkaTaggedFields() }
        do {
            try response.write(into: &buffer, version: version)
        } catch let error as KafkaWireError {
            buffer.moveWriterIndex(to: lengthIndex)
            throw error.inMessage(Request.responseName(version: version))
        }
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
    }

    public static func encode<Request: KafkaRequest>(
        _ response: Request.Response, for type: Request.Type, version: Int16, correlationID: Int32
    ) throws -> ByteBuffer where Request.Response: KafkaWritableResponse {
        var buffer = ByteBuffer()
        try encode(response, for: type, version: version, correlationID: correlationID, into: &buffer)
        return buffer
    }
}
