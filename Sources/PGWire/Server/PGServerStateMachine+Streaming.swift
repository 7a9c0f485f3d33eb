import NIOCore

extension PGServerStateMachine {
    /// How many rows one fetch reads: enough that a batch fills the socket's buffer, few enough that a batch is
    /// small next to it (the handler asks for the next one only when the channel is writable).
    public static let rowsPerFetch = 2048

    /// A result being sent from its stream: a simple query's statement or a portal's Execute.
    struct RowStreaming: Sendable {
        var stream: PGRowStream
        var columns: [PGColumn]
        /// Per column; empty or short means text.
        var formats: [PGFormat]
        /// The portal, or nil for a simple query.
        var portal: String?
        /// The Execute's row limit (0: none).
        var maxRows: Int
        /// Rows sent by this Execute (or statement) so far.
        var sent: Int
        /// Set for `COPY … TO STDOUT`.
        var copyOut: PGCopyOut?
        /// The rows the fetch in flight asked for; fewer back means the end.
        var requested = 0

        init(
            stream: PGRowStream, columns: [PGColumn], formats: [PGFormat], portal: String?, maxRows: Int, sent: Int,
            copyOut: PGCopyOut? = nil
        ) {
            self.stream = stream
            self.columns = columns
            self.formats = formats
            self.portal = portal
            self.maxRows = maxRows
            self.sent = sent
            self.copyOut = copyOut
        }
    }

    /// The error that ended a simple query's stream, taken once by the handler, which fails the statement with it
    /// (reported by `simpleQueryFinished`).
    public mutating func takeStreamError() -> PGErrorFields? {
        defer { streamError = nil }
        return streamError
    }

    /// Whether a result is being sent from its stream: client messages wait until it ends.
    public var isStreaming: Bool {
        if case .streaming = state { return true }
        return false
    }

    mutating func startStream(_ streaming: RowStreaming, messages: [PGBackendMessage]) -> Action {
        var streaming = streaming
        let limit = streaming.maxRows > 0 ? streaming.maxRows - streaming.sent : Int.max
        streaming.requested = min(Self.rowsPerFetch, limit)
        state = .streaming(streaming)
        return .sendAndFetch(messages, stream: streaming.stream, maxRows: streaming.requested)
    }

    /// `COPY … TO STDOUT` with a stream: CopyOutResponse and the first rows, then the rest as they are read.
    mutating func startCopyStream(
        _ output: PGStatementOutput, stream: PGRowStream, copyOut: PGCopyOut, portal: String?
    ) -> Action {
        let columns = output.columns ?? []
        var messages: [PGBackendMessage] = output.notices.map { .notice($0) }
        do throws(PGErrorFields) {
            let chunks = try copyOut.encodeChunks(columns: columns, rows: output.rows, first: true, last: false)
            messages.append(.copyOutResponse(binary: copyOut.format == .binary, columns: columns.count))
            messages += chunks.map(PGBackendMessage.copyData)
        } catch {
            return streamFailed(error, portal: portal)
        }
        return startStream(
            RowStreaming(
                stream: stream, columns: columns, formats: [], portal: portal, maxRows: 0, sent: output.rows.count,
                copyOut: copyOut), messages: messages)
    }

    /// The rows the last `sendAndFetch` asked for arrived.
    public mutating func rowsFetched(_ rows: [[String?]]) -> Action {
        guard case .streaming(var streaming) = state else { return unexpectedEvent("rowsFetched") }
        let exhausted = streaming.stream.source.isContinual ? rows.isEmpty : rows.count < streaming.requested
        var messages: [PGBackendMessage] = []
        messages.reserveCapacity(rows.count + 3)
        do throws(PGErrorFields) {
            if let copyOut = streaming.copyOut {
                let chunks = try copyOut.encodeChunks(
                    columns: streaming.columns, rows: rows, first: false, last: exhausted)
                messages += chunks.map(PGBackendMessage.copyData)
            } else {
                try Self.appendDataRows(
                    rows[...], columns: streaming.columns, formats: streaming.formats, to: &messages)
            }
        } catch {
            return streamFailed(error, portal: streaming.portal)
        }
        streaming.sent += rows.count
        if exhausted {
            if streaming.copyOut != nil {
                messages += [.copyDone, .commandComplete("COPY \(streaming.sent)")]
            } else {
                messages.append(.commandComplete("SELECT \(streaming.sent)"))
            }
            endStream(streaming, keepStream: false)
            return .send(messages, flush: true)
        }
        if streaming.maxRows > 0, streaming.sent >= streaming.maxRows {
            messages.append(.portalSuspended)
            endStream(streaming, keepStream: true)
            return .send(messages, flush: true)
        }
        return startStream(streaming, messages: messages)
    }

    /// Reading the rows failed (an engine error, cancel, `statement_timeout`). For a simple query the handler
    /// reports the error through `simpleQueryFinished`; for a portal it is sent here.
    public mutating func fetchFailed(_ error: PGErrorFields) -> Action {
        guard case .streaming(let streaming) = state else { return unexpectedEvent("fetchFailed") }
        return streamFailed(error, portal: streaming.portal)
    }

    private mutating func streamFailed(_ error: PGErrorFields, portal: String?) -> Action {
        guard let portal else {
            state = .runningSimpleQuery(hadResult: true)
            streamError = error
            return .none
        }
        portals[portal]?.stream = nil
        portals[portal]?.pending = []
        trackTransactionError()
        return extendedError(error)
    }

    /// Back to where the stream started: the simple query's next statement, or ready for the next message.
    private mutating func endStream(_ streaming: RowStreaming, keepStream: Bool) {
        guard let portal = streaming.portal else {
            state = .runningSimpleQuery(hadResult: true)
            return
        }
        if !keepStream {
            portals[portal]?.stream = nil
            portals[portal]?.pending = []
            portals[portal]?.commandTag = streaming.copyOut == nil ? "SELECT 0" : "COPY 0"
        }
        state = .ready
    }

    /// DataRow messages for `rows`, each value in its column's format.
    static func appendDataRows(
        _ rows: ArraySlice<[String?]>, columns: [PGColumn], formats: [PGFormat], to messages: inout [PGBackendMessage]
    ) throws(PGErrorFields) {
        for row in rows {
            var values: [ByteBuffer?] = []
            values.reserveCapacity(row.count)
            for (index, value) in row.enumerated() {
                guard let value else {
                    values.append(nil)
                    continue
                }
                let format = index < formats.count ? formats[index] : .text
                if format == .binary, index < columns.count {
                    do {
                        values.append(try PGValueCodec.binary(fromText: value, type: columns[index].typeOID))
                    } catch let error as PGErrorFields {
                        throw error
                    } catch {
                        throw PGErrorFields(sqlState: "XX000", message: "\(error)")
                    }
                } else {
                    values.append(textBuffer(value))
                }
            }
            messages.append(.dataRow(values))
        }
    }
}
