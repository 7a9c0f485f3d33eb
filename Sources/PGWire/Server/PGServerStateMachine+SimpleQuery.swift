import NIOCore

extension PGServerStateMachine {
    /// One statement of the running simple query completed.
    public mutating func simpleQueryResult(_ output: PGStatementOutput) -> Action {
        guard case .runningSimpleQuery = state else { return unexpectedEvent("simpleQueryResult") }
        state = .runningSimpleQuery(hadResult: true)
        trackTransaction(commandTag: output.commandTag, keepsTransaction: output.keepsTransaction)
        var messages: [PGBackendMessage] = []
        if let stream = output.stream, let copyOut = output.copyOut {
            return startCopyStream(output, stream: stream, copyOut: copyOut, portal: nil)
        }
        if let copy = output.copy {
            return .send(output.notices.map { .notice($0) } + copy.messages, flush: false)
        }
        if let columns = output.columns {
            messages.append(.rowDescription(columns.map { $0.description(format: .text) }))
            for row in output.rows { messages.append(.dataRow(row.map { $0.map(Self.textBuffer) })) }
            if let stream = output.stream {
                messages += output.notices.map { .notice($0) }
                return startStream(
                    RowStreaming(
                        stream: stream, columns: columns, formats: [], portal: nil, maxRows: 0,
                        sent: output.rows.count), messages: messages)
            }
        }
        messages += output.notices.map { .notice($0) }
        messages.append(.commandComplete(output.commandTag))
        return .send(messages, flush: false)
    }

    /// The simple query ended, after its last statement or at its first error.
    public mutating func simpleQueryFinished(error: PGErrorFields?) -> Action {
        guard case .runningSimpleQuery(let hadResult) = state else { return unexpectedEvent("simpleQueryFinished") }
        state = .ready
        var messages: [PGBackendMessage] = []
        if let error {
            trackTransactionError()
            messages.append(.error(error))
        } else if !hadResult {
            messages.append(.emptyQueryResponse)
        }
        messages.append(.readyForQuery(transactionStatus))
        return .send(messages, flush: true)
    }

    static func textBuffer(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return buffer
    }
}

extension PGColumn {
    func description(format: PGFormat) -> PGColumnDescription {
        PGColumnDescription(name: name, typeOID: typeOID, typeSize: typeSize, format: format)
    }
}
