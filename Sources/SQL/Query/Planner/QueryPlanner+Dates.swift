/// PostgreSQL's `date` in SQLite: a value is its ISO text (`2024-01-05`, what PostgreSQL prints with DateStyle ISO),
/// so comparison and ordering are text comparison, and arithmetic goes through SQLite's `date()` and `julianday()`.
/// Only years 1 to 9999 written as `YYYY-MM-DD` are read; other spellings PostgreSQL accepts are refused with 0A000,
/// never read differently.
extension QueryPlanner {
    /// What a date's input text is: an ISO date (`YYYY-MM-DD`, optionally followed by a time, which a date drops),
    /// a date that does not exist (2024-02-30), or a spelling this reader does not take.
    public enum DateInput: Equatable, Sendable {
        case valid(String)
        case outOfRange
        case unreadable
    }

    public static func dateInput(_ text: String) -> DateInput {
        let characters = Array(text.trimmingSpaces.unicodeScalars)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count else { return nil }
            var value = 0
            for index in range {
                guard characters[index].isASCII, let digit = Int(String(characters[index])) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-", let year = digits(0..<4),
            let month = digits(5..<7), let day = digits(8..<10),
            characters.count == 10 || characters[10] == " " || characters[10] == "T"
        else { return .unreadable }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else {
            return .outOfRange
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: characters.prefix(10))
        return .valid(result)
    }

    /// A date literal checked as PostgreSQL reads it.
    static func dateLiteral(_ text: String, at position: SourcePosition) throws(QueryPlanningError) -> String {
        switch dateInput(text) {
        case .valid(let date):
            return date
        case .outOfRange:
            throw QueryPlanningError(
                sqlState: "22008", message: "date/time field value out of range: \"\(text)\"", position: position)
        case .unreadable:
            throw .unsupported("a date written other than YYYY-MM-DD (\"\(text)\")", at: position)
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `date ± integer`, `integer + date` (a date) and `date - date` (the days between, an integer).
    func dateArithmetic(_ symbol: String, _ a: TypedSQL, _ b: TypedSQL, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        switch (symbol, a.type, b.type) {
        case ("+", .date, let other) where other.isInteger && other != .oid:
            return TypedSQL(sql: "date(\(a.sql), printf('%+d days', \(b.sql)))", type: .date)
        case ("+", let other, .date) where other.isInteger && other != .oid:
            return TypedSQL(sql: "date(\(b.sql), printf('%+d days', \(a.sql)))", type: .date)
        case ("-", .date, let other) where other.isInteger && other != .oid:
            return TypedSQL(sql: "date(\(a.sql), printf('%+d days', -(\(b.sql))))", type: .date)
        case ("-", .date, .date):
            return TypedSQL(sql: "CAST(round(julianday(\(a.sql)) - julianday(\(b.sql))) AS INTEGER)", type: .int4)
        default:
            throw Self.noOperator(symbol, a.type, b.type, at: position)
        }
    }

    /// A value of `type` as a date: text through the engine's `pg_date` (PostgreSQL's input checks), a timestamp's
    /// day (timestamptz in the session's UTC).
    static func dateCast(_ typed: TypedSQL, from source: SQLType, at position: SourcePosition)
        throws(QueryPlanningError) -> String
    {
        if Self.isText(source) { return "pg_date(\(typed.sql))" }
        if source == .timestamp || source == .timestamptz { return "substr(\(typed.sql), 1, 10)" }
        throw Self.noCast(source, .date, at: position)
    }

    /// `EXTRACT(field FROM date)` (numeric) and `date_part('field', date)` (double precision); PostgreSQL's
    /// error for a field a date has not.
    mutating func extract(
        _ field: String, from operand: TypedSQL, function: String, at position: SourcePosition
    ) throws(QueryPlanningError) -> TypedSQL {
        let value = try coerce(operand, to: .date, at: position)
        guard value.type == .date else {
            if value.type == .timestamp || value.type == .timestamptz || value.type == .interval {
                return try timeExtract(field, from: value, function: function, at: position)
            }
            throw QueryPlanningError(
                sqlState: "42883", message: "function \(function)(unknown, \(value.type.name)) does not exist",
                position: position)
        }
        let d = value.sql
        func part(_ format: String) -> String { "CAST(strftime('\(format)', \(d)) AS INTEGER)" }
        let sql: String
        switch field.lowercased() {
        case "year": sql = part("%Y")
        case "month": sql = part("%m")
        case "day": sql = part("%d")
        case "dow": sql = part("%w")
        case "isodow": sql = "((\(part("%w")) + 6) % 7 + 1)"
        case "doy": sql = part("%j")
        case "quarter": sql = "((\(part("%m")) + 2) / 3)"
        case "decade": sql = "(\(part("%Y")) / 10)"
        case "century": sql = "((\(part("%Y")) + 99) / 100)"
        case "millennium": sql = "((\(part("%Y")) + 999) / 1000)"
        case "epoch": sql = "CAST(round((julianday(\(d)) - 2440587.5) * 86400) AS INTEGER)"
        case "hour", "minute", "second", "milliseconds", "microseconds", "timezone", "timezone_hour",
            "timezone_minute":
            throw QueryPlanningError(
                sqlState: "0A000", message: "unit \"\(field.lowercased())\" not supported for type date",
                position: position)
        case "week", "isoyear":
            return try timeExtract(
                field, from: TypedSQL(sql: try Self.timestampValue(value, as: .timestamp), type: .timestamp),
                function: function, at: position)
        case "julian":
            throw .refused("\(function)('julian' …)", hint: "extract the epoch instead", at: position)
        default:
            throw QueryPlanningError(
                sqlState: "22023", message: "unit \"\(field.lowercased())\" not recognized for type date",
                position: position)
        }
        let type: SQLType = function == "date_part" ? .float8 : .numeric
        return TypedSQL(sql: "(CASE WHEN \(d) IS NULL THEN NULL ELSE \(sql) END)", type: type, name: function)
    }

    /// `date_part`, `date_trunc` over dates (`date_trunc` of a date is a timestamptz at midnight UTC, as in
    /// PostgreSQL with TimeZone UTC); nil for other functions.
    mutating func dateFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        guard name == "date_part" || name == "date_trunc" else { return nil }
        guard arguments.count == 2, let field = arguments[0].literal else {
            throw .unsupported("\(name) without a constant field", at: position)
        }
        if name == "date_part" { return try extract(field, from: arguments[1], function: name, at: position) }
        let value = try coerce(arguments[1], to: .date, at: position)
        guard value.type == .date else { return try dateTrunc(field, value, at: position) }
        let d = value.sql
        let day: String
        switch field.lowercased() {
        case "day": day = d
        case "week": day = "date(\(d), printf('-%d days', (CAST(strftime('%w', \(d)) AS INTEGER) + 6) % 7))"
        case "month": day = "strftime('%Y-%m-01', \(d))"
        case "quarter":
            day =
                "printf('%s-%02d-01', strftime('%Y', \(d)), ((CAST(strftime('%m', \(d)) AS INTEGER) - 1) / 3) * 3 + 1)"
        case "year": day = "strftime('%Y-01-01', \(d))"
        default: return try dateTrunc(field, value, at: position)
        }
        return TypedSQL(
            sql: "(CASE WHEN \(d) IS NULL THEN NULL ELSE \(day) || ' 00:00:00+00' END)", type: .timestamptz,
            name: name)
    }
}

extension SQLType {
    public static let interval = SQLType(oid: 1186, name: "interval", size: 16)
}
