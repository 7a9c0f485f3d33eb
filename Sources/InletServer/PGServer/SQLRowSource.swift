import PGWire
import SQL

/// A SQL cursor as the wire layer's row source: the same reads, with errors as pgwire fields.
final class SQLRowSource: PGRowSource {
    let cursor: any ResultCursor

    init(_ cursor: any ResultCursor) {
        self.cursor = cursor
    }

    func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], PGErrorFields>) -> Void) {
        cursor.fetch(maxRows: maxRows) { result in completion(result.mapError(\.pgFields)) }
    }

    func cancel(_ error: PGErrorFields) {
        cursor.cancel(SQLError(sqlState: error.sqlState, message: error.message))
    }

    func close() {
        cursor.close()
    }

    var isContinual: Bool { cursor.isContinual }
}
