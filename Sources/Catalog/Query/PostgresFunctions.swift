import Foundation
import GRDB
import SQL

/// The PostgreSQL functions drivers and people call that SQLite lacks: `version()`, `current_database()`,
/// `current_schema()`, `now()`, `pg_backend_pid()`, `mz_version()`. Installed on every SQLite connection.
enum PostgresFunctions {
    static func install(in db: Database, serverVersion: String) {
        let versionText = "PostgreSQL \(serverVersion) on Inlet"
        db.add(function: DatabaseFunction("version", argumentCount: 0, pure: true) { _ in versionText })
        db.add(function: DatabaseFunction("mz_version", argumentCount: 0, pure: true) { _ in "inlet \(serverVersion)" })
        db.add(function: DatabaseFunction("current_database", argumentCount: 0, pure: true) { _ in "materialize" })
        db.add(function: DatabaseFunction("current_schema", argumentCount: 0, pure: true) { _ in "public" })
        db.add(function: DatabaseFunction("now", argumentCount: 0) { _ in PostgresTimestamp.format(Date()) })
        db.add(function: DatabaseFunction("pg_backend_pid", argumentCount: 0, pure: true) { _ in Int(getpid()) })
        PGCatalogFunctions.install(in: db)
        PostgresCaseMapping.install(in: db)
        PostgresTextFunctions.install(in: db)
        PostgresDateTimeFunctions.install(in: db)
        PostgresJSONBFunctions.install(in: db)
        PostgresNumericFunctions.install(in: db)
        // PostgreSQL's date input: ISO text checked (22007 unreadable, 22008 a day that does not exist).
        db.add(
            function: DatabaseFunction("pg_date", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return nil }
                switch QueryPlanner.dateInput(text) {
                case .valid(let date): return date
                case .outOfRange: throw DatabaseError(message: "date/time field value out of range: \"\(text)\"")
                case .unreadable: throw DatabaseError(message: "invalid input syntax for type date: \"\(text)\"")
                }
            })
        // PostgreSQL's division by zero (22012): SQLite divides by zero into NULL.
        db.add(
            function: DatabaseFunction("pg_nonzero", argumentCount: 1, pure: true) { values in
                switch values[0].storage {
                case .int64(0): throw DatabaseError(message: "division by zero")
                case .double(let number) where number == 0: throw DatabaseError(message: "division by zero")
                default: return values[0]
                }
            })
        // PostgreSQL's integer overflow (22003): SQLite computes in 64 bits and turns a 64-bit overflow into a real.
        db.add(
            function: DatabaseFunction("pg_int4", argumentCount: 1, pure: true) { values in
                guard case .int64(let number) = values[0].storage else { return values[0] }
                guard Int32(exactly: number) != nil else { throw DatabaseError(message: "integer out of range") }
                return number
            })
        db.add(
            function: DatabaseFunction("pg_int2", argumentCount: 1, pure: true) { values in
                guard case .int64(let number) = values[0].storage else { return values[0] }
                guard Int16(exactly: number) != nil else { throw DatabaseError(message: "smallint out of range") }
                return number
            })
        // A float or numeric as an integer of `bits` bits: floats round half to even (C's rint), numerics half
        // away from zero, as PostgreSQL casts them; 22003 when it does not fit.
        db.add(
            function: DatabaseFunction("pg_to_int", argumentCount: 3, pure: true) { values in
                let bits = Int.fromDatabaseValue(values[1]) ?? 64
                let name = bits == 16 ? "smallint" : bits == 32 ? "integer" : "bigint"
                if values[0].isNull { return nil }
                var value: Int64?
                if case .int64(let number) = values[0].storage {
                    value = number
                } else if Int.fromDatabaseValue(values[2]) == 1, case .string = values[0].storage {
                    let decimal = String.fromDatabaseValue(values[0]).flatMap { PGDecimal(parsing: $0) }
                    value = decimal.flatMap { Int64($0.rounded(toScale: 0).text) }
                } else if let number = floatValue(values[0])?.rounded(.toNearestOrEven), number >= -0x1p63,
                    number < 0x1p63
                {
                    value = Int64(number)
                }
                let range: ClosedRange<Int64> =
                    bits == 16 ? -32768...32767 : bits == 32 ? -2_147_483_648...2_147_483_647 : Int64.min...Int64.max
                guard let value, range.contains(value) else { throw DatabaseError(message: "\(name) out of range") }
                return value
            })
        // LIMIT and OFFSET: a negative count is PostgreSQL's error; NULL is no limit (and no offset).
        db.add(
            function: DatabaseFunction("pg_limit", argumentCount: 2, pure: true) { values in
                let clause = String.fromDatabaseValue(values[1]) ?? "LIMIT"
                if values[0].isNull { return clause == "LIMIT" ? -1 : 0 }
                guard let count = floatValue(values[0]).map({ $0.rounded() }), count >= 0 else {
                    throw DatabaseError(message: "\(clause) must not be negative")
                }
                return count >= 0x1p63 ? Int64.max : Int64(count)
            })
        // Double precision arithmetic that overflows is 22003 in PostgreSQL, not infinity.
        db.add(
            function: DatabaseFunction("pg_float_checked", argumentCount: 1, pure: true) { values in
                if case .double(let number) = values[0].storage, !number.isFinite {
                    throw DatabaseError(message: "value out of range: overflow")
                }
                return values[0]
            })
        db.add(
            function: DatabaseFunction("pg_int8", argumentCount: 1, pure: true) { values in
                if case .double = values[0].storage { throw DatabaseError(message: "bigint out of range") }
                return values[0]
            })
        // PostgreSQL's case-sensitive LIKE, which the query planner emits for LIKE and (over lower()) ILIKE. One
        // connection runs one statement at a time, so its last pattern is kept compiled.
        let patterns = PatternCache()
        db.add(
            function: DatabaseFunction("pg_like", argumentCount: 2, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let pattern = String.fromDatabaseValue(values[1])
                else { return nil }
                return patterns.pattern(pattern).matches(text)
            })
        db.add(
            function: DatabaseFunction("pg_like", argumentCount: 3, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let pattern = String.fromDatabaseValue(values[1]),
                    let escape = String.fromDatabaseValue(values[2])
                else { return nil }
                guard escape.count <= 1 else {
                    throw DatabaseError(message: "invalid escape string")
                }
                return LikePattern(pattern, escape: escape.first).matches(text)
            })
    }
}

/// A double precision value as SQLite holds it: a real, an integer, or text that reads as one.
private func floatValue(_ value: DatabaseValue) -> Double? {
    if let number = Double.fromDatabaseValue(value) { return number }
    return String.fromDatabaseValue(value).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
}

/// The last LIKE pattern a connection compiled.
private final class PatternCache: @unchecked Sendable {
    private var text: String?
    private var compiled = LikePattern("")

    func pattern(_ pattern: String) -> LikePattern {
        if pattern != text {
            compiled = LikePattern(pattern)
            text = pattern
        }
        return compiled
    }
}
