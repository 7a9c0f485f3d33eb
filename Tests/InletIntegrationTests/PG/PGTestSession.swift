import Foundation
import InletServer
import NIOConcurrencyHelpers
import SQL

/// A small SQL session for testing the pgwire server with real clients before (and apart from) the catalog:
/// literal SELECTs with casts and parameters, a tiny `items` table, SET/SHOW, BEGIN/COMMIT/ROLLBACK, `pg_sleep`,
/// `RAISE 'notice'`, and syntax errors with positions.
final class PGTestSession: SQLSession {
    private let state: NIOLockedValueBox<[String: String]>
    private let items: NIOLockedValueBox<[(String, Int)]>

    init(items: NIOLockedValueBox<[(String, Int)]>) {
        self.items = items
        self.state = NIOLockedValueBox(["TimeZone": "UTC", "application_name": ""])
    }

    func parameterStatus() async -> [(name: String, value: String)] {
        state.withLockedValue { $0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func executeSimple(_ sql: String, onResult: (StatementResult) async throws -> Void) async throws {
        for (statement, offset) in Self.split(sql) {
            try await onResult(try await run(statement, offset: offset, parameters: []))
        }
    }

    func describe(_ sql: String, parameterTypes: [Int32]) async throws -> StatementDescription {
        let statements = Self.split(sql)
        guard statements.count == 1, let (statement, offset) = statements.first else {
            throw SQLError.syntax("cannot insert multiple commands into a prepared statement", position: nil)
        }
        let count = Self.parameterCount(statement)
        var types = (0..<count).map { index -> SQLType in
            index < parameterTypes.count && parameterTypes[index] != 0
                ? SQLType(oid: parameterTypes[index], name: "declared", size: -1) : .text
        }
        // Casts like $1::int4 give the parameter its type.
        for (index, cast) in Self.parameterCasts(statement) where index < types.count {
            if parameterTypes.count <= index || parameterTypes[index] == 0 { types[index] = cast }
        }
        let placeholders = types.map { Self.sample(for: $0) }
        let result = try await run(statement, offset: offset, parameters: placeholders, dryRun: true)
        return StatementDescription(parameterTypes: types, columns: result.columns)
    }

    func execute(_ sql: String, parameters: [String?]) async throws -> StatementResult {
        guard let (statement, offset) = Self.split(sql).first else { return .command("EMPTY") }
        return try await run(statement, offset: offset, parameters: parameters)
    }

    // MARK: The statements

    private func run(_ statement: String, offset: Int, parameters: [String?], dryRun: Bool = false) async throws
        -> StatementResult
    {
        let words = statement.split(separator: " ", maxSplits: 1).map(String.init)
        let keyword = words.first?.uppercased() ?? ""
        let rest = words.count > 1 ? words[1] : ""
        switch keyword {
        case "BEGIN", "COMMIT", "ROLLBACK":
            return .command(keyword)
        case "SET":
            let parts = rest.components(separatedBy: CharacterSet(charactersIn: "= ")).filter { !$0.isEmpty }
            guard parts.count >= 2 else { throw SQLError.syntax("SET needs a name and a value", position: offset + 4) }
            let value = parts.dropFirst().filter { $0.uppercased() != "TO" }.joined(separator: " ")
                .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            if !dryRun { state.withLockedValue { $0[Self.canonicalName(parts[0])] = value } }
            return .command("SET")
        case "SHOW":
            let name = Self.canonicalName(rest.trimmingCharacters(in: .whitespaces))
            guard let value = state.withLockedValue({ $0[name] }) else {
                throw SQLError(sqlState: "42704", message: "unrecognized configuration parameter \"\(rest)\"")
            }
            return StatementResult(
                columns: [ResultColumn(name: name.lowercased(), type: .text)], rows: [[value]], commandTag: "SHOW")
        case "RAISE":
            return .command(
                "DO", notices: [StatementNotice(.notice, rest.trimmingCharacters(in: CharacterSet(charactersIn: "'")))])
        case "INSERT":
            // INSERT <name> <number>
            if dryRun { return .command("INSERT 0 1") }
            let parts = rest.split(separator: " ").map(String.init)
            guard parts.count == 2 else {
                throw SQLError.syntax("INSERT takes a name and a number", position: offset + 8)
            }
            let name = try Self.resolve(parts[0], parameters)
            let number = try Self.resolve(parts[1], parameters)
            guard let name, let number, let n = Int(number) else {
                throw SQLError.invalidParameter("INSERT needs a name and an integer", hint: "e.g. INSERT a 1")
            }
            items.withLockedValue { $0.append((name, n)) }
            return .command("INSERT 0 1")
        case "SELECT":
            return try await select(rest, offset: offset + 7, parameters: parameters, dryRun: dryRun)
        default:
            let token = words.first ?? statement
            throw SQLError.syntax("syntax error at or near \"\(token)\"", position: offset + 1)
        }
    }

    private func select(_ list: String, offset: Int, parameters: [String?], dryRun: Bool) async throws
        -> StatementResult
    {
        if list.uppercased() == "* FROM ITEMS" {
            let rows = items.withLockedValue { $0 }.map { [$0.0, String($0.1)] as [String?] }
            return StatementResult(
                columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "n", type: .int8)], rows: rows,
                commandTag: "SELECT \(rows.count)")
        }
        if list.lowercased().hasPrefix("pg_sleep(") {
            let seconds = Double(list.dropFirst(9).dropLast()) ?? 0
            if !dryRun { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            return StatementResult(
                columns: [ResultColumn(name: "pg_sleep", type: .text)], rows: [[""]], commandTag: "SELECT 1")
        }
        var columns: [ResultColumn] = []
        var row: [String?] = []
        var position = offset
        for item in Self.splitList(list) {
            defer { position += item.count + 1 }
            var expression = item.trimmingCharacters(in: .whitespaces)
            var name = "?column?"
            if let alias = expression.range(of: " AS ", options: .caseInsensitive) {
                name = String(expression[alias.upperBound...]).trimmingCharacters(in: .whitespaces)
                expression = String(expression[..<alias.lowerBound])
            }
            var type: SQLType?
            if let cast = expression.range(of: "::") {
                type = Self.type(named: String(expression[cast.upperBound...]))
                expression = String(expression[..<cast.lowerBound])
                guard type != nil else {
                    throw SQLError(sqlState: "42704", message: "type \"\(item[cast.upperBound...])\" does not exist")
                }
            }
            let value: String?
            var inferred: SQLType
            if expression.hasPrefix("$") {
                value = try Self.resolve(expression, parameters)
                inferred = .text
            } else if expression.hasPrefix("'") && expression.hasSuffix("'") && expression.count >= 2 {
                value = String(expression.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                inferred = .text
            } else if expression.uppercased() == "NULL" {
                value = nil
                inferred = .text
            } else if ["TRUE", "FALSE"].contains(expression.uppercased()) {
                value = expression.uppercased() == "TRUE" ? "t" : "f"
                inferred = .bool
            } else if Int32(expression) != nil {
                value = expression
                inferred = .int4
            } else if Int64(expression) != nil {
                value = expression
                inferred = .int8
            } else if Double(expression) != nil {
                value = expression
                inferred = .numeric
            } else if expression.lowercased() == "now()" {
                value = "2026-11-21 05:00:00.123456+00"
                inferred = .timestamptz
            } else {
                let leading = item.prefix { $0 == " " }.count
                throw SQLError(
                    sqlState: "42703", message: "column \"\(expression)\" does not exist",
                    position: position + leading + 1)
            }
            let finalType = type ?? inferred
            columns.append(ResultColumn(name: name, type: finalType))
            row.append(try value.map { try Self.cast($0, to: finalType) })
        }
        return StatementResult(columns: columns, rows: [row], commandTag: "SELECT 1")
    }

    // MARK: Helpers

    /// Splits on semicolons outside quotes; returns each statement with its 0-based offset in `sql`.
    static func split(_ sql: String) -> [(String, Int)] {
        var statements: [(String, Int)] = []
        var current = ""
        var start = 0
        var inQuote = false
        for (index, character) in sql.enumerated() {
            if character == "'" { inQuote.toggle() }
            if character == ";" && !inQuote {
                statements.append((current, start))
                current = ""
                start = index + 1
            } else {
                current.append(character)
            }
        }
        statements.append((current, start))
        return statements.compactMap { text, offset in
            let leading = text.prefix { $0.isWhitespace }.count
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : (trimmed, offset + leading)
        }
    }

    static func splitList(_ list: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inQuote = false
        for character in list {
            if character == "'" { inQuote.toggle() }
            if character == "," && !inQuote {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items
    }

    static func parameterCount(_ sql: String) -> Int {
        var highest = 0
        let scanner = Array(sql)
        var index = 0
        while index < scanner.count {
            if scanner[index] == "$" {
                var digits = ""
                var next = index + 1
                while next < scanner.count, scanner[next].isNumber {
                    digits.append(scanner[next])
                    next += 1
                }
                highest = max(highest, Int(digits) ?? 0)
                index = next
            } else {
                index += 1
            }
        }
        return highest
    }

    static func parameterCasts(_ sql: String) -> [(Int, SQLType)] {
        var casts: [(Int, SQLType)] = []
        for piece in sql.components(separatedBy: "$").dropFirst() {
            let digits = piece.prefix { $0.isNumber }
            let rest = piece.dropFirst(digits.count)
            guard let number = Int(digits), rest.hasPrefix("::") else { continue }
            let name = rest.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if let type = type(named: String(name)) { casts.append((number - 1, type)) }
        }
        return casts
    }

    static func type(named name: String) -> SQLType? {
        switch name.lowercased().trimmingCharacters(in: .whitespaces) {
        case "int2", "smallint": .int2
        case "int4", "int", "integer": .int4
        case "int8", "bigint": .int8
        case "text": .text
        case "bool", "boolean": .bool
        case "float8", "double precision": .float8
        case "bytea": .bytea
        case "timestamptz": .timestamptz
        case "numeric": .numeric
        case "jsonb": .jsonb
        case "text[]": .textArray
        default: nil
        }
    }

    static func sample(for type: SQLType) -> String {
        switch type.oid {
        case SQLType.bool.oid: "t"
        case SQLType.bytea.oid: "\\x"
        case SQLType.timestamptz.oid: "2000-01-01 00:00:00+00"
        case SQLType.int2.oid, SQLType.int4.oid, SQLType.int8.oid, SQLType.float8.oid, SQLType.numeric.oid: "0"
        default: "x"
        }
    }

    static func cast(_ value: String, to type: SQLType) throws -> String {
        func invalid() -> SQLError {
            SQLError(sqlState: "22P02", message: "invalid input syntax for type \(type.name): \"\(value)\"")
        }
        switch type.oid {
        case SQLType.int2.oid: guard let v = Int16(value) else { throw invalid() }; return String(v)
        case SQLType.int4.oid: guard let v = Int32(value) else { throw invalid() }; return String(v)
        case SQLType.int8.oid: guard let v = Int64(value) else { throw invalid() }; return String(v)
        case SQLType.bool.oid:
            switch value.lowercased() {
            case "t", "true", "1", "on", "yes": return "t"
            case "f", "false", "0", "off", "no": return "f"
            default: throw invalid()
            }
        case SQLType.float8.oid:
            guard let v = Double(value) else { throw invalid() }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        default: return value
        }
    }

    static func resolve(_ token: String, _ parameters: [String?]) throws -> String? {
        guard token.hasPrefix("$") else { return token }
        guard let index = Int(token.dropFirst()), index >= 1, index <= parameters.count else {
            throw SQLError(sqlState: "42P02", message: "there is no parameter \(token)")
        }
        return parameters[index - 1]
    }

    static func canonicalName(_ name: String) -> String {
        switch name.lowercased() {
        case "timezone", "time zone": "TimeZone"
        case "datestyle": "DateStyle"
        default: name.lowercased()
        }
    }
}

/// Makes `PGTestSession`s sharing one `items` table, and counts the sessions it made.
final class PGTestSessionFactory: SQLSessionFactory {
    let items = NIOLockedValueBox<[(String, Int)]>([])
    let startups = NIOLockedValueBox<[SessionStartup]>([])

    func makeSession(_ startup: SessionStartup) async throws -> any SQLSession {
        startups.withLockedValue { $0.append(startup) }
        if startup.database == "refuse" { throw SQLError.undefinedObject("database \"refuse\" does not exist") }
        return PGTestSession(items: items)
    }
}
