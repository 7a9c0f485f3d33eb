import NIOCore

extension PGServerStateMachine {
    // MARK: Parse

    mutating func receivedParse(_ parse: PGParse) -> Action {
        if !parse.name.isEmpty, statements[parse.name] != nil {
            return extendedError(
                PGErrorFields(
                    sqlState: "42P05", message: "prepared statement \"\(parse.name)\" already exists",
                    hint: "Close it first, or use another name"))
        }
        if Self.isEmptyQuery(parse.query) {
            statements[parse.name] = Statement(
                query: parse.query, shape: PGStatementShape(parameterTypes: [], columns: nil), isEmpty: true)
            return .send([.parseComplete], flush: false)
        }
        state = .parsing(parse)
        return .describe(sql: parse.query, parameterTypes: parse.parameterTypes)
    }

    /// The statement being parsed was described.
    public mutating func parseSucceeded(_ shape: PGStatementShape) -> Action {
        guard case .parsing(let parse) = state else { return unexpectedEvent("parseSucceeded") }
        state = .ready
        var shape = shape
        // Types the client declared win over what the session inferred.
        for (index, declared) in parse.parameterTypes.enumerated() where declared != 0 {
            if index < shape.parameterTypes.count {
                shape.parameterTypes[index] = declared
            } else {
                shape.parameterTypes.append(declared)
            }
        }
        statements[parse.name] = Statement(query: parse.query, shape: shape, isEmpty: false)
        return .send([.parseComplete], flush: false)
    }

    public mutating func parseFailed(_ error: PGErrorFields) -> Action {
        guard case .parsing = state else { return unexpectedEvent("parseFailed") }
        return extendedError(error)
    }

    // MARK: Bind

    mutating func receivedBind(_ bind: PGBind) -> Action {
        guard let statement = statements[bind.statement] else {
            return extendedError(Self.missingStatement(bind.statement))
        }
        if !bind.portal.isEmpty, portals[bind.portal] != nil {
            return extendedError(PGErrorFields(sqlState: "42P03", message: "portal \"\(bind.portal)\" already exists"))
        }
        let expected = statement.shape.parameterTypes.count
        guard bind.parameters.count == expected else {
            return extendedError(
                PGErrorFields(
                    sqlState: "08P01",
                    message: "bind message supplies \(bind.parameters.count) parameters, "
                        + "but prepared statement \"\(bind.statement)\" requires \(expected)"))
        }
        do {
            let parameterFormats = try PGFormat.expand(
                bind.parameterFormats, count: bind.parameters.count, what: "parameter")
            var parameters: [String?] = []
            for (index, value) in bind.parameters.enumerated() {
                guard let value else {
                    parameters.append(nil)
                    continue
                }
                let type = statement.shape.parameterTypes[index]
                if parameterFormats[index] == .text {
                    parameters.append(try PGValueCodec.utf8(value, type))
                } else if type == 0 || type == PGTypeOID.unknown {
                    throw PGErrorFields(
                        sqlState: "42P18", message: "could not determine the type of binary parameter $\(index + 1)",
                        hint: "declare the parameter's type in Parse, or send it in text format")
                } else {
                    parameters.append(try PGValueCodec.text(fromBinary: value, type: type))
                }
            }
            let columns = statement.shape.columns ?? []
            let resultFormats = try PGFormat.expand(bind.resultFormats, count: columns.count, what: "result")
            for (column, format) in zip(columns, resultFormats)
            where format == .binary && !PGValueCodec.supportsBinary(type: column.typeOID) {
                throw PGErrorFields(
                    sqlState: "0A000",
                    message:
                        "binary format is not supported for column \"\(column.name)\" (type OID \(column.typeOID))",
                    hint: "request this column in text format")
            }
            portals[bind.portal] = Portal(
                query: statement.query, isEmpty: statement.isEmpty, parameters: parameters,
                columns: statement.shape.columns, resultFormats: resultFormats)
            return .send([.bindComplete], flush: false)
        } catch let error as PGErrorFields {
            return extendedError(error)
        } catch let error as PGWireError {
            return extendedError(PGErrorFields(sqlState: error.sqlState, message: error.message))
        } catch {
            return extendedError(PGErrorFields(sqlState: "XX000", message: "\(error)"))
        }
    }

    // MARK: Describe

    mutating func receivedDescribe(_ target: PGCloseTarget) -> Action {
        switch target {
        case .statement(let name):
            guard let statement = statements[name] else { return extendedError(Self.missingStatement(name)) }
            let rows: PGBackendMessage =
                statement.shape.columns.map { .rowDescription($0.map { $0.description(format: .text) }) } ?? .noData
            return .send([.parameterDescription(statement.shape.parameterTypes), rows], flush: false)
        case .portal(let name):
            guard let portal = portals[name] else {
                if name.isEmpty { return extendedError(Self.missingPortal(name)) }
                state = .describingCursor
                return .describeCursor(name)
            }
            guard let columns = portal.columns else { return .send([.noData], flush: false) }
            let fields = zip(columns, portal.resultFormats).map { $0.description(format: $1) }
            return .send([.rowDescription(fields)], flush: false)
        }
    }

    /// The session described a cursor it declared: its columns, in text (FETCH returns text).
    public mutating func cursorDescribed(_ columns: [PGColumn]) -> Action {
        guard case .describingCursor = state else { return unexpectedEvent("cursorDescribed") }
        state = .ready
        return .send([.rowDescription(columns.map { $0.description(format: .text) })], flush: false)
    }

    public mutating func cursorDescribeFailed(_ error: PGErrorFields) -> Action {
        guard case .describingCursor = state else { return unexpectedEvent("cursorDescribeFailed") }
        return extendedError(error)
    }

    // MARK: Execute

    mutating func receivedExecute(portal name: String, maxRows: Int32) -> Action {
        guard let portal = portals[name] else { return extendedError(Self.missingPortal(name)) }
        if portal.isEmpty { return .send([.emptyQueryResponse], flush: false) }
        if portal.pending != nil { return sendRows(portal: name, maxRows: maxRows) }
        state = .executing(portal: name, maxRows: maxRows)
        return .execute(sql: portal.query, parameters: portal.parameters)
    }

    /// The portal's statement ran.
    public mutating func executeSucceeded(_ output: PGStatementOutput) -> Action {
        guard case .executing(let name, let maxRows) = state, var portal = portals[name] else {
            return unexpectedEvent("executeSucceeded")
        }
        state = .ready
        trackTransaction(commandTag: output.commandTag, keepsTransaction: output.keepsTransaction)
        if let stream = output.stream, let copyOut = output.copyOut {
            // COPY … TO STDOUT through Execute: all of it, whatever the row limit, read as the client takes it.
            portals[name] = portal
            return startCopyStream(output, stream: stream, copyOut: copyOut, portal: name)
        }
        if let copy = output.copy {
            // COPY … TO STDOUT through Execute: the whole copy at once, whatever the row limit.
            return .send(output.notices.map { .notice($0) } + copy.messages, flush: false)
        }
        if let columns = output.columns, portal.resultFormats.count != columns.count {
            // The statement returned other columns than Describe promised; keep one format per column sent.
            portal.resultFormats = Array(repeating: portal.resultFormats.first ?? .text, count: columns.count)
        }
        portal.columns = output.columns ?? portal.columns
        portal.pending = output.columns == nil ? [] : output.rows[...]
        portal.commandTag = output.commandTag
        portal.stream = output.columns == nil ? nil : output.stream
        portals[name] = portal
        let action = sendRows(portal: name, maxRows: maxRows)
        let notices = output.notices.map { PGBackendMessage.notice($0) }
        switch action {
        case .send(let messages, let flush) where !notices.isEmpty:
            return .send(notices + messages, flush: flush)
        case .sendAndFetch(let messages, let stream, let maxRows) where !notices.isEmpty:
            // A streamed result (SUBSCRIBE's notice): the notices go before its first rows.
            return .sendAndFetch(notices + messages, stream: stream, maxRows: maxRows)
        default:
            return action
        }
    }

    public mutating func executeFailed(_ error: PGErrorFields) -> Action {
        guard case .executing = state else { return unexpectedEvent("executeFailed") }
        trackTransactionError()
        return extendedError(error)
    }

    mutating func sendRows(portal name: String, maxRows: Int32) -> Action {
        guard portals[name]?.pending != nil else { return unexpectedEvent("sendRows") }
        // Taken out of the table while it is changed, so the rows are not copied on write.
        var portal = portals.removeValue(forKey: name)!
        let pending = portal.pending ?? []
        let count = maxRows > 0 ? min(Int(maxRows), pending.count) : pending.count
        var messages: [PGBackendMessage] = []
        do throws(PGErrorFields) {
            try Self.appendDataRows(
                pending.prefix(count), columns: portal.columns ?? [], formats: portal.resultFormats, to: &messages)
        } catch {
            portals[name] = portal
            return extendedError(error)
        }
        portal.pending = pending.dropFirst(count)
        if maxRows > 0, count == Int(maxRows), !(portal.pending ?? []).isEmpty || portal.stream != nil {
            messages.append(.portalSuspended)
        } else if let stream = portal.stream {
            // The rows in hand are sent; the rest come from the engine as the client takes them.
            portals[name] = portal
            return startStream(
                RowStreaming(
                    stream: stream, columns: portal.columns ?? [], formats: portal.resultFormats, portal: name,
                    maxRows: Int(maxRows), sent: count), messages: messages)
        } else {
            let tag = portal.commandTag
            messages.append(.commandComplete(tag.hasPrefix("SELECT ") && maxRows > 0 ? "SELECT \(count)" : tag))
        }
        portals[name] = portal
        return .send(messages, flush: false)
    }

    // MARK: Errors

    /// An error in the extended protocol: send it and discard messages until Sync.
    mutating func extendedError(_ error: PGErrorFields) -> Action {
        state = .skippingUntilSync
        return .send([.error(error)], flush: true)
    }

    static func missingStatement(_ name: String) -> PGErrorFields {
        PGErrorFields(
            sqlState: "26000",
            message: name.isEmpty
                ? "unnamed prepared statement does not exist" : "prepared statement \"\(name)\" does not exist")
    }

    static func missingPortal(_ name: String) -> PGErrorFields {
        PGErrorFields(
            sqlState: "34000",
            message: name.isEmpty ? "unnamed portal does not exist" : "portal \"\(name)\" does not exist")
    }

    /// A query with nothing but whitespace and semicolons, answered with EmptyQueryResponse.
    static func isEmptyQuery(_ sql: String) -> Bool {
        sql.allSatisfy { $0.isWhitespace || $0 == ";" }
    }
}
