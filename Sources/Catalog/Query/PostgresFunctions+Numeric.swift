import Foundation
import GRDB
import SQL

/// PostgreSQL's exact `numeric` for the query planner's SQL: values are numeric's text, computed by `PGDecimal`
/// (never in binary floating point), and the `pg_numeric` collation orders and compares them by value.
enum PostgresNumericFunctions {
    static func install(in db: Database) {
        unary(db, "pg_numeric") { $0 }
        unary(db, "pg_num_neg") { -$0 }
        unary(db, "pg_num_abs") { $0.isNegative ? -$0 : $0 }
        unary(db, "pg_num_ceil") { value in
            let truncated = value.truncated(toScale: 0)
            return !value.isNegative && PGDecimal.compare(truncated, value) != 0 ? truncated + PGDecimal(1) : truncated
        }
        unary(db, "pg_num_floor") { value in
            let truncated = value.truncated(toScale: 0)
            return value.isNegative && PGDecimal.compare(truncated, value) != 0 ? truncated - PGDecimal(1) : truncated
        }
        binary(db, "pg_num_add") { $0 + $1 }
        binary(db, "pg_num_sub") { $0 - $1 }
        binary(db, "pg_num_mul") { $0 * $1 }
        binary(db, "pg_num_div") { a, b in
            guard let quotient = a / b else { throw DatabaseError(message: "division by zero") }
            return quotient
        }
        binary(db, "pg_num_mod") { a, b in
            guard let remainder = a % b else { throw DatabaseError(message: "division by zero") }
            return remainder
        }
        // round(x, s) and trunc(x, s).
        db.add(
            function: DatabaseFunction("pg_num_round", argumentCount: 2, pure: true) { values in
                guard let value = try decimal(values[0]), let scale = Int.fromDatabaseValue(values[1]) else {
                    return nil
                }
                return try checked(value.rounded(toScale: max(min(scale, 1000), -1000)))
            })
        db.add(
            function: DatabaseFunction("pg_num_trunc", argumentCount: 2, pure: true) { values in
                guard let value = try decimal(values[0]), let scale = Int.fromDatabaseValue(values[1]) else {
                    return nil
                }
                return try checked(value.truncated(toScale: max(min(scale, 1000), -1000)))
            })
        // x::numeric(precision, scale).
        db.add(
            function: DatabaseFunction("pg_num_typmod", argumentCount: 3, pure: true) { values in
                guard let value = try decimal(values[0]), let precision = Int.fromDatabaseValue(values[1]),
                    let scale = Int.fromDatabaseValue(values[2])
                else { return nil }
                guard let fitted = value.fitted(precision: precision, scale: scale) else {
                    throw DatabaseError(
                        message:
                            "numeric field overflow: a field with precision \(precision), scale \(scale) must round to an absolute value less than 10^\(precision - scale)"
                    )
                }
                return fitted.text
            })
        // round, trunc, ceil and floor of double precision: C's rint (half to even), trunc, ceil, floor.
        let floatRules: [(String, FloatingPointRoundingRule)] = [
            ("round", .toNearestOrEven), ("trunc", .towardZero), ("ceil", .up), ("floor", .down),
        ]
        for (name, rule) in floatRules {
            db.add(
                function: DatabaseFunction("pg_float_\(name)", argumentCount: 1, pure: true) { values in
                    Double.fromDatabaseValue(values[0])?.rounded(rule)
                })
        }
        db.add(function: DatabaseFunction("pg_num_sum", argumentCount: 1, pure: true, aggregate: NumericSum.self))
        db.add(function: DatabaseFunction("pg_num_avg", argumentCount: 1, pure: true, aggregate: NumericAverage.self))
        db.add(
            collation: DatabaseCollation("pg_numeric") { a, b in
                guard let x = PGDecimal(parsing: a), let y = PGDecimal(parsing: b) else {
                    return a < b ? .orderedAscending : a == b ? .orderedSame : .orderedDescending
                }
                switch PGDecimal.compare(x, y) {
                case -1: return .orderedAscending
                case 0: return .orderedSame
                default: return .orderedDescending
                }
            })
    }

    private static func unary(_ db: Database, _ name: String, _ body: @escaping @Sendable (PGDecimal) -> PGDecimal) {
        db.add(
            function: DatabaseFunction(name, argumentCount: 1, pure: true) { values in
                guard let value = try decimal(values[0]) else { return nil }
                return try checked(body(value))
            })
    }

    private static func binary(
        _ db: Database, _ name: String, _ body: @escaping @Sendable (PGDecimal, PGDecimal) throws -> PGDecimal
    ) {
        db.add(
            function: DatabaseFunction(name, argumentCount: 2, pure: true) { values in
                guard let a = try decimal(values[0]), let b = try decimal(values[1]) else { return nil }
                return try checked(try body(a, b))
            })
    }

    static func checked(_ value: PGDecimal) throws -> String {
        guard !value.isTooLarge else {
            throw DatabaseError(
                message: "numeric values of more than \(PGDecimal.maximumDigits) digits are not supported")
        }
        return value.text
    }

    /// A SQL value as a numeric: integers exactly, reals as PostgreSQL casts float8 (15 significant digits), text
    /// read as numeric's input.
    static func decimal(_ value: DatabaseValue) throws -> PGDecimal? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return PGDecimal(number)
        case .double(let number):
            guard number.isFinite else { throw DatabaseError(message: "NaN and infinite numerics are not supported") }
            return PGDecimal(parsing: String(format: "%.15g", number))
        case .string(let text):
            guard let decimal = PGDecimal(parsing: text) else {
                let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
                if ["nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf"].contains(lowered) {
                    throw DatabaseError(message: "NaN and infinite numerics are not supported")
                }
                throw DatabaseError(message: "invalid input syntax for type numeric: \"\(text)\"")
            }
            return decimal
        case .blob: throw DatabaseError(message: "invalid input syntax for type numeric")
        }
    }
}

/// `sum(numeric)` (and of bigint, whose sum is numeric): exact, NULL over no rows.
private struct NumericSum: DatabaseAggregate {
    var total: PGDecimal?

    mutating func step(_ values: [DatabaseValue]) throws {
        guard let value = try PostgresNumericFunctions.decimal(values[0]) else { return }
        total = total.map { $0 + value } ?? value
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        try total.map(PostgresNumericFunctions.checked)
    }
}

/// `avg` of integers and numerics: the exact sum divided by the count at PostgreSQL's division scale.
private struct NumericAverage: DatabaseAggregate {
    var sum = NumericSum()
    var count: Int64 = 0

    mutating func step(_ values: [DatabaseValue]) throws {
        guard !values[0].isNull else { return }
        try sum.step(values)
        count += 1
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        guard let total = sum.total, let average = total / PGDecimal(count) else { return nil }
        return try PostgresNumericFunctions.checked(average)
    }
}
