/// PostgreSQL's timestamp, timestamptz and interval in SQLite. Values are the text PostgreSQL prints for them
/// (`PGTimestamp`, `PGInterval`): timestamps order as text, intervals through the engine's `pg_interval` collation
/// (a month is 30 days, as PostgreSQL compares), and arithmetic goes through the engine's `pg_ts_*` and
/// `pg_interval_*` functions, which compute with months, days and microseconds apart as PostgreSQL does.
extension QueryPlanner {
    static func isTimestamp(_ type: SQLType) -> Bool { type == .timestamp || type == .timestamptz }

    static func isDateTime(_ type: SQLType) -> Bool { isTemporal(type) || type == .interval }

    /// An untyped literal's type in arithmetic with a date/time value, as PostgreSQL resolves the operator: nil
    /// to take the other side's type, `.unknown` where PostgreSQL finds the operator ambiguous (`date + '1'`).
    static func temporalOperandType(_ symbol: String, known: SQLType, knownIsLeft: Bool) -> SQLType? {
        switch (symbol, known) {
        case ("+", .timestamp), ("+", .timestamptz): return .interval
        case ("+", .date): return .unknown
        case ("-", .timestamp), ("-", .timestamptz), ("-", .date): return knownIsLeft ? known : nil
        case ("*", .interval), ("/", .interval): return .float8
        case ("-", .jsonb): return knownIsLeft ? .text : nil
        default: return nil
        }
    }

    /// `date ± integer`, `date - date`, `timestamp ± interval`, `timestamp - timestamp`, `interval ± interval`,
    /// `interval * number`, `interval / number` with PostgreSQL's result types.
    static func ambiguousOperator(_ symbol: String, _ known: SQLType, at position: SourcePosition)
        -> QueryPlanningError
    {
        QueryPlanningError(
            sqlState: "42725", message: "operator is not unique: \(known.name) \(symbol) unknown", position: position,
            hint: "Could not choose a best candidate operator. You might need to add explicit type casts.")
    }

    func temporalArithmetic(_ symbol: String, _ a: TypedSQL, _ b: TypedSQL, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        let numberTypes: Set<SQLType> = [.int2, .int4, .int8, .float4, .float8, .numeric]
        switch (symbol, a.type, b.type) {
        case (_, .date, let other) where other.isInteger && other != .oid,
            ("+", let other, .date) where other.isInteger && other != .oid:
            return try dateArithmetic(symbol, a, b, at: position)
        case ("-", .date, .date):
            return try dateArithmetic(symbol, a, b, at: position)
        case ("+", let left, .interval) where Self.isTemporal(left),
            ("-", let left, .interval) where Self.isTemporal(left):
            let zoned = left == .timestamptz
            let base = try Self.timestampValue(a, as: zoned ? .timestamptz : .timestamp)
            return TypedSQL(
                sql: "pg_ts_add(\(base), \(b.sql), \(symbol == "-" ? -1 : 1), \(zoned ? 1 : 0))",
                type: zoned ? .timestamptz : .timestamp)
        case ("+", .interval, let right) where Self.isTemporal(right):
            return try temporalArithmetic("+", b, a, at: position)
        case ("-", let left, let right) where Self.isTemporal(left) && Self.isTemporal(right):
            let zoned = left == .timestamptz || right == .timestamptz
            let type: SQLType = zoned ? .timestamptz : .timestamp
            let x = try Self.timestampValue(a, as: type)
            let y = try Self.timestampValue(b, as: type)
            return TypedSQL(sql: "pg_ts_diff(\(x), \(y), \(zoned ? 1 : 0))", type: .interval)
        case ("+", .interval, .interval), ("-", .interval, .interval):
            return TypedSQL(
                sql: "pg_interval_add(\(a.sql), \(b.sql), \(symbol == "-" ? -1 : 1))", type: .interval)
        case ("*", .interval, let number) where numberTypes.contains(number):
            return TypedSQL(sql: "pg_interval_mul(\(a.sql), CAST(\(b.sql) AS REAL))", type: .interval)
        case ("*", let number, .interval) where numberTypes.contains(number):
            return TypedSQL(sql: "pg_interval_mul(\(b.sql), CAST(\(a.sql) AS REAL))", type: .interval)
        case ("/", .interval, let number) where numberTypes.contains(number):
            return TypedSQL(sql: "pg_interval_div(\(a.sql), CAST(\(b.sql) AS REAL))", type: .interval)
        default:
            throw Self.noOperator(symbol, a.type, b.type, at: position)
        }
    }

    /// A date, timestamp or timestamptz value as SQL of `type` (timestamp or timestamptz): a date is midnight,
    /// a timestamp is UTC's wall clock as a timestamptz (the session's TimeZone is UTC).
    static func timestampValue(_ typed: TypedSQL, as type: SQLType) throws(QueryPlanningError) -> String {
        switch (typed.type, type) {
        case (.date, .timestamp): return "(\(typed.sql) || ' 00:00:00')"
        case (.date, .timestamptz): return "(\(typed.sql) || ' 00:00:00+00')"
        case (.timestamp, .timestamptz): return "(\(typed.sql) || '+00')"
        case (.timestamptz, .timestamp): return "substr(\(typed.sql), 1, length(\(typed.sql)) - 3)"
        case (let source, let target) where source == target: return typed.sql
        default: throw noCast(typed.type, type, at: .synthesized)
        }
    }

    /// The type two date/time operands of a comparison meet at (date < timestamp < timestamptz), or nil.
    static func temporalCommonType(_ a: SQLType, _ b: SQLType) -> SQLType? {
        guard isTemporal(a), isTemporal(b) else { return nil }
        if a == .timestamptz || b == .timestamptz { return .timestamptz }
        if a == .timestamp || b == .timestamp { return .timestamp }
        return .date
    }

    /// A timestamp, timestamptz or interval literal, checked and printed as PostgreSQL prints the value.
    static func dateTimeLiteral(_ text: String, as type: SQLType, at position: SourcePosition)
        throws(QueryPlanningError) -> String
    {
        if type == .interval {
            do {
                return string(try PGInterval.parse(text).text)
            } catch {
                switch error {
                case .invalid:
                    throw QueryPlanningError(
                        sqlState: "22007", message: "invalid input syntax for type interval: \"\(text)\"",
                        position: position)
                case .outOfRange:
                    throw QueryPlanningError(
                        sqlState: "22015", message: "interval field value out of range: \"\(text)\"",
                        position: position)
                case .unsupported(let what):
                    throw .refused(
                        "an interval written as \(what)", hint: "write it as '1 day 02:00:00' or ISO 8601 'P1DT2H'",
                        at: position)
                }
            }
        }
        let zoned = type == .timestamptz
        do {
            return string(PGTimestamp.text(try PGTimestamp.parse(text, withZone: zoned), withZone: zoned))
        } catch {
            switch error {
            case .invalid:
                throw QueryPlanningError(
                    sqlState: "22007", message: "invalid input syntax for type \(type.name): \"\(text)\"",
                    position: position)
            case .outOfRange:
                throw QueryPlanningError(
                    sqlState: "22008", message: "date/time field value out of range: \"\(text)\"", position: position)
            case .unsupported:
                throw .refused(
                    "a \(type.name) written other than YYYY-MM-DD HH:MM:SS[.f][zone] (\"\(text)\")",
                    hint: "write it as '2024-01-05 10:00:00+00'", at: position)
            }
        }
    }

    /// `value::type` for the date/time targets, or nil when `type` is not one.
    static func dateTimeCast(_ typed: TypedSQL, to target: SQLType, at position: SourcePosition)
        throws(QueryPlanningError) -> String?
    {
        let source = typed.type
        switch target {
        case .timestamp, .timestamptz:
            if isText(source) { return "\(target == .timestamp ? "pg_timestamp" : "pg_timestamptz")(\(typed.sql))" }
            guard isTemporal(source) else { throw noCast(source, target, at: position) }
            return try timestampValue(typed, as: target)
        case .interval:
            guard isText(source) else { throw noCast(source, target, at: position) }
            return "pg_interval(\(typed.sql))"
        default:
            return nil
        }
    }
}
