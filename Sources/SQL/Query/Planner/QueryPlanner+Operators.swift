extension QueryPlanner {
    mutating func literal(_ literal: Literal, at position: SourcePosition, expecting: SQLType?)
        throws(QueryPlanningError) -> TypedSQL
    {
        switch literal {
        case .null:
            return TypedSQL(sql: "NULL", type: .unknown)
        case .boolean(let flag):
            return TypedSQL(sql: flag ? "1" : "0", type: .bool, name: "bool")
        case .number(let text):
            if let value = Int64(text) {
                let type: SQLType = Int32(exactly: value) != nil ? .int4 : .int8
                return TypedSQL(sql: value < 0 ? "(\(text))" : text, type: type)
            }
            // A constant with a point, an exponent or beyond 64 bits is numeric, kept as numeric's text.
            guard let value = PGDecimal(parsing: text), !value.isTooLarge else {
                throw .refused(
                    "the numeric constant \(text)", hint: "numerics have at most 1000 digits here", at: position)
            }
            return TypedSQL(sql: Self.string(value.text), type: .numeric)
        case .string(let text):
            return TypedSQL(sql: Self.string(text), type: .unknown, literal: text)
        }
    }

    mutating func binary(_ op: Operator, _ left: Expression, _ right: Expression, in scope: Scope)
        throws(QueryPlanningError) -> TypedSQL
    {
        guard op.schema == nil || op.schema == "pg_catalog" else {
            throw .unsupported("OPERATOR(\(op))", at: op.position)
        }
        switch op.symbol {
        case "=", "<>", "!=", "<", ">", "<=", ">=":
            let (a, b) = try comparable(left, right, in: scope, symbol: op.symbol, at: op.position)
            let symbol = op.symbol == "!=" ? "<>" : op.symbol
            return TypedSQL(sql: "(\(a.sql) \(symbol) \(b.sql))", type: .bool)
        case "+", "-", "*", "/", "%":
            var a = try expression(left, in: scope)
            // An untyped operand of date/time arithmetic takes the type PostgreSQL's operator resolution gives it.
            let rightType =
                a.type == .unknown
                ? nil : Self.temporalOperandType(op.symbol, known: a.type, knownIsLeft: true) ?? a.type
            var b = try expression(right, in: scope, expecting: rightType)
            if a.type == .unknown, b.type != .unknown {
                let leftType = Self.temporalOperandType(op.symbol, known: b.type, knownIsLeft: false) ?? b.type
                a = try expression(left, in: scope, expecting: leftType)
                if a.type == .unknown {
                    if leftType == .unknown { throw Self.ambiguousOperator(op.symbol, b.type, at: op.position) }
                    a = try coerce(a, to: leftType, at: left.position)
                }
            }
            if a.type == .unknown, b.type == .unknown {
                throw Self.noOperator(op.symbol, .unknown, .unknown, at: op.position)
            }
            if b.type == .unknown {
                let type = rightType ?? a.type
                if type == .unknown { throw Self.ambiguousOperator(op.symbol, a.type, at: op.position) }
                b = try coerce(b, to: type, at: right.position)
            }
            if Self.isDateTime(a.type) || Self.isDateTime(b.type) {
                return try temporalArithmetic(op.symbol, a, b, at: op.position)
            }
            if a.type == .jsonb, op.symbol == "-" { return try jsonbDeletion(a, b, at: op.position) }
            guard a.type.isNumeric, b.type.isNumeric, let type = Self.numericType(a.type, b.type) else {
                throw Self.noOperator(op.symbol, a.type, b.type, at: op.position)
            }
            if type == .numeric {
                // SQLite computes in binary floating point; PostgreSQL's numeric is exact decimal: the engine's
                // pg_num_* functions compute it digit by digit, with PostgreSQL's result scales.
                let function = ["+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"][op.symbol] ?? "add"
                return TypedSQL(sql: "pg_num_\(function)(\(a.sql), \(b.sql))", type: .numeric)
            }
            if type == .float8 || type == .float4 {
                // A numeric operand is numeric's text: SQLite would read a zero divisor's text as no number.
                if a.type == .numeric { a.sql = "CAST(\(a.sql) AS REAL)" }
                if b.type == .numeric { b.sql = "CAST(\(b.sql) AS REAL)" }
            }
            if op.symbol == "%", !(a.type.isInteger && b.type.isInteger) {
                throw .unsupported("% of non-integers", at: op.position)
            }
            // SQLite computes integers in 64 bits and turns an overflow into a real; PostgreSQL's integer
            // types raise 22003 "out of range", which the engine's pg_int4/pg_int8 checks give.
            // SQLite answers NULL for a division by zero; PostgreSQL raises 22012, which pg_nonzero gives.
            let divisor = op.symbol == "/" || op.symbol == "%" ? "pg_nonzero(\(b.sql))" : b.sql
            let sql = "(\(a.sql) \(op.symbol) \(divisor))"
            switch type {
            case .int2: return TypedSQL(sql: "pg_int2(\(sql))", type: type)
            case .int4: return TypedSQL(sql: "pg_int4(\(sql))", type: type)
            case .int8: return TypedSQL(sql: "pg_int8(\(sql))", type: type)
            case .float8, .float4: return TypedSQL(sql: "pg_float_checked(\(sql))", type: type)
            default: return TypedSQL(sql: sql, type: type)
            }
        case "^":
            // Integers and floats meet as double precision, as PostgreSQL resolves `2 ^ 10`; numeric's exact power
            // is not computed here.
            let a = try coerce(try expression(left, in: scope, expecting: .float8), to: .float8, at: left.position)
            let b = try coerce(try expression(right, in: scope, expecting: .float8), to: .float8, at: right.position)
            guard a.type.isNumeric, b.type.isNumeric else {
                throw Self.noOperator("^", a.type, b.type, at: op.position)
            }
            if a.type == .numeric || b.type == .numeric {
                throw .refused(
                    "^ of numeric", hint: "raise double precision: x::float8 ^ y::float8", at: op.position)
            }
            return TypedSQL(sql: "pg_power(\(a.sql), \(b.sql))", type: .float8)
        case "||":
            let a = try expression(left, in: scope, expecting: .text)
            let b = try expression(right, in: scope, expecting: .text)
            if a.type.elementType != nil || b.type.elementType != nil {
                return try arrayConcatenation(a, b, at: op.position)
            }
            if a.type == .jsonb || b.type == .jsonb { return try jsonbConcatenation(a, b, at: op.position) }
            for operand in [a, b] where operand.type == .bool || operand.type == .bytea {
                throw .unsupported("|| on \(operand.type.name)", at: op.position)
            }
            return TypedSQL(sql: "(\(a.sql) || \(b.sql))", type: .text)
        case "->", "->>", "#>", "#>>", "@>", "<@", "?", "?|", "?&":
            return try jsonbOperator(op, left, right, in: scope)
        case "~", "!~", "~*", "!~*":
            return try regexMatch(op, left, right, in: scope)
        default:
            throw .unsupported("the operator \(op.symbol)", at: op.position)
        }
    }

    /// Both sides of a comparison, with an untyped literal or parameter taking the other side's type.
    mutating func comparable(
        _ left: Expression, _ right: Expression, in scope: Scope, symbol: String, at position: SourcePosition
    ) throws(QueryPlanningError) -> (TypedSQL, TypedSQL) {
        var a = try expression(left, in: scope)
        var b = try expression(right, in: scope, expecting: a.type == .unknown ? nil : a.type)
        if a.type == .unknown, b.type != .unknown { a = try expression(left, in: scope, expecting: b.type) }
        if a.type == .unknown, b.type != .unknown { a = try coerce(a, to: b.type, at: left.position) }
        if b.type == .unknown, a.type != .unknown { b = try coerce(b, to: a.type, at: right.position) }
        // An object identifier is its name here: the oid it is compared with is looked up by name too.
        if a.type.isNumeric, b.type.isNumeric, a.type == .numeric || b.type == .numeric {
            if [a.type, b.type].contains(where: { $0 == .float8 || $0 == .float4 }) {
                // numeric meets float8 as float8, as PostgreSQL casts it.
                if a.type == .numeric { a.sql = "CAST(\(a.sql) AS REAL)" }
                if b.type == .numeric { b.sql = "CAST(\(b.sql) AS REAL)" }
            } else if !a.type.isObjectIdentifier, !b.type.isObjectIdentifier {
                // Exact comparison by value: the engine's pg_numeric collation over both sides' text.
                a.sql = "(CAST(\(a.sql) AS TEXT) COLLATE pg_numeric)"
                b.sql = "CAST(\(b.sql) AS TEXT)"
            }
        }
        if a.type.isObjectIdentifier, a.type == b.type, !["=", "<>", "!="].contains(symbol) {
            // They are names here; PostgreSQL orders them by oid.
            a = TypedSQL(sql: try objectOid(a, at: left.position), type: .oid, name: a.name)
            b = TypedSQL(sql: try objectOid(b, at: right.position), type: .oid, name: b.name)
        }
        if a.type.isObjectIdentifier, b.type.isInteger {
            b = TypedSQL(sql: try objectName(b.sql, as: a.type, at: right.position), type: a.type)
        } else if b.type.isObjectIdentifier, a.type.isInteger {
            a = TypedSQL(sql: try objectName(a.sql, as: b.type, at: left.position), type: b.type)
        }
        if a.type != b.type, let common = Self.temporalCommonType(a.type, b.type) {
            a = TypedSQL(sql: try Self.timestampOrDate(a, as: common), type: common, name: a.name)
            b = TypedSQL(sql: try Self.timestampOrDate(b, as: common), type: common, name: b.name)
        }
        try Self.checkComparable(a.type, b.type, symbol: symbol, at: position)
        if a.type == .interval {
            // PostgreSQL compares intervals as 30-day months and 24-hour days; the engine's collation does too.
            a.sql = "(\(a.sql) COLLATE pg_interval)"
        }
        if a.type == .jsonb {
            // PostgreSQL's jsonb order, in which numbers compare by value: the engine's collation.
            a.sql = "(\(a.sql) COLLATE pg_jsonb)"
        }
        return (a, b)
    }

    private static func timestampOrDate(_ typed: TypedSQL, as type: SQLType) throws(QueryPlanningError) -> String {
        type == .date ? typed.sql : try timestampValue(typed, as: type)
    }

    static func checkComparable(_ a: SQLType, _ b: SQLType, symbol: String, at position: SourcePosition)
        throws(QueryPlanningError)
    {
        if a.isObjectIdentifier || b.isObjectIdentifier, !["=", "<>", "!="].contains(symbol) {
            // They are names here; PostgreSQL orders them by oid.
            throw .refused(
                "\(symbol) on \(a.isObjectIdentifier ? a.name : b.name)", hint: "compare their oids (x::oid)",
                at: position)
        }
        if a == .unknown || b == .unknown { return }
        if a.isNumeric && b.isNumeric { return }
        if Self.isText(a) && Self.isText(b) { return }
        if a == b, a != .textArray { return }
        throw noOperator(symbol, a, b, at: position)
    }

    /// An untyped literal (or NULL) as a value of `type`, checked the way PostgreSQL reads its input.
    mutating func coerce(_ typed: TypedSQL, to type: SQLType, at position: SourcePosition) throws(QueryPlanningError)
        -> TypedSQL
    {
        guard typed.type == .unknown else { return typed }
        if typed.literal == nil, typed.sql != "NULL", type == .regclass || type == .regnamespace || type == .regtype {
            // A parameter read as an object's name, as PostgreSQL reads `$1::regclass`.
            return TypedSQL(sql: try objectInput(typed.sql, as: type, at: position), type: type, name: typed.name)
        }
        guard let text = typed.literal else {
            // NULL, or a parameter whose type the context did not decide.
            return TypedSQL(sql: typed.sql, type: type, name: typed.name)
        }
        func invalid() -> QueryPlanningError {
            QueryPlanningError(
                sqlState: "22P02", message: "invalid input syntax for type \(type.name): \"\(text)\"",
                position: position)
        }
        let trimmed = text.trimmingSpaces
        if type.isInteger {
            let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
            let isNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            let range: ClosedRange<Int64> =
                type == .int2 ? -32768...32767 : type == .int4 ? -2_147_483_648...2_147_483_647 : Int64.min...Int64.max
            guard let value = Int64(trimmed), range.contains(value) else {
                guard isNumber else { throw invalid() }
                // PostgreSQL reads the digits, then finds them too many for the type.
                throw QueryPlanningError(
                    sqlState: "22003", message: "value \"\(text)\" is out of range for type \(type.name)",
                    position: position)
            }
            return TypedSQL(sql: String(value), type: type, name: typed.name)
        }
        if type == .numeric {
            guard let value = PGDecimal(parsing: trimmed) else {
                if ["nan", "infinity", "-infinity", "+infinity"].contains(trimmed.lowercased()) {
                    throw .refused("NaN and infinite numerics", hint: "use double precision", at: position)
                }
                throw invalid()
            }
            return TypedSQL(sql: Self.string(value.text), type: type, name: typed.name)
        }
        if type == .float8 || type == .float4 {
            guard let value = Double(trimmed), value.isFinite else { throw invalid() }
            return TypedSQL(sql: String(value), type: type, name: typed.name)
        }
        if type == .bool {
            switch trimmed.lowercased() {
            case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1": return TypedSQL(sql: "1", type: .bool)
            case "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0": return TypedSQL(sql: "0", type: .bool)
            default: throw invalid()
            }
        }
        if Self.isText(type) { return TypedSQL(sql: typed.sql, type: type, name: typed.name) }
        if type == .jsonb { return TypedSQL(sql: "pg_jsonb(\(typed.sql))", type: .jsonb, name: typed.name) }
        if type == .date {
            return TypedSQL(sql: Self.string(try Self.dateLiteral(text, at: position)), type: .date, name: typed.name)
        }
        if type == .timestamp || type == .timestamptz || type == .interval {
            return TypedSQL(sql: try Self.dateTimeLiteral(text, as: type, at: position), type: type, name: typed.name)
        }
        if type == .bytea {
            return TypedSQL(sql: try Self.byteaLiteral(text, at: position), type: .bytea, name: typed.name)
        }
        if type == .regproc {
            // Functions are named here (pg_proc lists none): the name without its schema.
            let name = trimmed.split(separator: ".").last.map(String.init) ?? trimmed
            return TypedSQL(sql: Self.string(name), type: type, name: typed.name)
        }
        if type == .regclass || type == .regnamespace || type == .regtype {
            return TypedSQL(sql: try objectInput(typed.sql, as: type, at: position), type: type, name: typed.name)
        }
        if type.elementType != nil, trimmed.hasPrefix("{"), trimmed.hasSuffix("}") {
            return TypedSQL(sql: "pg_array_in(\(typed.sql))", type: type, name: typed.name)
        }
        throw .unsupported("a literal of type \(type.name)", at: position)
    }

    /// A bytea input text (`\x` and hex digit pairs, or the escape format's `\nnn` octets and `\\`) as an
    /// SQLite blob literal, with PostgreSQL's errors for text it would not take.
    static func byteaLiteral(_ text: String, at position: SourcePosition) throws(QueryPlanningError) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") {
            var index = 2
            while index < bytes.count {
                if bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                    index += 1
                    continue
                }
                guard let high = hexValue(bytes[index]) else {
                    throw QueryPlanningError(
                        sqlState: "22023",
                        message: "invalid hexadecimal digit: \"\(Character(Unicode.Scalar(bytes[index])))\"",
                        position: position)
                }
                guard index + 1 < bytes.count else {
                    throw QueryPlanningError(
                        sqlState: "22023", message: "invalid hexadecimal data: odd number of digits", position: position
                    )
                }
                guard let low = hexValue(bytes[index + 1]) else {
                    throw QueryPlanningError(
                        sqlState: "22023",
                        message: "invalid hexadecimal digit: \"\(Character(Unicode.Scalar(bytes[index + 1])))\"",
                        position: position)
                }
                output.append(high << 4 | low)
                index += 2
            }
        } else {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
                    output.append(byte)
                    index += 2
                } else if index + 3 < bytes.count, let a = octal(bytes[index + 1]), a <= 3,
                    let b = octal(bytes[index + 2]),
                    let c = octal(bytes[index + 3])
                {
                    output.append(a << 6 | b << 3 | c)
                    index += 4
                } else {
                    throw QueryPlanningError(
                        sqlState: "22P02", message: "invalid input syntax for type bytea", position: position)
                }
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var hex = "X'"
        hex.reserveCapacity(output.count * 2 + 3)
        for byte in output {
            hex.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
            hex.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
        }
        return hex + "'"
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func octal(_ byte: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) ? byte - UInt8(ascii: "0") : nil
    }

    static func isText(_ type: SQLType) -> Bool {
        type == .text || type == .varchar || type == .name || type == .char || type == .pgNodeTree
    }

    static func isTemporal(_ type: SQLType) -> Bool {
        type == .date || type == .timestamp || type == .timestamptz
    }

    /// The type of arithmetic on two numeric types, as PostgreSQL's promotions give it.
    static func numericType(_ a: SQLType, _ b: SQLType) -> SQLType? {
        let order: [SQLType] = [.int2, .int4, .oid, .int8, .numeric, .float4, .float8]
        guard let i = order.firstIndex(of: a), let j = order.firstIndex(of: b) else { return nil }
        let result = order[max(i, j)]
        return result == .oid ? .int8 : result
    }

    /// The type every one of `types` resolves to, as COALESCE, GREATEST and LEAST type their arguments; 42804
    /// naming `construct` (e.g. `COALESCE`) and the first pair that cannot be matched.
    static func commonType(of types: [SQLType], in construct: String, at position: SourcePosition)
        throws(QueryPlanningError) -> SQLType
    {
        var type = SQLType.unknown
        for next in types {
            guard let common = commonType(type, next) else {
                throw QueryPlanningError(
                    sqlState: "42804", message: "\(construct) types \(type.name) and \(next.name) cannot be matched",
                    position: position)
            }
            type = common
        }
        return type
    }

    /// The type two branches (CASE, UNION, VALUES, COALESCE) resolve to, or nil when they cannot be matched.
    static func commonType(_ a: SQLType, _ b: SQLType) -> SQLType? {
        if a == .unknown { return b }
        if b == .unknown || a == b { return a }
        if a.isNumeric, b.isNumeric { return numericType(a, b) }
        if isText(a), isText(b) { return .text }
        return temporalCommonType(a, b)
    }
}
