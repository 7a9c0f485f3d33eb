import Logging
import NIOSSL
import PGWire
import SQL

/// What every client connection shares: configuration, session factory, authentication, TLS and cancel table.
struct PGConnectionEnvironment: Sendable {
    var configuration: ServerConfiguration
    var sessionFactory: any SQLSessionFactory
    var authenticator: PGAuthenticator
    var tlsContext: NIOSSLContext?
    var cancelRegistry: PGCancelRegistry
    var logger: Logger
}

extension SQLError {
    var pgFields: PGErrorFields {
        PGErrorFields(sqlState: sqlState, message: message, detail: detail, hint: hint, position: position)
    }
}

extension StatementNotice {
    var pgFields: PGErrorFields {
        PGErrorFields(
            severity: severity == .warning ? .warning : .notice, sqlState: sqlState, message: message, hint: hint)
    }
}

extension StatementResult {
    var pgOutput: PGStatementOutput {
        var output = PGStatementOutput(
            columns: columns?.map(\.pgColumn), rows: rows, commandTag: commandTag, notices: notices.map(\.pgFields))
        output.keepsTransaction = keepsTransaction
        output.stream = cursor.map { PGRowStream(SQLRowSource($0)) }
        return output
    }

    /// What goes on the wire: for `COPY … TO STDOUT` the rows encoded in the copy's format (off the event loop,
    /// where this is called), else `pgOutput`.
    func wireOutput() throws(PGErrorFields) -> PGStatementOutput {
        guard let copy else { return pgOutput }
        let columns = columns?.map(\.pgColumn) ?? []
        let forceQuote = columns.map { copy.forceQuoteAll || copy.forceQuote.contains($0.name) }
        let format: PGCopyOut.Format =
            switch copy.format {
            case .text: .text
            case .csv: .csv
            case .binary: .binary
            }
        let out = PGCopyOut(
            format: format, header: copy.header, delimiter: copy.delimiter.asciiValue ?? 9, null: copy.null,
            quote: copy.quote.asciiValue ?? 34, escape: copy.escape.asciiValue ?? 34, forceQuote: forceQuote)
        if let cursor {
            // The rows are encoded as they are read, batch by batch.
            var output = PGStatementOutput(
                columns: columns, rows: rows, commandTag: commandTag, notices: notices.map(\.pgFields))
            output.stream = PGRowStream(SQLRowSource(cursor))
            output.copyOut = out
            return output
        }
        return PGStatementOutput(
            columns: columns, commandTag: commandTag, notices: notices.map(\.pgFields),
            copy: try out.encode(columns: columns, rows: rows))
    }
}

extension StatementDescription {
    var pgShape: PGStatementShape {
        PGStatementShape(parameterTypes: parameterTypes.map(\.oid), columns: columns?.map(\.pgColumn))
    }
}

extension ResultColumn {
    var pgColumn: PGColumn { PGColumn(name: name, typeOID: type.oid, typeSize: type.size) }
}

extension PGErrorFields {
    /// The fields for any error a session or the server throws; only `SQLError`s carry their own SQLSTATE.
    static func from(_ error: any Error) -> PGErrorFields {
        switch error {
        case let error as SQLError: error.pgFields
        case let error as PGErrorFields: error
        case is CancellationError:
            PGErrorFields(sqlState: "57014", message: "canceling statement due to user request")
        default: PGErrorFields(sqlState: "XX000", message: "internal error: \(error)")
        }
    }
}
