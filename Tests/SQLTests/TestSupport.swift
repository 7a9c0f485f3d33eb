@testable import SQL

/// The error `body` throws as (message, position), or nil when it does not throw an SQLError.
func syntaxFailure(_ sql: String) -> String? {
    do {
        _ = try Parser.parse(sql)
        return nil
    } catch {
        return "\(error.message) @\(error.position.map(String.init) ?? "-")"
    }
}
