/// Reads interval text the way PostgreSQL and Materialize write it: `'30s'`, `'500ms'`, `'1 hour'`, `'2 minutes'`,
/// `'1h30m'`, `'1 hour 30 minutes'`, `'00:01:30'`, or a bare number of seconds (`'30'`).
///
/// Options such as `TOPIC METADATA REFRESH INTERVAL` take these; months and years count as 30 and 360 days, as
/// PostgreSQL justifies them.
enum IntervalText {
    /// The interval in microseconds, or nil when the text is not an interval.
    static func microseconds(_ text: String) -> Int64? {
        var reader = Reader(scalars: Array(text.lowercased().unicodeScalars))
        var total = 0.0
        var sawComponent = false
        while true {
            reader.skipSpaces()
            guard !reader.isAtEnd else { break }
            let sign = reader.readSign()
            guard let number = reader.readNumber() else { return nil }
            if reader.peek == ":" {
                guard let clock = reader.readClock(startingWith: number) else { return nil }
                total += sign * clock
            } else {
                reader.skipSpaces()
                let unit = reader.readWord()
                guard let scale = unit.isEmpty ? 1_000_000 : Self.units[unit] else { return nil }
                total += sign * number * scale
            }
            sawComponent = true
        }
        guard sawComponent, total.magnitude < 9e18 else { return nil }
        return Int64(total.rounded())
    }

    /// Microseconds per unit, under every spelling PostgreSQL accepts.
    private static let units: [String: Double] = {
        let second = 1_000_000.0
        let day = 86_400 * second
        let spellings: [([String], Double)] = [
            (["us", "usec", "usecs", "microsecond", "microseconds"], 1),
            (["ms", "msec", "msecs", "millisecond", "milliseconds"], 1_000),
            (["s", "sec", "secs", "second", "seconds"], second),
            (["m", "min", "mins", "minute", "minutes"], 60 * second),
            (["h", "hr", "hrs", "hour", "hours"], 3_600 * second),
            (["d", "day", "days"], day),
            (["w", "week", "weeks"], 7 * day),
            (["mon", "mons", "month", "months"], 30 * day),
            (["y", "yr", "yrs", "year", "years"], 360 * day),
        ]
        var table: [String: Double] = [:]
        for (names, scale) in spellings {
            for name in names { table[name] = scale }
        }
        return table
    }()

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        var isAtEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { isAtEnd ? nil : scalars[index] }

        mutating func skipSpaces() {
            while let scalar = peek, scalar == " " || scalar == "\t" { index += 1 }
        }

        mutating func readSign() -> Double {
            if peek == "-" {
                index += 1
                return -1
            }
            if peek == "+" { index += 1 }
            return 1
        }

        /// `12`, `1.5`, `.5`.
        mutating func readNumber() -> Double? {
            let start = index
            while let scalar = peek, ("0"..."9").contains(scalar) || scalar == "." { index += 1 }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            guard text.contains(where: \.isNumber) else { return nil }
            return Double(text)
        }

        mutating func readWord() -> String {
            let start = index
            while let scalar = peek, ("a"..."z").contains(scalar) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        /// `h:mm[:ss[.f]]` after its first number, in microseconds.
        mutating func readClock(startingWith hours: Double) -> Double? {
            var parts = [hours]
            while peek == ":", parts.count < 3 {
                index += 1
                guard let part = readNumber() else { return nil }
                parts.append(part)
            }
            guard parts.dropLast().allSatisfy({ $0 == $0.rounded() }) else { return nil }
            let seconds = parts[0] * 3_600 + parts[1] * 60 + (parts.count == 3 ? parts[2] : 0)
            return seconds * 1_000_000
        }
    }
}
