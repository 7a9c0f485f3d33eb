import NIOCore

extension PGFrontendMessage {
    /// Writes the message as a client would send it; the server never sends these, tests and tools do.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .startup(let startup):
            Self.writeStartupPacket(into: &buffer) { body in
                body.writeInteger(Int32(startup.protocolMajor) << 16 | Int32(startup.protocolMinor))
                for (name, value) in startup.parameters {
                    body.writeNullTerminatedString(name)
                    body.writeNullTerminatedString(value)
                }
                body.writeInteger(UInt8(0))
            }
        case .sslRequest:
            Self.writeStartupPacket(into: &buffer) { $0.writeInteger(Self.sslRequestCode) }
        case .gssEncryptionRequest:
            Self.writeStartupPacket(into: &buffer) { $0.writeInteger(Self.gssEncryptionRequestCode) }
        case .cancelRequest(let processID, let secretKey):
            Self.writeStartupPacket(into: &buffer) {
                $0.writeInteger(Self.cancelRequestCode)
                $0.writeInteger(processID)
                $0.writeInteger(secretKey)
            }
        case .query(let sql):
            buffer.writePGMessage("Q") { $0.writeNullTerminatedString(sql) }
        case .parse(let parse):
            buffer.writePGMessage("P") { body in
                body.writeNullTerminatedString(parse.name)
                body.writeNullTerminatedString(parse.query)
                body.writeInteger(Int16(parse.parameterTypes.count))
                for type in parse.parameterTypes { body.writeInteger(type) }
            }
        case .bind(let bind):
            buffer.writePGMessage("B") { body in
                body.writeNullTerminatedString(bind.portal)
                body.writeNullTerminatedString(bind.statement)
                body.writeInteger(Int16(bind.parameterFormats.count))
                for format in bind.parameterFormats { body.writeInteger(format.rawValue) }
                body.writeInteger(Int16(bind.parameters.count))
                for value in bind.parameters {
                    if var value {
                        body.writeInteger(Int32(value.readableBytes))
                        body.writeBuffer(&value)
                    } else {
                        body.writeInteger(Int32(-1))
                    }
                }
                body.writeInteger(Int16(bind.resultFormats.count))
                for format in bind.resultFormats { body.writeInteger(format.rawValue) }
            }
        case .describe(let target):
            buffer.writePGMessage("D") { $0.writeTarget(target) }
        case .execute(let portal, let maxRows):
            buffer.writePGMessage("E") {
                $0.writeNullTerminatedString(portal)
                $0.writeInteger(maxRows)
            }
        case .close(let target):
            buffer.writePGMessage("C") { $0.writeTarget(target) }
        case .sync:
            buffer.writePGMessage("S") { _ in }
        case .flush:
            buffer.writePGMessage("H") { _ in }
        case .terminate:
            buffer.writePGMessage("X") { _ in }
        case .authenticationResponse(var data):
            buffer.writePGMessage("p") { $0.writeBuffer(&data) }
        case .unsupported(let type):
            buffer.writeInteger(type)
            buffer.writeInteger(Int32(4))
        }
    }

    private static func writeStartupPacket(into buffer: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
        let start = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        body(&buffer)
        buffer.setInteger(Int32(buffer.writerIndex - start), at: start)
    }
}

extension ByteBuffer {
    /// Writes a typed message: the type byte, a length placeholder, the body, then the real length.
    mutating func writePGMessage(_ type: Unicode.Scalar, _ body: (inout ByteBuffer) -> Void) {
        writeInteger(UInt8(ascii: type))
        let lengthIndex = writerIndex
        writeInteger(Int32(0))
        body(&self)
        setInteger(Int32(writerIndex - lengthIndex), at: lengthIndex)
    }

    fileprivate mutating func writeTarget(_ target: PGCloseTarget) {
        switch target {
        case .statement(let name):
            writeInteger(UInt8(ascii: "S"))
            writeNullTerminatedString(name)
        case .portal(let name):
            writeInteger(UInt8(ascii: "P"))
            writeNullTerminatedString(name)
        }
    }
}
