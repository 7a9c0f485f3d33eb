import NIOCore

extension PGFrontendMessage {
    /// Startup packets and messages larger than this are refused, so a bad length cannot make the server buffer
    /// gigabytes.
    public static let maximumStartupLength = 10_000
    public static let maximumMessageLength = 256 * 1024 * 1024
    /// Before authentication completes only password and SASL messages are due, and none needs more than this
    /// (PostgreSQL's `PG_MAX_AUTH_TOKEN_LENGTH`), so an unauthenticated client cannot make the server buffer more.
    public static let maximumAuthenticationMessageLength = 65_535

    static let sslRequestCode: Int32 = 80_877_103
    static let cancelRequestCode: Int32 = 80_877_102
    static let gssEncryptionRequestCode: Int32 = 80_877_104

    /// Reads one startup-phase packet (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest).
    ///
    /// Returns nil and leaves `buffer` untouched when the packet is not complete yet.
    public static func decodeStartupPacket(from buffer: inout ByteBuffer) throws -> PGFrontendMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard length >= 8, length <= maximumStartupLength else {
            throw PGWireError("startup packet length \(length) is out of range (8...\(maximumStartupLength))")
        }
        guard var body = buffer.getSlice(at: buffer.readerIndex + 4, length: Int(length) - 4) else { return nil }
        let code = body.readInteger(as: Int32.self)!
        let message: PGFrontendMessage
        switch code {
        case sslRequestCode:
            message = .sslRequest
        case gssEncryptionRequestCode:
            message = .gssEncryptionRequest
        case cancelRequestCode:
            guard let processID = body.readInteger(as: Int32.self), let key = body.readInteger(as: Int32.self) else {
                throw PGWireError("CancelRequest is shorter than 16 bytes")
            }
            message = .cancelRequest(processID: processID, secretKey: key)
        default:
            var parameters: [(name: String, value: String)] = []
            while true {
                guard let name = body.readNullTerminatedString() else {
                    throw PGWireError("StartupMessage parameter list is not terminated by a zero byte")
                }
                if name.isEmpty { break }
                guard let value = body.readNullTerminatedString() else {
                    throw PGWireError("StartupMessage parameter '\(name)' has no value")
                }
                parameters.append((name, value))
            }
            message = .startup(
                PGStartupMessage(
                    protocolMajor: Int16(truncatingIfNeeded: code >> 16),
                    protocolMinor: Int16(truncatingIfNeeded: code & 0xFFFF), parameters: parameters))
        }
        guard body.readableBytes == 0 else {
            throw PGWireError("startup packet has \(body.readableBytes) bytes after its end")
        }
        buffer.moveReaderIndex(forwardBy: Int(length))
        return message
    }

    /// Reads one typed message (type byte, Int32 length, body).
    ///
    /// Returns nil and leaves `buffer` untouched when the message is not complete yet; the body must be consumed
    /// exactly, otherwise the error names the message. Before authentication (`authenticated` false) a message may
    /// be at most `maximumAuthenticationMessageLength` bytes; the length is checked before the body is awaited.
    public static func decodeMessage(from buffer: inout ByteBuffer, authenticated: Bool = true) throws
        -> PGFrontendMessage?
    {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self)
        else { return nil }
        if !authenticated, length > maximumAuthenticationMessageLength {
            throw PGWireError(
                "\(name(of: type)) message of \(length) bytes before authentication is longer than the "
                    + "\(maximumAuthenticationMessageLength) bytes a password or SASL message needs")
        }
        guard length >= 4, length <= maximumMessageLength else {
            throw PGWireError("message '\(Character(Unicode.Scalar(type)))' has invalid length \(length)")
        }
        guard var body = buffer.getSlice(at: buffer.readerIndex + 5, length: Int(length) - 4) else { return nil }
        let message = try decodeBody(type: type, body: &body)
        guard body.readableBytes == 0 else {
            throw PGWireError("\(name(of: type)) message has \(body.readableBytes) unread bytes at its end")
        }
        buffer.moveReaderIndex(forwardBy: 1 + Int(length))
        return message
    }

    private static func decodeBody(type: UInt8, body: inout ByteBuffer) throws -> PGFrontendMessage {
        let what = name(of: type)
        func string() throws -> String {
            guard let value = body.readNullTerminatedString() else {
                throw PGWireError("\(what) message has a string without its terminating zero byte")
            }
            return value
        }
        func int16() throws -> Int16 {
            guard let value = body.readInteger(as: Int16.self) else { throw PGWireError("\(what) message is short") }
            return value
        }
        func int32() throws -> Int32 {
            guard let value = body.readInteger(as: Int32.self) else { throw PGWireError("\(what) message is short") }
            return value
        }
        func formats() throws -> [PGFormat] {
            let count = try int16()
            guard count >= 0 else { throw PGWireError("\(what) message has a negative format count") }
            return try (0..<count).map { _ in
                let code = try int16()
                guard let format = PGFormat(rawValue: code) else {
                    throw PGWireError("\(what) message has format code \(code); only 0 (text) and 1 (binary) exist")
                }
                return format
            }
        }
        func target() throws -> PGCloseTarget {
            guard let kind = body.readInteger(as: UInt8.self) else { throw PGWireError("\(what) message is short") }
            let name = try string()
            switch kind {
            case UInt8(ascii: "S"): return .statement(name)
            case UInt8(ascii: "P"): return .portal(name)
            default: throw PGWireError("\(what) target must be 'S' or 'P', not byte \(kind)")
            }
        }

        switch type {
        case UInt8(ascii: "Q"):
            return .query(try string())
        case UInt8(ascii: "P"):
            let name = try string()
            let query = try string()
            let count = try int16()
            guard count >= 0 else { throw PGWireError("Parse message has a negative parameter type count") }
            let types = try (0..<count).map { _ in try int32() }
            return .parse(PGParse(name: name, query: query, parameterTypes: types))
        case UInt8(ascii: "B"):
            let portal = try string()
            let statement = try string()
            let parameterFormats = try formats()
            let count = try int16()
            guard count >= 0 else { throw PGWireError("Bind message has a negative parameter count") }
            let values: [ByteBuffer?] = try (0..<count).map { _ in
                let length = try int32()
                if length == -1 { return nil }
                guard length >= 0, let value = body.readSlice(length: Int(length)) else {
                    throw PGWireError("Bind message parameter length \(length) exceeds the message")
                }
                return value
            }
            return .bind(
                PGBind(
                    portal: portal, statement: statement, parameterFormats: parameterFormats, parameters: values,
                    resultFormats: try formats()))
        case UInt8(ascii: "D"):
            return .describe(try target())
        case UInt8(ascii: "E"):
            return .execute(portal: try string(), maxRows: try int32())
        case UInt8(ascii: "C"):
            return .close(try target())
        case UInt8(ascii: "S"):
            return .sync
        case UInt8(ascii: "H"):
            return .flush
        case UInt8(ascii: "X"):
            return .terminate
        case UInt8(ascii: "p"):
            defer { body.moveReaderIndex(to: body.writerIndex) }
            return .authenticationResponse(body)
        case UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            body.moveReaderIndex(to: body.writerIndex)
            return .unsupported(type: type)
        default:
            throw PGWireError("unknown message type \(type) ('\(Character(Unicode.Scalar(type)))')")
        }
    }

    static func name(of type: UInt8) -> String {
        switch type {
        case UInt8(ascii: "Q"): "Query"
        case UInt8(ascii: "P"): "Parse"
        case UInt8(ascii: "B"): "Bind"
        case UInt8(ascii: "D"): "Describe"
        case UInt8(ascii: "E"): "Execute"
        case UInt8(ascii: "C"): "Close"
        case UInt8(ascii: "S"): "Sync"
        case UInt8(ascii: "H"): "Flush"
        case UInt8(ascii: "X"): "Terminate"
        case UInt8(ascii: "p"): "PasswordMessage"
        case UInt8(ascii: "F"): "FunctionCall"
        default: "'\(Character(Unicode.Scalar(type)))'"
        }
    }
}
