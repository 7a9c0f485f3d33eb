/// The date/time functions: now() and its kin, age, to_char, justify_*, make_interval, EXTRACT/date_part and
/// date_trunc over timestamps and intervals, and AT TIME ZONE 'UTC'.
extension QueryPlanner {
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
        let target: SQLType = value.type == .timestamp ? .timestamptz : .timestamp
        if let name = zoneValue.literal,
            ["utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal"].contains(name.lowercased())
        {
            return TypedSQL(sql: try Self.timestampValue(value, as: target), type: target, name: "timezone")
        }
        // A region of the time zone database (`Europe/Oslo`): its rules, daylight saving time included, come from
        // the engine's zone data. Abbreviations and POSIX offsets mean other things to PostgreSQL than to it.
        guard let name = zoneValue.literal, name.contains("/"), !name.contains(where: { $0.isNumber }) else {
            throw .refused(
                "AT TIME ZONE other than 'UTC' or a region such as 'Europe/Oslo'",
                hint: "name the zone by its region ('America/New_York'), or convert with AT TIME ZONE 'UTC'",
                at: zone.position)
        }
        let fromLocal = value.type == .timestamp ? 1 : 0
        return TypedSQL(
            sql: "pg_at_time_zone(\(value.sql), \(Self.string(name)), \(fromLocal))", type: target, name: "timezone")
    }
}
