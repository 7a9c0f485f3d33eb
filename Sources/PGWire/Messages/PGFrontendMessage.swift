import NIOCore

/// A message from a PostgreSQL client: the untyped packets of the startup phase and the typed messages after it.
///
/// The `p` message (password, SASLInitialResponse, SASLResponse) is kept raw because its meaning depends on the
/// authentication step; `PGServerStateMachine` interprets it.
public enum PGFrontendMessage: Sendable, Equatable {
    case startup(PGStartupMessage)
    case sslRequest
    case gssEncryptionRequest
    case cancelRequest(processID: Int32, secretKey: Int32)

    case query(String)
    case parse(PGParse)
    case bind(PGBind)
    case describe(PGCloseTarget)
    case execute(portal: String, maxRows: Int32)
    case close(PGCloseTarget)
    case sync
    case flush
    case terminate
    case authenticationResponse(ByteBuffer)
    /// A message the server does not implement (COPY, FunctionCall); it is answered with an error.
    case unsupported(type: UInt8)
}

/// The StartupMessage: protocol version and the client's parameters (user, database, application_name, …).
public struct PGStartupMessage: Sendable, Equatable {
    public var protocolMajor: Int16
    public var protocolMinor: Int16
    /// Parameters in the order the client sent them.
    public var parameters: [(name: String, value: String)]

    public init(protocolMajor: Int16 = 3, protocolMinor: Int16 = 0, parameters: [(name: String, value: String)]) {
        self.protocolMajor = protocolMajor
        self.protocolMinor = protocolMinor
        self.parameters = parameters
    }

    public subscript(name: String) -> String? { parameters.first { $0.name == name }?.value }

    public static func == (lhs: PGStartupMessage, rhs: PGStartupMessage) -> Bool {
        lhs.protocolMajor == rhs.protocolMajor && lhs.protocolMinor == rhs.protocolMinor
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }
}

/// Parse: prepare `query` as statement `name` ("" is the unnamed statement).
public struct PGParse: Sendable, Equatable {
    public var name: String
    public var query: String
    /// Declared parameter type OIDs; 0 leaves a parameter's type to the server.
    public var parameterTypes: [Int32]

    public init(name: String, query: String, parameterTypes: [Int32]) {
        self.name = name
        self.query = query
        self.parameterTypes = parameterTypes
    }
}

/// Bind: make portal `portal` from statement `statement` with parameter values and result formats.
public struct PGBind: Sendable, Equatable {
    public var portal: String
    public var statement: String
    public var parameterFormats: [PGFormat]
    /// Raw parameter values; nil is NULL.
    public var parameters: [ByteBuffer?]
    public var resultFormats: [PGFormat]

    public init(
        portal: String, statement: String, parameterFormats: [PGFormat], parameters: [ByteBuffer?],
        resultFormats: [PGFormat]
    ) {
        self.portal = portal
        self.statement = statement
        self.parameterFormats = parameterFormats
        self.parameters = parameters
        self.resultFormats = resultFormats
    }
}

/// The object of a Describe or Close: a prepared statement or a portal, by name.
public enum PGCloseTarget: Sendable, Equatable {
    case statement(String)
    case portal(String)
}
