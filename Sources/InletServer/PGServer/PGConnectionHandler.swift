import Logging
import NIOCore
import NIOSSL
import PGWire
import SQL

/// The thin channel handler behind each client connection: feeds decoded messages to `PGServerStateMachine` one at
/// a time and performs its actions, running session work in tasks and hopping back to the event loop.
///
/// While a statement runs, further messages wait in a queue and no more bytes are read, so a pipelining client
/// cannot make the server buffer without bound.
final class PGConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = PGFrontendMessage
    typealias OutboundIn = Never
    typealias OutboundOut = PGBackendMessage

    let environment: PGConnectionEnvironment
    var machine: PGServerStateMachine
    var logger: Logger
    var context: ChannelHandlerContext?
    var session: (any SQLSession)?
    private var scram: (user: String, exchange: SCRAMServerExchange)?
    private var queue = CircularBuffer<PGFrontendMessage>()
    /// Session work (a task) is running.
    var working = false
    /// A result is being streamed to the client.
    var streaming: ActiveStream?
    /// Client messages wait while session work runs or a result streams.
    var busy: Bool { working || streaming != nil }
    private var readPending = false
    var runningTask: Task<Void, Never>?
    /// Session work runs on this connection's event loop (set once the handler is added).
    var executor: EventLoopTaskExecutor?
    private var processID: Int32 = 0
    /// Opened with AuthenticationOk, so the decoder stops capping messages at authentication size.
    private let gate: PGAuthenticationGate

    init(environment: PGConnectionEnvironment, processID: Int32, secretKey: Int32, gate: PGAuthenticationGate) {
        self.environment = environment
        self.gate = gate
        self.processID = processID
        self.logger = environment.logger
        self.logger[metadataKey: "pg.pid"] = "\(processID)"
        self.machine = PGServerStateMachine(
            configuration: .init(
                tlsAvailable: environment.tlsContext != nil, requiresSCRAM: environment.authenticator.requiresSCRAM,
                processID: processID, secretKey: secretKey))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        executor = EventLoopTaskExecutor(context.eventLoop)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let timeout = environment.configuration.authenticationTimeout
        context.eventLoop.scheduleTask(
            in: .nanoseconds(
                Int64(timeout.components.seconds) * 1_000_000_000
                    + timeout.components.attoseconds / 1_000_000_000)
        ) {
            let handler = bound.value
            // The session factory itself may be slow; only a client that has not finished startup is cut off.
            guard !handler.machine.isPastAuthentication, !handler.busy else { return }
            handler.perform(handler.machine.authenticationTimedOut())
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        runningTask?.cancel()
        abandonStream()
        environment.cancelRegistry.unregister(processID: processID)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        queue.append(unwrapInboundIn(data))
        processQueue()
    }

    func read(context: ChannelHandlerContext) {
        if busy {
            readPending = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? PGWireError {
            perform(machine.protocolError(error))
        } else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    /// Cancels the running statement (CancelRequest from another connection); best effort.
    func cancelRunningStatement() {
        runningTask?.cancel()
        cancelStream()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { fetchIfReady() }
        context.fireChannelWritabilityChanged()
    }

    func processQueue() {
        while !busy, !machine.isClosed, let message = queue.popFirst() {
            perform(machine.received(message))
        }
        if !busy, readPending, let context {
            readPending = false
            context.read()
        }
    }

    func perform(_ action: PGServerStateMachine.Action) {
        guard let context else { return }
        switch action {
        case .none:
            break
        case .send(let messages, let flush):
            write(messages, flush: flush)
        case .startTLS:
            startTLS(context: context)
        case .sendAndClose(let messages):
            write(messages, flush: true)
            context.close(promise: nil)
        case .close:
            context.close(promise: nil)
        case .cancel(let processID, let secretKey):
            let cancelled = environment.cancelRegistry.cancel(processID: processID, secretKey: secretKey)
            logger.debug("cancel request", metadata: ["target": "\(processID)", "matched": "\(cancelled)"])
            context.close(promise: nil)
        case .startSASL(let user, _, let initialResponse):
            var exchange = environment.authenticator.startExchange(user: user)
            do {
                let serverFirst = try exchange.receiveClientFirst(
                    initialResponse.map { Array($0.readableBytesView) } ?? [])
                scram = (user, exchange)
                perform(machine.saslChallenge(ByteBuffer(bytes: serverFirst)))
            } catch {
                authenticationFailed(user: user, error: error)
            }
        case .continueSASL(let clientFinal):
            guard let (user, exchange) = scram else {
                return perform(machine.authenticationFailed("SASL exchange was not started"))
            }
            scram = nil
            do {
                let serverFinal = try exchange.receiveClientFinal(Array(clientFinal.readableBytesView))
                perform(machine.saslCompleted(ByteBuffer(bytes: serverFinal)))
            } catch {
                authenticationFailed(user: user, error: error)
            }
        case .openSession(let user, let startup, let messages):
            // `messages` starts with AuthenticationOk: from here on the client may send messages of any size.
            gate.open()
            write(messages, flush: false)
            openSession(user: user, startup: startup)
        case .runSimpleQuery(let sql):
            logStatement("query", sql)
            runSimpleQuery(sql)
        case .describe(let sql, let parameterTypes):
            logStatement("parse", sql)
            runSessionWork { session in
                try await session.describe(sql, parameterTypes: parameterTypes).pgShape
            } completion: { handler, result in
                switch result {
                case .success(let shape): handler.perform(handler.machine.parseSucceeded(shape))
                case .failure(let error): handler.perform(handler.machine.parseFailed(.from(error)))
                }
            }
        case .describeCursor(let name):
            runSessionWork { session in
                try await session.describeCursor(name).map(\.pgColumn)
            } completion: { handler, result in
                switch result {
                case .success(let columns): handler.perform(handler.machine.cursorDescribed(columns))
                case .failure(let error): handler.perform(handler.machine.cursorDescribeFailed(.from(error)))
                }
            }
        case .sendAndFetch(let messages, let stream, let maxRows):
            write(messages, flush: true)
            requestRows(stream, maxRows: maxRows)
        case .execute(let sql, let parameters):
            runSessionWork { session in
                let result = try await session.execute(sql, parameters: parameters)
                let parameters = Self.changesParameters(result.commandTag) ? await session.parameterStatus() : nil
                return (try result.wireOutput(), parameters)
            } completion: { handler, result in
                switch result {
                case .success(let (output, parameters)):
                    handler.perform(handler.machine.executeSucceeded(output))
                    if let parameters { handler.perform(handler.machine.parametersChanged(parameters)) }
                case .failure(let error):
                    handler.perform(handler.machine.executeFailed(.from(error)))
                }
            }
        }
    }

    /// Statements are logged at debug level with their literals removed, so secrets never reach the log.
    private func logStatement(_ kind: String, _ sql: String) {
        guard logger.logLevel <= .debug else { return }
        logger.debug("\(kind)", metadata: ["sql": "\(SQLText.redacted(sql))"])
    }

    func write(_ messages: [PGBackendMessage], flush: Bool) {
        guard let context else { return }
        for message in messages { context.write(wrapOutboundOut(message), promise: nil) }
        if flush { context.flush() }
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext = environment.tlsContext else { return }
        // 'S' goes out in clear; the TLS handler goes in front before the client's ClientHello can be read.
        context.writeAndFlush(wrapOutboundOut(.sslResponse(accepted: true)), promise: nil)
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
        } catch {
            logger.warning("could not start TLS", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    private func authenticationFailed(user: String, error: any Error) {
        let reason = (error as? SCRAMServerExchange.Failure)?.reason ?? "\(error)"
        logger.info("authentication failed", metadata: ["user": "\(user)", "reason": "\(reason)"])
        let message =
            reason.contains("channel binding") ? reason : "password authentication failed for user \"\(user)\""
        perform(machine.authenticationFailed(message))
    }
}
