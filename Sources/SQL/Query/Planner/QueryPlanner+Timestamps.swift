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

    /// The SQL of `now()`: SQLite's 'now' is one instant per statement (PostgreSQL's is per transaction), in
    /// milliseconds.
    static let nowSQL = "pg_timestamptz(strftime('%Y-%m-%d %H:%M:%f', 'now'))"

    /// The date/time functions: now() and its kin, age, to_char, justify_*, make_interval, date_part and
    /// date_trunc over timestamps and intervals; nil for other functions.
    mutating func timeFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        func arity(_ counts: ClosedRange<Int>) throws(QueryPlanningError) {
            guard counts.contains(arguments.count) else {
                let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position,
                    hint: "No function matches the given name and argument types.")
            }
        }
        switch name {
        case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp":
            try arity(0...0)
            return TypedSQL(sql: Self.nowSQL, type: .timestamptz, name: name)
        case "age":
            try arity(1...2)
            var values: [TypedSQL] = []
            for argument in arguments {
                let value = try coerce(argument, to: .timestamp, at: position)
                guard Self.isTemporal(value.type) else {
                    throw QueryPlanningError(
                        sqlState: "42883", message: "function age(\(value.type.name)) does not exist",
                        position: position)
                }
                values.append(value)
            }
            if values.count == 1 {
                // age(x) is the age at today's midnight.
                values.insert(TypedSQL(sql: "date('now')", type: .date), at: 0)
            }
            let zoned = values.contains { $0.type == .timestamptz }
            let type: SQLType = zoned ? .timestamptz : .timestamp
            let x = try Self.timestampValue(values[0], as: type)
            let y = try Self.timestampValue(values[1], as: type)
            return TypedSQL(sql: "pg_age(\(x), \(y), \(zoned ? 1 : 0))", type: .interval, name: name)
        case "to_char":
            try arity(2...2)
            var value = try coerce(arguments[0], to: .timestamptz, at: position)
            if value.type == .date {
                value = TypedSQL(sql: try Self.timestampValue(value, as: .timestamptz), type: .timestamptz)
            }
            guard Self.isTimestamp(value.type) else {
                if value.type.isNumeric || value.type == .interval {
                    throw .refused(
                        "to_char(\(value.type.name), …)", hint: "to_char formats timestamps here; cast numbers to text",
                        at: position)
                }
                throw QueryPlanningError(
                    sqlState: "42883", message: "function to_char(\(value.type.name), unknown) does not exist",
                    position: position)
            }
            let pattern = arguments[1].literal
            let format = try coerce(arguments[1], to: .text, at: position)
            guard Self.isText(format.type) else {
                throw QueryPlanningError(
                    sqlState: "42883",
                    message: "function to_char(\(value.type.name), \(format.type.name)) does not exist",
                    position: position)
            }
            if let literal = pattern {
                // Check the pattern now, so a pattern not translated is refused before the query runs.
                do {
                    _ = try PGTimestamp.toChar(0, format: literal, withZone: true)
                } catch {
                    if case .notTranslated(let what) = error {
                        throw .refused(
                            what,
                            hint:
                                "to_char here knows YYYY YY MM DD DDD D HH24 HH12 MI SS MS US Mon Month Dy Day AM PM Q IW IYYY TZ and FM; quote other text",
                            at: position)
                    }
                }
            }
            return TypedSQL(
                sql: "pg_to_char(\(value.sql), \(format.sql), \(value.type == .timestamptz ? 1 : 0))", type: .text,
                name: name)
        case "justify_hours", "justify_days", "justify_interval":
            try arity(1...1)
            let value = try coerce(arguments[0], to: .interval, at: position)
            guard value.type == .interval else {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(value.type.name)) does not exist",
                    position: position)
            }
            let kind = name == "justify_hours" ? "hours" : name == "justify_days" ? "days" : "interval"
            return TypedSQL(sql: "pg_justify(\(value.sql), '\(kind)')", type: .interval, name: name)
        case "make_interval":
            try arity(0...7)
            var parts: [String] = []
            for (index, argument) in arguments.enumerated() {
                let type: SQLType = index == 6 ? .float8 : .int4
                let value = try coerce(argument, to: type, at: position)
                guard value.type.isInteger || (index == 6 && value.type.isNumeric) else {
                    throw QueryPlanningError(
                        sqlState: "42883", message: "function make_interval(\(value.type.name), …) does not exist",
                        position: position)
                }
                parts.append("CAST(\(value.sql) AS \(index == 6 ? "REAL" : "INTEGER"))")
            }
            while parts.count < 7 { parts.append("0") }
            return TypedSQL(sql: "pg_make_interval(\(parts.joined(separator: ", ")))", type: .interval, name: name)
        default:
            return nil
        }
    }

    /// `date_trunc('unit', value)`: a timestamp stays a timestamp, a timestamptz (and a date, as PostgreSQL casts
    /// it) gives a timestamptz.
    mutating func dateTrunc(_ field: String, _ argument: TypedSQL, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        var value = try coerce(argument, to: .timestamptz, at: position)
        if value.type == .date {
            value = TypedSQL(sql: try Self.timestampValue(value, as: .timestamptz), type: .timestamptz)
        }
        guard Self.isTimestamp(value.type) else {
            if value.type == .interval {
                throw .refused("date_trunc of an interval", hint: "truncate a timestamp instead", at: position)
            }
            throw QueryPlanningError(
                sqlState: "42883", message: "function date_trunc(unknown, \(value.type.name)) does not exist",
                position: position)
        }
        let unit = field.lowercased()
        guard PGTimestamp.truncated(0, to: unit) != nil else {
            throw QueryPlanningError(
                sqlState: "22023", message: "unit \"\(unit)\" not recognized for type \(value.type.name)",
                position: position)
        }
        let zoned = value.type == .timestamptz
        return TypedSQL(
            sql: "pg_date_trunc(\(Self.string(unit)), \(value.sql), \(zoned ? 1 : 0))", type: value.type,
            name: "date_trunc")
    }

    /// `EXTRACT(field FROM timestamp | timestamptz | interval)` (numeric) and `date_part` (double precision).
    func timeExtract(_ field: String, from value: TypedSQL, function: String, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        let unit = field.lowercased()
        let kind = value.type == .interval ? 3 : value.type == .timestamptz ? 2 : 1
        // Check the unit now: PostgreSQL refuses an unknown unit whatever the rows.
        do {
            if kind == 3 {
                _ = try PGTimestamp.extract(unit, from: PGInterval())
            } else {
                _ = try PGTimestamp.extract(unit, from: 0, withZone: kind == 2)
            }
        } catch {
            switch error {
            case .notSupported:
                throw QueryPlanningError(
                    sqlState: "0A000", message: "unit \"\(unit)\" not supported for type \(value.type.name)",
                    position: position)
            case .notRecognized:
                throw QueryPlanningError(
                    sqlState: "22023", message: "unit \"\(unit)\" not recognized for type \(value.type.name)",
                    position: position)
            case .notTranslated(let what):
                throw .refused("\(function)('\(what)' …)", hint: "extract the epoch instead", at: position)
            }
        }
        let sql = "pg_extract(\(Self.string(unit)), \(value.sql), \(kind))"
        if function == "date_part" { return TypedSQL(sql: "CAST(\(sql) AS REAL)", type: .float8, name: function) }
        return TypedSQL(sql: sql, type: .numeric, name: function)
    }

    /// `x AT TIME ZONE 'UTC'`: a timestamp read as UTC is a timestamptz, a timestamptz's UTC wall clock a
    /// timestamp. Other zones need a time zone database this planner does not carry.
    mutating func atTimeZone(_ operand: Expression, zone: Expression, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        var value = try expression(operand, in: scope)
        value = try coerce(value, to: .timestamptz, at: operand.position)
        if value.type == .date {
            value = TypedSQL(sql: try Self.timestampValue(value, as: .timestamptz), type: .timestamptz)
        }
        guard Self.isTimestamp(value.type) else {
            throw QueryPlanningError(
                sqlState: "42883", message: "function timezone(unknown, \(value.type.name)) does not exist",
                position: position)
        }
        let zoneValue = try expression(zone, in: scope)
        guard let name = zoneValue.literal,
            ["utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal"].contains(name.lowercased())
        else {
            throw .refused(
                "AT TIME ZONE other than 'UTC'", hint: "the session's TimeZone is UTC; convert with AT TIME ZONE 'UTC'",
                at: zone.position)
        }
        let target: SQLType = value.type == .timestamp ? .timestamptz : .timestamp
        return TypedSQL(sql: try Self.timestampValue(value, as: target), type: target, name: "timezone")
    }
}
