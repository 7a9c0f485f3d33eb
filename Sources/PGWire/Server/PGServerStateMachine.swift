import NIOCore

/// The server side of one PostgreSQL connection, without I/O: startup, TLS negotiation, authentication, and the
/// simple and extended query cycles.
///
/// Each event is a `mutating func` returning the `Action` the channel handler performs; statement work (SASL
/// verification, opening the session, running and describing SQL) is handed out as actions, and its outcome comes
/// back through the `…Succeeded`/`…Failed` events. The handler feeds one client message at a time and waits for
/// the outcome before the next, so the machine never queues.
public struct PGServerStateMachine: Sendable {
    /// The connection's fixed settings.
    public struct Configuration: Sendable {
        /// Whether SSLRequest is answered with 'S' (a certificate is configured).
        public var tlsAvailable: Bool
        /// Whether clients must authenticate with SCRAM-SHA-256; otherwise every user is trusted.
        public var requiresSCRAM: Bool
        /// BackendKeyData for CancelRequest.
        public var processID: Int32
        public var secretKey: Int32

        public init(tlsAvailable: Bool, requiresSCRAM: Bool, processID: Int32, secretKey: Int32) {
            self.tlsAvailable = tlsAvailable
            self.requiresSCRAM = requiresSCRAM
            self.processID = processID
            self.secretKey = secretKey
        }
    }

    /// What the channel handler does next.
    public enum Action: Sendable, Equatable {
        /// Nothing to do; read the next message.
        case none
        /// Write `messages`; flush when `flush` is set.
        case send([PGBackendMessage], flush: Bool)
        /// Write 'S' and then start TLS before any further byte is read.
        case startTLS
        /// Write `messages`, flush, close the connection.
        case sendAndClose([PGBackendMessage])
        case close
        /// Cancel the statement running on the connection with this key (if the key matches), then close.
        case cancel(processID: Int32, secretKey: Int32)
        /// Run the first step of SASL for `user` and report `saslChallenge` or `authenticationFailed`.
        case startSASL(user: String, mechanism: String, initialResponse: ByteBuffer?)
        /// Run the next SASL step and report `saslCompleted` or `authenticationFailed`.
        case continueSASL(ByteBuffer)
        /// Write `messages` first, then open the SQL session and report `sessionOpened` or `sessionFailed`.
        case openSession(user: String, startup: PGStartupMessage, send: [PGBackendMessage])
        /// Run a simple-query string: report each statement with `simpleQueryResult`, then `simpleQueryFinished`.
        case runSimpleQuery(String)
        /// Describe a statement being parsed: report `parseSucceeded` or `parseFailed`.
        case describe(sql: String, parameterTypes: [Int32])
        /// Execute a bound portal's statement: report `executeSucceeded` or `executeFailed`.
        case execute(sql: String, parameters: [String?])
        /// Write `messages` and flush; then, once the channel is writable, read up to `maxRows` more rows from
        /// `stream` and report them with `rowsFetched` (or `fetchFailed`).
        case sendAndFetch([PGBackendMessage], stream: PGRowStream, maxRows: Int)
        /// Describe a portal the session opened itself (`DECLARE name CURSOR`, which psycopg describes by name):
        /// report `cursorDescribed` or `cursorDescribeFailed`.
        case describeCursor(String)
    }

    enum State: Sendable {
        case startup(tlsNegotiated: Bool)
        case awaitingSASLInitial(user: String, startup: PGStartupMessage)
        case awaitingSASLResponse(user: String, startup: PGStartupMessage)
        case authenticating(user: String, startup: PGStartupMessage)
        case openingSession
        case ready
        case runningSimpleQuery(hadResult: Bool)
        case parsing(PGParse)
        case executing(portal: String, maxRows: Int32)
        case streaming(RowStreaming)
        case describingCursor
        case skippingUntilSync
        case closed
    }

    struct Statement: Sendable {
        var query: String
        var shape: PGStatementShape
        var isEmpty: Bool
    }

    struct Portal: Sendable {
        var query: String
        var isEmpty: Bool
        var parameters: [String?]
        var columns: [PGColumn]?
        var resultFormats: [PGFormat]
        /// Rows not sent yet, once executed; a suspended portal continues from here. A slice, so resuming with a
        /// row limit (JDBC's fetchSize) costs the rows sent, not a copy of the rest.
        var pending: ArraySlice<[String?]>?
        var commandTag = ""
        /// The rows after `pending`, still in the engine.
        var stream: PGRowStream?
    }

    public static let scramMechanism = "SCRAM-SHA-256"

    let configuration: Configuration
    var state: State = .startup(tlsNegotiated: false)
    var statements: [String: Statement] = [:]
    var portals: [String: Portal] = [:]
    public private(set) var transactionStatus: PGTransactionStatus = .idle
    var reportedParameters: [String: String] = [:]
    var streamError: PGErrorFields?

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Whether the connection is done (closed or about to close).
    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Whether startup and authentication are over (the session is open or the connection is closing).
    public var isPastAuthentication: Bool {
        switch state {
        case .startup, .awaitingSASLInitial, .awaitingSASLResponse, .authenticating, .openingSession: false
        default: true
        }
    }

    // MARK: Messages

    /// A decoded client message arrived.
    public mutating func received(_ message: PGFrontendMessage) -> Action {
        switch (state, message) {
        case (.closed, _):
            return .none
        case (_, .terminate):
            state = .closed
            return .close
        case (.startup, .cancelRequest(let processID, let secretKey)):
            state = .closed
            return .cancel(processID: processID, secretKey: secretKey)
        case (.startup(let tlsNegotiated), .sslRequest):
            if tlsNegotiated { return fatal(PGWireError("SSLRequest after TLS was negotiated")) }
            guard configuration.tlsAvailable else { return .send([.sslResponse(accepted: false)], flush: true) }
            state = .startup(tlsNegotiated: true)
            return .startTLS
        case (.startup, .gssEncryptionRequest):
            return .send([.sslResponse(accepted: false)], flush: true)
        case (.startup, .startup(let startup)):
            return receivedStartup(startup)
        case (.awaitingSASLInitial(let user, let startup), .authenticationResponse(var body)):
            guard let mechanism = body.readNullTerminatedString(), let length = body.readInteger(as: Int32.self)
            else { return fatal(PGWireError("SASLInitialResponse is malformed")) }
            let data = length < 0 ? nil : body.readSlice(length: Int(length))
            guard length < 0 || data != nil, body.readableBytes == 0 else {
                return fatal(PGWireError("SASLInitialResponse length \(length) does not match the message"))
            }
            guard mechanism == Self.scramMechanism else {
                return fatal(
                    PGWireError(
                        "SASL mechanism \(mechanism) is not supported; use \(Self.scramMechanism)", sqlState: "28000"))
            }
            state = .authenticating(user: user, startup: startup)
            return .startSASL(user: user, mechanism: mechanism, initialResponse: data)
        case (.awaitingSASLResponse(let user, let startup), .authenticationResponse(let body)):
            state = .authenticating(user: user, startup: startup)
            return .continueSASL(body)
        case (.ready, .query(let sql)):
            statements[""] = nil
            portals[""] = nil
            state = .runningSimpleQuery(hadResult: false)
            return .runSimpleQuery(sql)
        case (.ready, .parse(let parse)):
            return receivedParse(parse)
        case (.ready, .bind(let bind)):
            return receivedBind(bind)
        case (.ready, .describe(let target)):
            return receivedDescribe(target)
        case (.ready, .execute(let portal, let maxRows)):
            return receivedExecute(portal: portal, maxRows: maxRows)
        case (.ready, .close(let target)):
            switch target {
            case .statement(let name): statements[name] = nil
            case .portal(let name): portals[name] = nil
            }
            return .send([.closeComplete], flush: false)
        case (.ready, .sync), (.skippingUntilSync, .sync):
            state = .ready
            if transactionStatus == .idle { portals = [:] }
            return .send([.readyForQuery(transactionStatus)], flush: true)
        case (.ready, .flush), (.skippingUntilSync, .flush):
            return .send([], flush: true)
        case (.skippingUntilSync, _):
            return .none
        case (.ready, .unsupported(let type)):
            let what = type == UInt8(ascii: "F") ? "the function call protocol" : "COPY"
            return .send(
                [
                    .error(PGErrorFields(sqlState: "0A000", message: "\(what) is not supported by Inlet")),
                    .readyForQuery(transactionStatus),
                ], flush: true)
        default:
            return fatal(PGWireError("unexpected \(message.kind) message in state \(state.name)"))
        }
    }

    /// The client's bytes could not be decoded; the connection ends with a FATAL error.
    public mutating func protocolError(_ error: PGWireError) -> Action {
        fatal(error)
    }

    // MARK: Helpers

    mutating func fatal(_ error: PGWireError) -> Action {
        state = .closed
        return .sendAndClose([.error(PGErrorFields(severity: .fatal, sqlState: error.sqlState, message: error.message))]
        )
    }

    mutating func unexpectedEvent(_ event: String) -> Action {
        fatal(PGWireError("internal error: \(event) in state \(state.name)", sqlState: "XX000"))
    }

    /// Follows BEGIN/COMMIT/ROLLBACK so ReadyForQuery reports the transaction status clients expect.
    mutating func trackTransaction(commandTag: String, keepsTransaction: Bool = false) {
        if keepsTransaction {
            if transactionStatus == .failed { transactionStatus = .inTransaction }
            return
        }
        switch commandTag {
        case "BEGIN", "START TRANSACTION": transactionStatus = .inTransaction
        case "COMMIT", "ROLLBACK": transactionStatus = .idle
        default: break
        }
    }

    mutating func trackTransactionError() {
        if transactionStatus == .inTransaction { transactionStatus = .failed }
    }
}

extension PGServerStateMachine.State {
    var name: String {
        switch self {
        case .startup: "startup"
        case .awaitingSASLInitial, .awaitingSASLResponse, .authenticating: "authentication"
        case .openingSession: "session start"
        case .ready: "ready"
        case .runningSimpleQuery: "simple query"
        case .parsing: "parse"
        case .executing, .streaming: "execute"
        case .describingCursor: "describe"
        case .skippingUntilSync: "error recovery"
        case .closed: "closed"
        }
    }
}

extension PGFrontendMessage {
    var kind: String {
        switch self {
        case .startup: "StartupMessage"
        case .sslRequest: "SSLRequest"
        case .gssEncryptionRequest: "GSSENCRequest"
        case .cancelRequest: "CancelRequest"
        case .query: "Query"
        case .parse: "Parse"
        case .bind: "Bind"
        case .describe: "Describe"
        case .execute: "Execute"
        case .close: "Close"
        case .sync: "Sync"
        case .flush: "Flush"
        case .terminate: "Terminate"
        case .authenticationResponse: "PasswordMessage"
        case .unsupported(let type): PGFrontendMessage.name(of: type)
        }
    }
}
