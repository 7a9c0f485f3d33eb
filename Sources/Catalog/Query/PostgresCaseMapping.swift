import GRDB

/// `upper` and `lower` as PostgreSQL computes them in a UTF-8 database: every character is mapped on its own
/// (`ø` → `Ø`, `É` → `é`), and a character whose mapping is longer than one (`ß` → `SS`) stays as it is, as
/// `towupper` leaves it. SQLite's built-ins change ASCII letters only; these replace them on every connection.
enum PostgresCaseMapping {
    static func install(in db: Database) {
        for (name, upper) in [("upper", true), ("lower", false)] {
            db.add(
                function: DatabaseFunction(name, argumentCount: 1, pure: true) { values in
                    switch values[0].storage {
                    case .null: return nil
                    case .string(let text): return map(text, upper: upper)
                    case .int64(let value): return String(value)
                    case .double(let value): return String(value)
                    case .blob(let data): return map(String(decoding: data, as: UTF8.self), upper: upper)
                    }
                })
        }
    }

    static func map(_ text: String, upper: Bool) -> String {
        // The ASCII fast path: most text needs no table lookup.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return upper ? text.uppercased() : text.lowercased() }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let scalars = mapped.unicodeScalars
            if scalars.count == 1, let single = scalars.first {
                result.append(single)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
