import NIOCore

/// A message from the server to a PostgreSQL client.
public enum PGBackendMessage: Sendable, Equatable {
    /// The one-byte answer to SSLRequest or GSSENCRequest ('S' or 'N'); it has no frame.
    case sslResponse(accepted: Bool)
    case authentication(PGAuthentication)
    case parameterStatus(name: String, value: String)
    case backendKeyData(processID: Int32, secretKey: Int32)
    case readyForQuery(PGTransactionStatus)
    case negotiateProtocolVersion(newestMinor: Int32, unrecognizedOptions: [String])
    case rowDescription([PGColumnDescription])
    /// One row; each value is already in its column's format, nil is NULL.
    case dataRow([ByteBuffer?])
    case commandComplete(String)
    case emptyQueryResponse
    case error(PGErrorFields)
    case notice(PGErrorFields)
    case parseComplete
    case bindComplete
    case closeComplete
    case noData
    case portalSuspended
    case parameterDescription([Int32])
    /// CopyOutResponse: the overall format (0 text, 1 binary) and one format code per column.
    case copyOutResponse(binary: Bool, columns: Int)
    case copyData(ByteBuffer)
    case copyDone
}

/// The authentication request messages ('R').
public enum PGAuthentication: Sendable, Equatable {
    case ok
    case cleartextPassword
    case sasl(mechanisms: [String])
    case saslContinue(ByteBuffer)
    case saslFinal(ByteBuffer)
}

/// The transaction status reported by ReadyForQuery.
public enum PGTransactionStatus: UInt8, Sendable, Equatable {
    case idle = 73  // 'I'
    case inTransaction = 84  // 'T'
    case failed = 69  // 'E'
}

/// One field of a RowDescription.
public struct PGColumnDescription: Sendable, Equatable {
    public var name: String
    public var tableOID: Int32
    public var columnAttributeNumber: Int16
    public var typeOID: Int32
    public var typeSize: Int16
    public var typeModifier: Int32
    public var format: PGFormat

    public init(
        name: String, tableOID: Int32 = 0, columnAttributeNumber: Int16 = 0, typeOID: Int32, typeSize: Int16,
        typeModifier: Int32 = -1, format: PGFormat = .text
    ) {
        self.name = name
        self.tableOID = tableOID
        self.columnAttributeNumber = columnAttributeNumber
        self.typeOID = typeOID
        self.typeSize = typeSize
        self.typeModifier = typeModifier
        self.format = format
    }
}

extension PGBackendMessage {
    /// Appends the message's wire bytes to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .sslResponse(let accepted):
            buffer.writeInteger(UInt8(ascii: accepted ? "S" : "N"))
        case .authentication(let request):
            buffer.writePGMessage("R") { body in
                switch request {
                case .ok: body.writeInteger(Int32(0))
                case .cleartextPassword: body.writeInteger(Int32(3))
                case .sasl(let mechanisms):
                    body.writeInteger(Int32(10))
                    for mechanism in mechanisms { body.writeNullTerminatedString(mechanism) }
                    body.writeInteger(UInt8(0))
                case .saslContinue(var data):
                    body.writeInteger(Int32(11))
                    body.writeBuffer(&data)
                case .saslFinal(var data):
                    body.writeInteger(Int32(12))
                    body.writeBuffer(&data)
                }
            }
        case .parameterStatus(let name, let value):
            buffer.writePGMessage("S") {
                $0.writeNullTerminatedString(name)
                $0.writeNullTerminatedString(value)
            }
        case .backendKeyData(let processID, let secretKey):
            buffer.writePGMessage("K") {
                $0.writeInteger(processID)
                $0.writeInteger(secretKey)
            }
        case .readyForQuery(let status):
            buffer.writePGMessage("Z") { $0.writeInteger(status.rawValue) }
        case .negotiateProtocolVersion(let newestMinor, let options):
            buffer.writePGMessage("v") { body in
                body.writeInteger(Int32(3 << 16) | newestMinor)
                body.writeInteger(Int32(options.count))
                for option in options { body.writeNullTerminatedString(option) }
            }
        case .rowDescription(let columns):
            buffer.writePGMessage("T") { body in
                body.writeInteger(Int16(columns.count))
                for column in columns {
                    body.writeNullTerminatedString(column.name)
                    body.writeInteger(column.tableOID)
                    body.writeInteger(column.columnAttributeNumber)
                    body.writeInteger(column.typeOID)
                    body.writeInteger(column.typeSize)
                    body.writeInteger(column.typeModifier)
                    body.writeInteger(column.format.rawValue)
                }
            }
        case .dataRow(let values):
            buffer.writePGMessage("D") { body in
                body.writeInteger(Int16(values.count))
                for value in values {
                    if var value {
                        body.writeInteger(Int32(value.readableBytes))
                        body.writeBuffer(&value)
                    } else {
                        body.writeInteger(Int32(-1))
                    }
                }
            }
        case .commandComplete(let tag):
            buffer.writePGMessage("C") { $0.writeNullTerminatedString(tag) }
        case .copyOutResponse(let binary, let columns):
            buffer.writePGMessage("H") { body in
                body.writeInteger(Int8(binary ? 1 : 0))
                body.writeInteger(Int16(columns))
                for _ in 0..<columns { body.writeInteger(Int16(binary ? 1 : 0)) }
            }
        case .copyData(var data):
            buffer.writePGMessage("d") { $0.writeBuffer(&data) }
        case .copyDone:
            buffer.writePGMessage("c") { _ in }
        case .emptyQueryResponse:
            buffer.writePGMessage("I") { _ in }
        case .error(let fields):
            buffer.writePGMessage("E") { fields.encode(into: &$0) }
        case .notice(let fields):
            buffer.writePGMessage("N") { fields.encode(into: &$0) }
        case .parseComplete:
            buffer.writePGMessage("1") { _ in }
        case .bindComplete:
            buffer.writePGMessage("2") { _ in }
        case .closeComplete:
            buffer.writePGMessage("3") { _ in }
        case .noData:
            buffer.writePGMessage("n") { _ in }
        case .portalSuspended:
            buffer.writePGMessage("s") { _ in }
        case .parameterDescription(let types):
            buffer.writePGMessage("t") { body in
                body.writeInteger(Int16(types.count))
                for type in types { body.writeInteger(type) }
            }
        }
    }
}
