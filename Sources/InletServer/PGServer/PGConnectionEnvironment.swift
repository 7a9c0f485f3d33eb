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

extension StatementResult {
    var pgOutput: PGStatementOutput {
        var output = PGStatementOutput(
            columns: columns?.map(\.pgColumn), rows: rows, commandTag: commandTag, notices: notices)
        output.keepsTransaction = keepsTransaction
        return output
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
