/// Reading PostgreSQL's interval input.
extension PGInterval {
    /// Why an interval's input text was not read.
    public enum InputError: Error, Equatable, Sendable {
        /// Text PostgreSQL would refuse too (22007).
        case invalid
        /// A field beyond what an interval holds (22015).
        case outOfRange
        /// Text PostgreSQL reads that this reader does not (0A000 for a constant).
        case unsupported(String)
    }

    /// Reads PostgreSQL's interval input: `number unit` pairs (`1 day 2 hours`, `90 minutes`, `1.5 years`,
    /// abbreviations such as `mon`, `hrs`, `s`), a time `[-]HH:MM[:SS[.f]]`, `@` in front and `ago` after (which
    /// negates), a bare number of seconds, and ISO 8601's `P1Y2M3DT4H5M6S`.
    public static func parse(_ input: String) throws(InputError) -> PGInterval {
        let text = input.lowercased().strippingCharacters(" \t\n")
        guard !text.isEmpty else { throw .invalid }
        if text.hasPrefix("p") { return try parseISO(text) }
        var builder = Builder()
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        if tokens.first == "@" {
            tokens.removeFirst()
        } else if tokens.first?.hasPrefix("@") == true {
            tokens[0].removeFirst()
        }
        var negateAll = false
        if tokens.last == "ago" {
            negateAll = true
            tokens.removeLast()
        }
        guard !tokens.isEmpty else { throw .invalid }
        var index = 0
        var pendingSign = ""
        while index < tokens.count {
            var token = pendingSign + tokens[index]
            pendingSign = ""
            index += 1
            if token == "-" || token == "+" {
                pendingSign = token
                continue
            }
            if token.contains(":") {
                try builder.addTime(token)
                continue
            }
            // A number glued to its unit (`10d`, `5min`).
            var unit: String?
            if let split = token.firstIndex(where: { $0.isLetter }) {
                unit = String(token[split...])
                token = String(token[..<split])
            }
            guard let value = Double(token), token.first != ".", token.last != ".", !token.contains("e") else {
                throw .invalid
            }
            if unit == nil, index < tokens.count, tokens[index].first?.isLetter == true {
                unit = tokens[index]
                index += 1
            }
            try builder.add(value, unit: unit ?? "second")
        }
        guard pendingSign.isEmpty else { throw .invalid }
        var result = try builder.interval()
        if negateAll {
            guard let negated = -result else { throw .outOfRange }
            result = negated
        }
        return result
    }

    private static func parseISO(_ text: String) throws(InputError) -> PGInterval {
        var builder = Builder()
        var inTime = false
        var number = ""
        for character in text.dropFirst() {
            if character == "t" {
                guard number.isEmpty, !inTime else { throw .invalid }
                inTime = true
                continue
            }
            if character.isNumber || character == "." || character == "-" {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { throw .invalid }
            number = ""
            let unit: String
            switch (character, inTime) {
            case ("y", false): unit = "year"
            case ("m", false): unit = "month"
            case ("w", false): unit = "week"
            case ("d", false): unit = "day"
            case ("h", true): unit = "hour"
            case ("m", true): unit = "minute"
            case ("s", true): unit = "second"
            default: throw .invalid
            }
            try builder.add(value, unit: unit)
        }
        guard number.isEmpty, text.count > 1 else { throw .invalid }
        return try builder.interval()
    }

    /// Sums the fields as PostgreSQL's DecodeInterval does: fractions of years become months, of months days
    /// (30 to a month), of days and smaller units microseconds.
    private struct Builder {
        var months: Double = 0
        var days: Double = 0
        var microseconds: Double = 0

        mutating func add(_ value: Double, unit: String) throws(InputError) {
            let whole = value.rounded(.towardZero)
            let fraction = value - whole
            switch Self.unit(unit) {
            case "microsecond": microseconds += value.rounded(.toNearestOrEven)
            case "millisecond": microseconds += (value * 1000).rounded(.toNearestOrEven)
            case "second": microseconds += (value * 1_000_000).rounded(.toNearestOrEven)
            case "minute": microseconds += whole * 60_000_000 + (fraction * 60_000_000).rounded(.toNearestOrEven)
            case "hour": microseconds += whole * 3_600_000_000 + (fraction * 3_600_000_000).rounded(.toNearestOrEven)
            case "day": addDays(whole, fraction)
            case "week": addDays(whole * 7, fraction * 7)
            case "month": addMonths(whole, fraction)
            case "year": months += whole * 12 + (fraction * 12).rounded(.toNearestOrEven)
            case "decade": months += whole * 120 + (fraction * 120).rounded(.toNearestOrEven)
            case "century": months += whole * 1200 + (fraction * 1200).rounded(.toNearestOrEven)
            case "millennium": months += whole * 12000 + (fraction * 12000).rounded(.toNearestOrEven)
            default: throw .invalid
            }
        }

        private mutating func addDays(_ whole: Double, _ fraction: Double) {
            let extra = fraction.rounded(.towardZero)
            days += whole + extra
            microseconds += ((fraction - extra) * 86_400_000_000).rounded(.toNearestOrEven)
        }

        private mutating func addMonths(_ whole: Double, _ fraction: Double) {
            months += whole
            let dayValue = fraction * 30
            let wholeDays = dayValue.rounded(.towardZero)
            days += wholeDays
            microseconds += ((dayValue - wholeDays) * 86_400_000_000).rounded(.toNearestOrEven)
        }

        /// `[-]HH:MM[:SS[.fraction]]`.
        mutating func addTime(_ token: String) throws(InputError) {
            var text = Substring(token)
            var negative = false
            if text.first == "-" || text.first == "+" {
                negative = text.first == "-"
                text = text.dropFirst()
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, let hours = Int64(parts[0]), let minutes = Int64(parts[1]),
                parts[0].allSatisfy(\.isNumber), parts[1].allSatisfy(\.isNumber), minutes < 60
            else { throw .invalid }
            var seconds = 0.0
            if parts.count == 3 {
                guard let value = Double(parts[2]), parts[2].first?.isNumber == true, value < 60,
                    !parts[2].contains("e")
                else { throw .invalid }
                seconds = value
            }
            let total = Double(hours * 3_600_000_000 + minutes * 60_000_000) + (seconds * 1_000_000).rounded()
            microseconds += negative ? -total : total
        }

        static func unit(_ word: String) -> String? {
            switch word {
            case "microsecond", "microseconds", "us", "usec", "usecs", "microsecon": return "microsecond"
            case "millisecond", "milliseconds", "ms", "msec", "msecs", "millisecon": return "millisecond"
            case "second", "seconds", "s", "sec", "secs": return "second"
            case "minute", "minutes", "m", "min", "mins": return "minute"
            case "hour", "hours", "h", "hr", "hrs": return "hour"
            case "day", "days", "d": return "day"
            case "week", "weeks", "w": return "week"
            case "month", "months", "mon", "mons": return "month"
            case "year", "years", "y", "yr", "yrs": return "year"
            case "decade", "decades", "dec", "decs": return "decade"
            case "century", "centuries", "c", "cent": return "century"
            case "millennium", "millennia", "mil", "mils", "millenniums": return "millennium"
            default: return nil
            }
        }

        func interval() throws(InputError) -> PGInterval {
            guard let m = Int32(exactly: months), let d = Int32(exactly: days), abs(microseconds) < 9.2e18 else {
                throw .outOfRange
            }
            return PGInterval(months: m, days: d, microseconds: Int64(microseconds))
        }
    }
}

extension StringProtocol {
    func strippingCharacters(_ set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
