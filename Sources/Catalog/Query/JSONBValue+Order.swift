import SQL

/// PostgreSQL 15's btree order of jsonb (`compareJsonbContainers`), which `<`, `ORDER BY`, `DISTINCT` and `GROUP BY`
/// use: objects after arrays after booleans after numbers after strings after null; containers with more members
/// after those with fewer; then member by member (a key, then its value, in jsonb's key order). A scalar at the top
/// of a document is a one-element array that sorts before a real array of one element, so `[]` sorts before `null`.
extension JSONBValue {
    /// -1, 0 or 1 as `a` sorts before, with or after `b`; numbers compare by value (`1.0` equals `1`).
    static func compareDocuments(_ a: JSONBValue, _ b: JSONBValue) -> Int {
        let x = a.topLevel
        let y = b.topLevel
        if case .array(let first, let firstRaw) = x, case .array(let second, let secondRaw) = y {
            var order = 0
            if firstRaw != secondRaw { order = firstRaw ? -1 : 1 }
            if first.count != second.count { order = first.count > second.count ? 1 : -1 }
            if order != 0 { return order }
            return compareElements(first, second)
        }
        return compare(a, b)
    }

    /// How a document starts: an array (a top-level scalar being a "raw scalar" array of one), or an object.
    private enum TopLevel {
        case array([JSONBValue], raw: Bool)
        case object
    }

    private var topLevel: TopLevel {
        switch self {
        case .array(let elements): return .array(elements, raw: false)
        case .object: return .object
        default: return .array([self], raw: true)
        }
    }

    /// Values inside a document: by kind first, then as their kind orders.
    private static func compare(_ a: JSONBValue, _ b: JSONBValue) -> Int {
        guard a.rank == b.rank else { return a.rank < b.rank ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.string(let x), .string(let y)): return compareText(x, y)
        case (.number(let x), .number(let y)):
            guard let p = PGDecimal(parsing: x), let q = PGDecimal(parsing: y) else { return compareText(x, y) }
            return PGDecimal.compare(p, q)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return x.count > y.count ? 1 : -1 }
            return compareElements(x, y)
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return x.count > y.count ? 1 : -1 }
            for (p, q) in zip(x, y) {
                let keys = compareText(p.key, q.key)
                if keys != 0 { return keys }
                let values = compare(p.value, q.value)
                if values != 0 { return values }
            }
            return 0
        default: return 0
        }
    }

    private static func compareElements(_ a: [JSONBValue], _ b: [JSONBValue]) -> Int {
        for (x, y) in zip(a, b) {
            let order = compare(x, y)
            if order != 0 { return order }
        }
        return 0
    }

    /// Strings in the database's collation: C.UTF-8, code point order, which is UTF-8's byte order.
    private static func compareText(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// PostgreSQL's order of jsonb kinds (`enum jbvType`).
    private var rank: Int {
        switch self {
        case .null: return 0
        case .string: return 1
        case .number: return 2
        case .bool: return 3
        case .array: return 4
        case .object: return 5
        }
    }
}
