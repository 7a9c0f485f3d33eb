import NIOCore
import PGWire
import SQL

extension PGConnectionHandler {
    /// Parameters reported at startup unless the session reports its own value.
    static func defaultParameters(user: String, startup: PGStartupMessage) -> [(name: String, value: String)] {
        [
            ("server_version", "14.0 (Inlet)"),
            ("server_encoding", "UTF8"),
            ("client_encoding", "UTF8"),
            ("standard_conforming_strings", "on"),
            ("DateStyle", "ISO, MDY"),
            ("TimeZone", "UTC"),
            ("integer_datetimes", "on"),
            ("IntervalStyle", "postgres"),
            ("application_name", startup["application_name"] ?? ""),
            ("is_superuser", "off"),
            ("session_authorization", user),
        ]
    }

    static func changesParameters(_ commandTag: String) -> Bool {
        commandTag.hasPrefix("SET") || commandTag.hasPrefix("RESET") || commandTag == "DISCARD ALL"
    }

    func openSession(user: String, startup: PGStartupMessage) {
        guard let context else { return }
        working = true
        var parameters: [String: String] = [:]
        for (name, value) in startup.parameters { parameters[name] = value }
        let info = SessionStartup(
            user: user, database: startup["database"] ?? user, parameters: parameters,
            configuration: environment.configuration)
        let factory = environment.sessionFactory
        let defaults = Self.defaultParameters(user: user, startup: startup)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        runningTask = Task(executorPreference: executor) {
            do {
                let session = try await factory.makeSession(info)
                let reported = await session.parameterStatus()
                var merged = defaults
                for (name, value) in reported {
                    if let index = merged.firstIndex(where: { $0.name == name }) {
                        merged[index].value = value
                    } else {
                        merged.append((name, value))
                    }
                }
                let parameters = merged
                eventLoop.execute {
                    let handler = bound.value
                    handler.session = session
                    handler.logger.debug(
                        "session opened",
                        metadata: [
                            "user": "\(info.user)", "database": "\(info.database)",
                            "application": "\(info.parameters["application_name"] ?? "")",
                        ])
                    handler.perform(handler.machine.sessionOpened(parameters: parameters))
                    handler.finishWork()
                }
            } catch {
                let fields = PGErrorFields.from(error)
                eventLoop.execute {
                    let handler = bound.value
                    handler.perform(handler.machine.sessionFailed(fields))
                    handler.finishWork()
                }
            }
        }
    }

    func runSimpleQuery(_ sql: String) {
        guard let context, let session else { return }
        working = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        runningTask = Task(executorPreference: executor) { [bound, session] in
            let error = await PGConnectionHandler.executeSimple(sql, session: session, bound: bound)
            bound.eventLoop.execute {
                let handler = bound.value
                handler.perform(handler.machine.simpleQueryFinished(error: error))
                handler.finishWork()
            }
        }
    }

    /// Runs every statement, handing each result to the state machine on the event loop as it completes.
    private static func executeSimple(
        _ sql: String, session: any SQLSession, bound: NIOLoopBound<PGConnectionHandler>
    ) async -> PGErrorFields? {
        do {
            try await session.executeSimple(sql) { result in
                try await deliver(result, session: session, bound: bound)
            }
            return nil
        } catch {
            return .from(error)
        }
    }

    private static func deliver(
        _ result: StatementResult, session: any SQLSession, bound: NIOLoopBound<PGConnectionHandler>
    ) async throws {
        let parameters = changesParameters(result.commandTag) ? await session.parameterStatus() : nil
        let output = try result.wireOutput()
        // A streamed result finishes when its last rows are sent: the next statement waits for that.
        try await bound.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            let handler = bound.value
            handler.perform(handler.machine.simpleQueryResult(output))
            if let error = handler.machine.takeStreamError() { return bound.eventLoop.makeFailedFuture(error) }
            if let parameters { handler.perform(handler.machine.parametersChanged(parameters)) }
            return handler.streamFinished(on: bound.eventLoop)
        }.get()
    }

    /// Runs `work` against the session in a task, then `completion` back on the event loop.
    func runSessionWork<T: Sendable>(
        _ work: @escaping @Sendable (any SQLSession) async throws -> T,
        completion: @escaping @Sendable (PGConnectionHandler, Result<T, any Error>) -> Void
    ) {
        guard let context else { return }
        guard let session else {
            completion(self, .failure(SQLError.internal("no session")))
            return
        }
        working = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        runningTask = Task(executorPreference: executor) {
            let result: Result<T, any Error>
            do {
                result = .success(try await work(session))
            } catch {
                result = .failure(error)
            }
            eventLoop.execute {
                let handler = bound.value
                completion(handler, result)
                handler.finishWork()
            }
        }
    }

    func finishWork() {
        runningTask = nil
        working = false
        processQueue()
    }
}
