import Foundation
import GRDB

/// The engine's side of the functions the planner types for pg_catalog queries (`format_type`, `pg_get_expr`,
/// `array_to_string`, …) and of the array and regular-expression operators it emits (`pg_array_contains`,
/// `pg_regex`, …). Installed on every SQLite connection with `PostgresFunctions`.
enum PGCatalogFunctions {
    static func install(in db: Database) {
        for (name, counts) in Self.alwaysNull {
            for count in counts {
                db.add(function: DatabaseFunction(name, argumentCount: count, pure: true) { _ in nil })
            }
        }
        for name in ["pg_function_is_visible", "pg_type_is_visible"] {
            db.add(
                function: DatabaseFunction(name, argumentCount: 1, pure: true) { values in
                    values[0].isNull ? nil : true
                })
        }
        db.add(
            function: DatabaseFunction("pg_relation_is_publishable", argumentCount: 1, pure: true) { values in
                values[0].isNull ? nil : false
            })
        db.add(
            function: DatabaseFunction("format_type", argumentCount: 2, pure: true) { values in
                guard let oid = Int64.fromDatabaseValue(values[0]) else { return nil }
                return PGTypeCatalog.format(oid: oid, typmod: Int64.fromDatabaseValue(values[1]))
            })
        db.add(
            function: DatabaseFunction("pg_regtype_array", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let array = PGArrayText(parsing: text) else {
                    return nil
                }
                let names = array.elements.map { element in
                    element.flatMap(Int64.init).flatMap { PGTypeCatalog.format(oid: $0, typmod: nil) }
                }
                return PGArrayText(lowerBound: array.lowerBound, elements: names).text
            })
        for count in [2, 3] {
            db.add(
                function: DatabaseFunction("pg_get_expr", argumentCount: count, pure: true) { values in
                    String.fromDatabaseValue(values[0])
                })
        }
        // regclass, regtype and regnamespace input: the name found, or the error PostgreSQL gives for it.
        db.add(
            function: DatabaseFunction("pg_object_in", argumentCount: 3, pure: true) { values in
                guard values[0].isNull else { return values[0] }
                guard let input = String.fromDatabaseValue(values[2]) else { return nil }
                let kind = String.fromDatabaseValue(values[1]) ?? "object"
                throw DatabaseError(message: "\(kind) \"\(input)\" does not exist")
            })
        // The object's own name in a possibly qualified one: `pg_catalog.int4` is `int4`, `"Events"` is `Events`.
        db.add(
            function: DatabaseFunction("pg_unqualified", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return nil }
                let last = text.split(separator: ".").last.map(String.init) ?? text
                if last.hasPrefix("\""), last.hasSuffix("\""), last.count >= 2 {
                    return String(last.dropFirst().dropLast())
                }
                return last.lowercased()
            })
        db.add(
            function: DatabaseFunction("pg_encoding_to_char", argumentCount: 1, pure: true) { values in
                guard let encoding = Int64.fromDatabaseValue(values[0]) else { return nil }
                return encoding == 6 ? "UTF8" : encoding == 0 ? "SQL_ASCII" : ""
            })
        installArrays(in: db)
        db.add(
            function: DatabaseFunction("pg_get_serial_sequence", argumentCount: 2, pure: true) { _ in nil })
        db.add(
            function: DatabaseFunction("pg_collation_is_visible", argumentCount: 1, pure: true) { values in
                values[0].isNull ? nil : true
            })
        // json_build_object's text: keys quoted, values already JSON, spaced as PostgreSQL prints it.
        db.add(
            function: DatabaseFunction("pg_json_object", argumentCount: -1, pure: true) { values in
                var pairs: [String] = []
                var index = 0
                while index + 1 < values.count {
                    guard let key = String.fromDatabaseValue(values[index]) else {
                        throw DatabaseError(message: "null value not allowed for object key")
                    }
                    let data = try JSONSerialization.data(withJSONObject: [key])
                    let quoted = String(decoding: data, as: UTF8.self).dropFirst().dropLast()
                        .replacingOccurrences(of: "\\/", with: "/")
                    pairs.append("\(quoted) : \(String.fromDatabaseValue(values[index + 1]) ?? "null")")
                    index += 2
                }
                return "{" + pairs.joined(separator: ", ") + "}"
            })
        let expressions = RegexCache()
        db.add(
            function: DatabaseFunction("pg_regex", argumentCount: 3, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let pattern = String.fromDatabaseValue(values[1])
                else { return nil }
                let expression = try expressions.expression(pattern, caseInsensitive: values[2] == 1.databaseValue)
                let range = NSRange(text.startIndex..., in: text)
                return expression.firstMatch(in: text, range: range) != nil
            })
    }

    /// Functions whose answer is NULL here: comments (pg_description is empty), the definitions of functions,
    /// indexes, constraints and statistics objects (Inlet has none).
    static let alwaysNull: [(String, [Int])] = [
        ("obj_description", [1, 2]), ("col_description", [2]), ("shobj_description", [2]),
        ("pg_get_function_result", [1]), ("pg_get_function_arguments", [1]),
        ("pg_get_function_identity_arguments", [1]), ("pg_get_statisticsobjdef_columns", [1]),
        ("pg_get_indexdef", [1, 3]), ("pg_get_constraintdef", [1, 2]),
    ]

    private static func installArrays(in db: Database) {
        @Sendable func array(_ value: DatabaseValue) -> PGArrayText? {
            String.fromDatabaseValue(value).flatMap(PGArrayText.init(parsing:))
        }
        for count in [2, 3] {
            db.add(
                function: DatabaseFunction("array_to_string", argumentCount: count, pure: true) { values in
                    guard let list = array(values[0]), let separator = String.fromDatabaseValue(values[1]) else {
                        return nil
                    }
                    let null = count == 3 ? String.fromDatabaseValue(values[2]) : nil
                    return list.elements.compactMap { $0 ?? null }.joined(separator: separator)
                })
        }
        db.add(
            function: DatabaseFunction("array_upper", argumentCount: 2, pure: true) { values in
                guard let list = array(values[0]), values[1] == 1.databaseValue else { return nil }
                return list.upperBound
            })
        db.add(
            function: DatabaseFunction("array_lower", argumentCount: 2, pure: true) { values in
                guard let list = array(values[0]), values[1] == 1.databaseValue, !list.elements.isEmpty else {
                    return nil
                }
                return list.lowerBound
            })
        db.add(
            function: DatabaseFunction("array_length", argumentCount: 2, pure: true) { values in
                guard let list = array(values[0]), values[1] == 1.databaseValue, !list.elements.isEmpty else {
                    return nil
                }
                return list.elements.count
            })
        db.add(
            function: DatabaseFunction("cardinality", argumentCount: 1, pure: true) { values in
                array(values[0])?.elements.count
            })
        db.add(
            function: DatabaseFunction("pg_array", argumentCount: -1, pure: true) { values in
                PGArrayText(elements: values.map(Self.elementText)).text
            })
        db.add(function: DatabaseFunction("pg_array_agg", argumentCount: 1, pure: true, aggregate: ArrayAggregate.self))
        db.add(
            function: DatabaseFunction(
                "pg_array_agg_ordered", argumentCount: 3, pure: true, aggregate: OrderedArrayAggregate.self))
        // The indexes 0 … n-1 of the longest of the JSON arrays given (set-returning functions run in lockstep).
        db.add(
            function: DatabaseFunction("pg_zip_indexes", argumentCount: -1, pure: true) { values in
                let counts = values.compactMap { value -> Int? in
                    guard let text = String.fromDatabaseValue(value),
                        let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
                    else { return nil }
                    return array.count
                }
                return "[" + (0..<(counts.max() ?? 0)).map(String.init).joined(separator: ",") + "]"
            })
        // A JSON object's keys as a JSON array, in the object's order.
        db.add(
            function: DatabaseFunction("pg_json_keys", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]),
                    case .object(let members) = try? JSONBValue(parsing: text)
                else { return nil }
                return JSONBValue.array(members.map { .string($0.key) }).text
            })
        db.add(
            function: DatabaseFunction("pg_array_in", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return nil }
                guard let list = PGArrayText(parsing: text) else {
                    throw DatabaseError(message: "malformed array literal: \"\(text)\"")
                }
                return list.text
            })
        db.add(
            function: DatabaseFunction("pg_vector_array", argumentCount: 1, pure: true) { values in
                array(values[0])?.text
            })
        db.add(
            function: DatabaseFunction("pg_array_element", argumentCount: 2, pure: true) { values in
                guard let list = array(values[0]), let index = Int.fromDatabaseValue(values[1]) else { return nil }
                return list.element(at: index)
            })
        db.add(
            function: DatabaseFunction("pg_array_cat", argumentCount: 2, pure: true) { values in
                let first = array(values[0])
                let second = array(values[1])
                guard first != nil || second != nil else { return nil }
                return PGArrayText(elements: (first?.elements ?? []) + (second?.elements ?? [])).text
            })
        db.add(
            function: DatabaseFunction("pg_array_json", argumentCount: 1, pure: true) { values in
                guard let list = array(values[0]) else { return "[]" }
                let items = list.elements.map { element -> String in
                    guard let element else { return "null" }
                    let data = try? JSONSerialization.data(withJSONObject: [element])
                    let text = data.map { String(decoding: $0, as: UTF8.self) } ?? "[null]"
                    return String(text.dropFirst().dropLast())
                }
                return "[" + items.joined(separator: ",") + "]"
            })
        // x = ANY (array): true when an element equals x, NULL when none does but x or an element is NULL.
        db.add(
            function: DatabaseFunction("pg_array_contains", argumentCount: 2, pure: true) { values in
                guard let list = array(values[0]) else { return nil }
                if list.elements.isEmpty { return false }
                guard let value = Self.elementText(values[1]) else { return nil }
                if list.elements.contains(value) { return true }
                return list.elements.contains(nil) ? nil : false
            })
    }

    /// A value as the text of an array element.
    static func elementText(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return number == number.rounded() ? String(Int64(number)) : String(number)
        case .string(let text): return text
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }
}

/// `ARRAY(SELECT …)`: the values in the order the subquery gives them; `{}` for none.
private final class ArrayAggregate: DatabaseAggregate {
    private var elements: [String?] = []

    init() {}

    func step(_ dbValues: [DatabaseValue]) {
        elements.append(PGCatalogFunctions.elementText(dbValues[0]))
    }

    func finalize() -> (any DatabaseValueConvertible)? {
        PGArrayText(elements: elements).text
    }
}

/// `array_agg(x ORDER BY key)`: the elements sorted by their keys (stably; NULL keys last, as ascending ORDER BY
/// puts them), NULL over no rows.
private final class OrderedArrayAggregate: DatabaseAggregate {
    private var rows: [(element: String?, key: DatabaseValue)] = []
    private var descending = false

    init() {}

    func step(_ dbValues: [DatabaseValue]) {
        rows.append((PGCatalogFunctions.elementText(dbValues[0]), dbValues[1]))
        descending = Int.fromDatabaseValue(dbValues[2]) == 1
    }

    func finalize() -> (any DatabaseValueConvertible)? {
        guard !rows.isEmpty else { return nil }
        let sorted = rows.enumerated().sorted { a, b in
            let order = Self.compare(a.element.key, b.element.key)
            if order == 0 { return a.offset < b.offset }
            return descending ? order > 0 : order < 0
        }
        return PGArrayText(elements: sorted.map(\.element.element)).text
    }

    /// SQLite's order of values of one kind, NULL after everything.
    private static func compare(_ a: DatabaseValue, _ b: DatabaseValue) -> Int {
        switch (a.storage, b.storage) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.int64(let x), .int64(let y)): return x == y ? 0 : x < y ? -1 : 1
        case (.double(let x), .double(let y)): return x == y ? 0 : x < y ? -1 : 1
        default:
            let x = String.fromDatabaseValue(a) ?? ""
            let y = String.fromDatabaseValue(b) ?? ""
            if x.utf8.elementsEqual(y.utf8) { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        }
    }
}

/// The last regular expression a connection compiled.
private final class RegexCache: @unchecked Sendable {
    private var key: (String, Bool)?
    private var compiled: NSRegularExpression?

    func expression(_ pattern: String, caseInsensitive: Bool) throws -> NSRegularExpression {
        if let key, key == (pattern, caseInsensitive), let compiled { return compiled }
        do {
            let expression = try NSRegularExpression(
                pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
            key = (pattern, caseInsensitive)
            compiled = expression
            return expression
        } catch {
            throw DatabaseError(message: "invalid regular expression: \(pattern)")
        }
    }
}
