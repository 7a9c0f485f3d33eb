import Foundation
import GRDB
import SQL

/// PostgreSQL's timestamp, timestamptz and interval arithmetic for the query planner's SQL: values are the text
/// PostgreSQL prints (`PGTimestamp`, `PGInterval`), read back and computed here. The errors' messages are
/// PostgreSQL's, which `PostgresFunctionErrors` maps to their SQLSTATEs.
enum PostgresDateTimeFunctions {
    static func install(in db: Database) {
        function(db, "pg_timestamp", 1) { values in
            try text(values[0]).map { timestampText(try readTimestamp($0, withZone: false), withZone: false) }
        }
        function(db, "pg_timestamptz", 1) { values in
            try text(values[0]).map { timestampText(try readTimestamp($0, withZone: true), withZone: true) }
        }
        // pg_ts_precision(timestamp, p, zoned): rounded to p fractional digits, halves away from zero.
        function(db, "pg_ts_precision", 3) { values in
            guard let ts = try text(values[0]), let digits = Int.fromDatabaseValue(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[2]) == 1
            let micros = try readTimestamp(ts, withZone: zoned)
            var scale: Int64 = 1
            for _ in 0..<max(0, 6 - digits) { scale *= 10 }
            let magnitude = (micros.magnitude + UInt64(scale / 2)) / UInt64(scale) * UInt64(scale)
            return timestampText(micros < 0 ? -Int64(magnitude) : Int64(magnitude), withZone: zoned)
        }
        // pg_at_time_zone(ts, zone, fromLocal): a wall clock of the zone as a UTC timestamptz (fromLocal 1), or a
        // timestamptz as the zone's wall clock.
        function(db, "pg_at_time_zone", 3) { values in
            guard let ts = try text(values[0]), let name = try text(values[1]) else { return nil }
            guard let zone = TimeZone(identifier: name) else {
                throw DatabaseError(message: "time zone \"\(name)\" not recognized")
            }
            let fromLocal = Int.fromDatabaseValue(values[2]) == 1
            let micros = try readTimestamp(ts, withZone: !fromLocal)
            return timestampText(ZoneOffsets(zone).convert(micros, fromLocal: fromLocal), withZone: fromLocal)
        }
        function(db, "pg_interval", 1) { values in
            try text(values[0]).map { try readInterval($0).text }
        }
        // pg_ts_add(timestamp, interval, sign, zoned): timestamp ± interval.
        function(db, "pg_ts_add", 4) { values in
            guard let ts = try text(values[0]), let span = try text(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[3]) == 1
            var interval = try readInterval(span)
            if Int.fromDatabaseValue(values[2]) == -1 {
                guard let negated = -interval else { throw DatabaseError(message: "interval out of range") }
                interval = negated
            }
            guard let sum = PGTimestamp.adding(interval, to: try readTimestamp(ts, withZone: zoned)) else {
                // PostgreSQL's range is far wider; the text form here orders only the years 1 to 9999.
                throw DatabaseError(message: "timestamps outside the years 1 to 9999 are not supported")
            }
            return PGTimestamp.text(sum, withZone: zoned)
        }
        // pg_ts_diff(a, b, zoned): a - b as an interval.
        function(db, "pg_ts_diff", 3) { values in
            guard let a = try text(values[0]), let b = try text(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[2]) == 1
            let x = try readTimestamp(a, withZone: zoned)
            let y = try readTimestamp(b, withZone: zoned)
            guard let difference = PGTimestamp.difference(x, y) else {
                throw DatabaseError(message: "interval out of range")
            }
            return difference.text
        }
        function(db, "pg_age", 3) { values in
            guard let a = try text(values[0]), let b = try text(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[2]) == 1
            guard
                let age = PGTimestamp.age(
                    try readTimestamp(a, withZone: zoned), try readTimestamp(b, withZone: zoned))
            else { throw DatabaseError(message: "interval out of range") }
            return age.text
        }
        // pg_interval_add(a, b, sign): a ± b.
        function(db, "pg_interval_add", 3) { values in
            guard let a = try text(values[0]), let b = try text(values[1]) else { return nil }
            var right = try readInterval(b)
            if Int.fromDatabaseValue(values[2]) == -1 {
                guard let negated = -right else { throw DatabaseError(message: "interval out of range") }
                right = negated
            }
            guard let sum = PGInterval.add(try readInterval(a), right) else {
                throw DatabaseError(message: "interval out of range")
            }
            return sum.text
        }
        function(db, "pg_interval_neg", 1) { values in
            guard let a = try text(values[0]) else { return nil }
            guard let negated = -(try readInterval(a)) else { throw DatabaseError(message: "interval out of range") }
            return negated.text
        }
        function(db, "pg_interval_mul", 2) { values in
            guard let a = try text(values[0]), let factor = Double.fromDatabaseValue(values[1]) else { return nil }
            guard let product = try readInterval(a).multiplied(by: factor) else {
                throw DatabaseError(message: "interval out of range")
            }
            return product.text
        }
        function(db, "pg_interval_div", 2) { values in
            guard let a = try text(values[0]), let divisor = Double.fromDatabaseValue(values[1]) else { return nil }
            guard divisor != 0 else { throw DatabaseError(message: "division by zero") }
            guard let quotient = try readInterval(a).divided(by: divisor) else {
                throw DatabaseError(message: "interval out of range")
            }
            return quotient.text
        }
        function(db, "pg_justify", 2) { values in
            guard let a = try text(values[0]), let kind = String.fromDatabaseValue(values[1]) else { return nil }
            let interval = try readInterval(a)
            let result: PGInterval?
            switch kind {
            case "hours": result = interval.justifiedHours
            case "days": result = interval.justifiedDays
            default: result = interval.justified
            }
            guard let result else { throw DatabaseError(message: "interval out of range") }
            return result.text
        }
        // pg_make_interval(years, months, weeks, days, hours, mins, secs).
        function(db, "pg_make_interval", 7) { values in
            var numbers: [Double] = []
            for value in values {
                guard let number = Double.fromDatabaseValue(value) else { return nil }
                numbers.append(number)
            }
            let months = numbers[0] * 12 + numbers[1]
            let days = numbers[2] * 7 + numbers[3]
            let micros = ((numbers[4] * 60 + numbers[5]) * 60 + numbers[6]) * 1_000_000
            guard let m = Int32(exactly: months), let d = Int32(exactly: days), micros.isFinite, abs(micros) < 9.2e18
            else { throw DatabaseError(message: "interval out of range") }
            return PGInterval(months: m, days: d, microseconds: Int64(micros.rounded(.toNearestOrEven))).text
        }
        // pg_extract(field, value, kind): kind 1 timestamp, 2 timestamptz, 3 interval; numeric's text.
        function(db, "pg_extract", 3) { values in
            guard let field = String.fromDatabaseValue(values[0]), let value = try text(values[1]) else { return nil }
            let kind = Int.fromDatabaseValue(values[2]) ?? 1
            do {
                if kind == 3 { return try PGTimestamp.extract(field, from: try readInterval(value)) }
                return try PGTimestamp.extract(
                    field, from: try readTimestamp(value, withZone: kind == 2), withZone: kind == 2)
            } catch let error as PGTimestamp.FieldError {
                throw fieldError(
                    error,
                    type: kind == 3
                        ? "interval" : kind == 2 ? "timestamp with time zone" : "timestamp without time zone")
            }
        }
        // pg_date_trunc(unit, value, zoned).
        function(db, "pg_date_trunc", 3) { values in
            guard let unit = String.fromDatabaseValue(values[0]), let value = try text(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[2]) == 1
            guard
                let truncated = PGTimestamp.truncated(try readTimestamp(value, withZone: zoned), to: unit.lowercased())
            else {
                let type = zoned ? "timestamp with time zone" : "timestamp without time zone"
                throw DatabaseError(message: "unit \"\(unit.lowercased())\" not recognized for type \(type)")
            }
            return PGTimestamp.text(truncated, withZone: zoned)
        }
        function(db, "pg_to_char", 3) { values in
            guard let value = try text(values[0]), let format = String.fromDatabaseValue(values[1]) else { return nil }
            let zoned = Int.fromDatabaseValue(values[2]) == 1
            do {
                return try PGTimestamp.toChar(
                    try readTimestamp(value, withZone: zoned), format: format, withZone: zoned)
            } catch let error as PGTimestamp.FieldError {
                throw fieldError(error, type: "timestamp")
            }
        }
        db.add(function: DatabaseFunction("pg_interval_sum", argumentCount: 1, pure: true, aggregate: IntervalSum.self))
        db.add(
            function: DatabaseFunction("pg_interval_avg", argumentCount: 1, pure: true, aggregate: IntervalAverage.self)
        )
        db.add(
            collation: DatabaseCollation("pg_interval") { a, b in
                guard let x = try? PGInterval.parse(a), let y = try? PGInterval.parse(b) else {
                    return a < b ? .orderedAscending : a == b ? .orderedSame : .orderedDescending
                }
                switch PGInterval.compare(x, y) {
                case -1: return .orderedAscending
                case 0: return .orderedSame
                default: return .orderedDescending
                }
            })
    }

    private static func function(
        _ db: Database, _ name: String, _ count: Int,
        _ body: @escaping @Sendable ([DatabaseValue]) throws -> (any DatabaseValueConvertible)?
    ) {
        db.add(function: DatabaseFunction(name, argumentCount: count, pure: true, function: body))
    }

    private static func text(_ value: DatabaseValue) throws -> String? {
        if value.isNull { return nil }
        return String.fromDatabaseValue(value)
    }

    static func readTimestamp(_ text: String, withZone: Bool) throws -> Int64 {
        do {
            return try PGTimestamp.parse(text, withZone: withZone)
        } catch {
            let type = withZone ? "timestamp with time zone" : "timestamp"
            switch error {
            case .outOfRange: throw DatabaseError(message: "date/time field value out of range: \"\(text)\"")
            case .invalid, .unsupported:
                throw DatabaseError(message: "invalid input syntax for type \(type): \"\(text)\"")
            }
        }
    }

    private static func timestampText(_ micros: Int64, withZone: Bool) -> String {
        PGTimestamp.text(micros, withZone: withZone)
    }

    static func readInterval(_ text: String) throws -> PGInterval {
        do {
            return try PGInterval.parse(text)
        } catch {
            switch error {
            case .outOfRange: throw DatabaseError(message: "interval field value out of range: \"\(text)\"")
            case .invalid, .unsupported:
                throw DatabaseError(message: "invalid input syntax for type interval: \"\(text)\"")
            }
        }
    }

    private static func fieldError(_ error: PGTimestamp.FieldError, type: String) -> DatabaseError {
        switch error {
        case .notSupported(let unit): return DatabaseError(message: "unit \"\(unit)\" not supported for type \(type)")
        case .notRecognized(let unit): return DatabaseError(message: "unit \"\(unit)\" not recognized for type \(type)")
        case .notTranslated(let what): return DatabaseError(message: "\(what) is not supported")
        }
    }
}

/// The SQLSTATEs of the errors the engine's PostgreSQL functions raise, by their messages (PostgreSQL's own).
enum PostgresFunctionErrors {
    static func sqlState(for message: String) -> String? {
        let prefixes: [(String, String)] = [
            ("invalid input syntax for type timestamp", "22007"),
            ("invalid input syntax for type interval", "22007"),
            ("invalid input syntax for type numeric", "22P02"),
            ("timestamp out of range", "22008"),
            ("interval out of range", "22008"),
            ("interval field value out of range", "22015"),
            ("numeric field overflow", "22003"),
            ("value overflows numeric format", "22003"),
            ("cannot take square root", "2201F"),
            ("invalid input syntax for type json", "22P02"),
            ("cannot get array length", "22023"),
            ("cannot call ", "22023"),
            ("cannot extract elements", "22023"),
            ("cannot delete from", "22023"),
            ("path element", "22P02"),
            ("time zone \"", "22023"),
            ("negative substring length", "22011"),
            ("zero raised to a negative power", "2201F"),
            ("a negative number raised to a non-integer power", "2201F"),
            ("requested length too large", "54000"),
            ("LIMIT must not be negative", "2201W"),
            ("OFFSET must not be negative", "2201X"),
        ]
        if let found = prefixes.first(where: { message.hasPrefix($0.0) }) { return found.1 }
        if message.hasPrefix("unit \""), message.contains("\" not supported for type") { return "0A000" }
        if message.hasPrefix("unit \""), message.contains("\" not recognized for type") { return "22023" }
        if message.hasSuffix(" is not supported") || message.hasSuffix(" are not supported") { return "0A000" }
        return nil
    }
}

/// `sum(interval)`: field by field, NULL over no rows.
private struct IntervalSum: DatabaseAggregate {
    var total: PGInterval?

    mutating func step(_ values: [DatabaseValue]) throws {
        guard let text = String.fromDatabaseValue(values[0]) else { return }
        let value = try PostgresDateTimeFunctions.readInterval(text)
        guard let sum = PGInterval.add(total ?? PGInterval(), value) else {
            throw DatabaseError(message: "interval out of range")
        }
        total = sum
    }

    func finalize() -> (any DatabaseValueConvertible)? { total?.text }
}

/// `avg(interval)`: the sum divided by the count as `interval / float8` divides, NULL over no rows.
private struct IntervalAverage: DatabaseAggregate {
    var sum = IntervalSum()
    var count = 0

    mutating func step(_ values: [DatabaseValue]) throws {
        guard !values[0].isNull else { return }
        try sum.step(values)
        count += 1
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        guard count > 0, let total = sum.total else { return nil }
        guard let average = total.divided(by: Double(count)) else {
            throw DatabaseError(message: "interval out of range")
        }
        return average.text
    }
}
