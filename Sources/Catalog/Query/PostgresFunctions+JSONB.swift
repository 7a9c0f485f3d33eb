import Formats
import GRDB
import SQL

/// PostgreSQL's jsonb operators and functions for the query planner's SQL. A jsonb value is the text PostgreSQL
/// prints for it (what FORMAT JSON sources store); every function here returns that text, so values compare and
/// print as PostgreSQL's do.
enum PostgresJSONBFunctions {
    static func install(in db: Database) {
        // jsonb's order and equality: PostgreSQL's, where numbers compare by value (`1.0` equals `1`).
        db.add(
            collation: DatabaseCollation("pg_jsonb") { a, b in
                guard let x = try? JSONBValue(parsing: a), let y = try? JSONBValue(parsing: b) else {
                    return a.utf8.lexicographicallyPrecedes(b.utf8)
                        ? .orderedAscending : a.utf8.elementsEqual(b.utf8) ? .orderedSame : .orderedDescending
                }
                switch JSONBValue.compareDocuments(x, y) {
                case -1: return .orderedAscending
                case 0: return .orderedSame
                default: return .orderedDescending
                }
            })
        // text::jsonb: jsonb's canonical text (keys sorted and unique, numbers as numeric prints them).
        function(db, "pg_jsonb", 1) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            return try canonical(text)
        }
        // doc -> key (text: an object's member; integer: an array's element).
        function(db, "pg_jsonb_get", 3) { values in
            guard let document = try document(values[0]), let found = step(document, values[1]) else { return nil }
            return Int.fromDatabaseValue(values[2]) == 1 ? found.textValue : found.text
        }
        // doc #> path, doc #>> path.
        function(db, "pg_jsonb_path", 3) { values in
            guard let document = try document(values[0]), let path = String.fromDatabaseValue(values[1]) else {
                return nil
            }
            guard let steps = PGArrayText(parsing: path)?.elements else {
                throw DatabaseError(message: "malformed array literal: \"\(path)\"")
            }
            guard let found = document.path(steps) else { return nil }
            return Int.fromDatabaseValue(values[2]) == 1 ? found.textValue : found.text
        }
        function(db, "pg_jsonb_contains", 2) { values in
            guard let a = try document(values[0]), let b = try document(values[1]) else { return nil }
            return a.contains(b)
        }
        function(db, "pg_jsonb_exists", 2) { values in
            guard let document = try document(values[0]), let key = String.fromDatabaseValue(values[1]) else {
                return nil
            }
            return document.exists(key)
        }
        // doc ?| keys (any = 1) and doc ?& keys (any = 0).
        function(db, "pg_jsonb_exists_keys", 3) { values in
            guard let document = try document(values[0]), let keys = try textArray(values[1]) else { return nil }
            let present = keys.compactMap { $0 }.map(document.exists)
            return Int.fromDatabaseValue(values[2]) == 1 ? present.contains(true) : !present.contains(false)
        }
        function(db, "pg_jsonb_concat", 2) { values in
            guard let a = try document(values[0]), let b = try document(values[1]) else { return nil }
            return a.concatenated(with: b).text
        }
        // doc - key (text) or doc - index (integer).
        function(db, "pg_jsonb_delete", 2) { values in
            guard let document = try document(values[0]) else { return nil }
            do {
                switch values[1].storage {
                case .null: return nil
                case .int64(let index): return try document.deleting(index: Int(index)).text
                default:
                    guard let key = String.fromDatabaseValue(values[1]) else { return nil }
                    return try document.deleting(key: key).text
                }
            } catch let error as JSONBError {
                throw DatabaseError(message: error.message)
            }
        }
        function(db, "pg_jsonb_delete_keys", 2) { values in
            guard var document = try document(values[0]), let keys = try textArray(values[1]) else { return nil }
            do {
                for key in keys.compactMap({ $0 }) { document = try document.deleting(key: key) }
            } catch let error as JSONBError {
                throw DatabaseError(message: error.message)
            }
            return document.text
        }
        function(db, "pg_jsonb_typeof", 1) { values in
            try document(values[0])?.typeName
        }
        function(db, "pg_jsonb_array_length", 1) { values in
            guard let document = try document(values[0]) else { return nil }
            switch document {
            case .array(let elements): return elements.count
            case .object: throw DatabaseError(message: "cannot get array length of a non-array")
            default: throw DatabaseError(message: "cannot get array length of a scalar")
            }
        }
        // jsonb_object_keys' argument, refused unless an object (the keys come from json_each over it).
        function(db, "pg_jsonb_object_keys_check", 1) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            switch try JSONBValue(parsing: text) {
            case .object: return text
            case .array: throw DatabaseError(message: "cannot call jsonb_object_keys on an array")
            default: throw DatabaseError(message: "cannot call jsonb_object_keys on a scalar")
            }
        }
        // jsonb_array_elements' argument, refused unless an array (the elements come from json_each over it).
        function(db, "pg_jsonb_array_check", 1) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            switch try JSONBValue(parsing: text) {
            case .array: return text
            case .object: throw DatabaseError(message: "cannot extract elements from an object")
            default: throw DatabaseError(message: "cannot extract elements from a scalar")
            }
        }
        // jsonb_build_object(key, kind, value, …): `kind` says how the value becomes jsonb (see `value(_:kind:)`).
        db.add(
            function: DatabaseFunction("pg_jsonb_build_object", argumentCount: nil, pure: true) { values in
                var members: [JSONBValue.Member] = []
                var index = 0
                while index + 2 < values.count {
                    guard let key = keyText(values[index]) else {
                        throw DatabaseError(message: "argument \(index / 3 * 2 + 1): key must not be null")
                    }
                    members.append(
                        JSONBValue.Member(
                            key: key,
                            value: try value(values[index + 2], kind: String.fromDatabaseValue(values[index + 1]))))
                    index += 3
                }
                return JSONBValue.object(sorting: members).text
            })
        db.add(function: DatabaseFunction("pg_jsonb_agg", argumentCount: 2, pure: true, aggregate: JSONBAggregate.self))
    }

    private static func function(
        _ db: Database, _ name: String, _ count: Int,
        _ body: @escaping @Sendable ([DatabaseValue]) throws -> (any DatabaseValueConvertible)?
    ) {
        db.add(function: DatabaseFunction(name, argumentCount: count, pure: true, function: body))
    }

    static func canonical(_ text: String) throws -> String {
        var text = text
        do {
            return try text.withUTF8 { utf8 in try JSONFormat.decode(UnsafeRawBufferPointer(utf8)) }
        } catch let error as DecodeError {
            throw DatabaseError(message: "invalid input syntax for type json: \(error.reason)")
        }
    }

    static func document(_ value: DatabaseValue) throws -> JSONBValue? {
        guard let text = String.fromDatabaseValue(value) else { return nil }
        do {
            return try JSONBValue(parsing: text)
        } catch {
            throw DatabaseError(message: error.message)
        }
    }

    private static func step(_ document: JSONBValue, _ key: DatabaseValue) -> JSONBValue? {
        switch key.storage {
        case .null: return nil
        case .int64(let index): return document.element(Int(index))
        default: return String.fromDatabaseValue(key).flatMap(document.member)
        }
    }

    private static func textArray(_ value: DatabaseValue) throws -> [String?]? {
        guard let text = String.fromDatabaseValue(value) else { return nil }
        guard let array = PGArrayText(parsing: text) else {
            throw DatabaseError(message: "malformed array literal: \"\(text)\"")
        }
        return array.elements
    }

    private static func keyText(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        default: return String.fromDatabaseValue(value)
        }
    }

    /// A SQL value as jsonb, by the planner's `kind` for its type: `j` jsonb, `t` text, `n` a number, `b` a boolean,
    /// `ts` a timestamp and `tz` a timestamptz (ISO 8601 with `T`, as to_jsonb writes them).
    static func value(_ value: DatabaseValue, kind: String?) throws -> JSONBValue {
        if value.isNull { return .null }
        switch kind {
        case "j":
            return try document(value) ?? .null
        case "n":
            switch value.storage {
            case .int64(let number): return .number(String(number))
            case .double(let number):
                guard number.isFinite else {
                    return .string(number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity")
                }
                return .number(PostgresTypeMapping.text(.real(number), as: .float8) ?? "0")
            default: return .number(String.fromDatabaseValue(value) ?? "0")
            }
        case "b":
            return .bool((Int.fromDatabaseValue(value) ?? 0) != 0)
        case "ts", "tz":
            var text = String.fromDatabaseValue(value) ?? ""
            if let space = text.firstIndex(of: " ") { text.replaceSubrange(space...space, with: "T") }
            if kind == "tz", text.hasSuffix("+00") { text += ":00" }
            return .string(text)
        default:
            return .string(String.fromDatabaseValue(value) ?? "")
        }
    }
}

/// `jsonb_agg(x)`: the values as one jsonb array, in the order the rows come; NULL over no rows.
private struct JSONBAggregate: DatabaseAggregate {
    var elements: [JSONBValue]?

    mutating func step(_ values: [DatabaseValue]) throws {
        let element = try PostgresJSONBFunctions.value(values[0], kind: String.fromDatabaseValue(values[1]))
        if elements == nil { elements = [] }
        elements?.append(element)
    }

    func finalize() -> (any DatabaseValueConvertible)? { elements.map { JSONBValue.array($0).text } }
}
