import Foundation
import GRDB

/// PostgreSQL's text functions whose SQLite counterparts differ or are missing (`substring` from before the first
/// character, `left`/`right` with negative counts, `repeat`, `reverse`, `concat_ws` skipping NULLs) and `^`.
/// Characters are Unicode scalars, as PostgreSQL counts them in a UTF-8 database.
enum PostgresTextFunctions {
    static func install(in db: Database) {
        // substring(text FROM start [FOR count]) as PostgreSQL counts: characters before the first are not there.
        db.add(
            function: DatabaseFunction("pg_substring", argumentCount: 3, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let start = Int.fromDatabaseValue(values[1])
                else { return nil }
                let characters = Array(text.unicodeScalars)
                var end = characters.count + 1
                if !values[2].isNull {
                    guard let count = Int.fromDatabaseValue(values[2]) else { return nil }
                    guard count >= 0 else { throw DatabaseError(message: "negative substring length not allowed") }
                    end = min(end, start.addingReportingOverflow(count).partialValue)
                }
                let first = max(start, 1)
                guard first < end else { return "" }
                var result = String.UnicodeScalarView()
                result.append(contentsOf: characters[(first - 1)..<(end - 1)])
                return String(result)
            })
        // left(text, n): the first n characters; a negative n leaves out the last |n|.
        db.add(
            function: DatabaseFunction("pg_left", argumentCount: 2, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let count = Int.fromDatabaseValue(values[1])
                else { return nil }
                let characters = Array(text.unicodeScalars)
                let length = count >= 0 ? min(count, characters.count) : max(characters.count + count, 0)
                return string(characters[..<length])
            })
        // right(text, n): the last n characters; a negative n leaves out the first |n|.
        db.add(
            function: DatabaseFunction("pg_right", argumentCount: 2, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let count = Int.fromDatabaseValue(values[1])
                else { return nil }
                let characters = Array(text.unicodeScalars)
                let length = count >= 0 ? min(count, characters.count) : max(characters.count + count, 0)
                return string(characters[(characters.count - length)...])
            })
        db.add(
            function: DatabaseFunction("pg_repeat", argumentCount: 2, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let count = Int.fromDatabaseValue(values[1])
                else { return nil }
                guard text.utf8.count.multipliedReportingOverflow(by: max(count, 0)).partialValue < 1 << 30 else {
                    throw DatabaseError(message: "requested length too large")
                }
                return String(repeating: text, count: max(count, 0))
            })
        db.add(
            function: DatabaseFunction("pg_reverse", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { string($0.unicodeScalars.reversed()) }
            })
        // concat_ws(separator, …): the arguments that are not NULL (concat is concat_ws with '').
        db.add(
            function: DatabaseFunction("pg_concat_ws", argumentCount: -1, pure: true) { values in
                guard let separator = values.first.flatMap(String.fromDatabaseValue) else { return nil }
                return values.dropFirst().compactMap(String.fromDatabaseValue).joined(separator: separator)
            })
        // a ^ b of double precision: C's pow.
        db.add(
            function: DatabaseFunction("pg_power", argumentCount: 2, pure: true) { values in
                guard let base = Double.fromDatabaseValue(values[0]), let exponent = Double.fromDatabaseValue(values[1])
                else { return nil }
                if base == 0, exponent < 0 {
                    throw DatabaseError(message: "zero raised to a negative power is undefined")
                }
                if base < 0, exponent != exponent.rounded() {
                    throw DatabaseError(
                        message: "a negative number raised to a non-integer power yields a complex result")
                }
                let result = pow(base, exponent)
                guard result.isFinite else { throw DatabaseError(message: "value out of range: overflow") }
                return result
            })
    }

    private static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
