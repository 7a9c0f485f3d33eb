/// PostgreSQL's `timestamp` and `timestamptz` (the session's TimeZone is UTC): microseconds since 1970-01-01.
///
/// In the storage engine a timestamp is the text PostgreSQL prints for it (`2024-01-05 10:11:12.5`, and `+00`
/// after a timestamptz), which orders as the values do for years 1 to 9999; the engine's `pg_ts_*` functions read
/// that text back to compute.
public enum PGTimestamp {
    public static let microsecondsPerDay: Int64 = 86_400_000_000
    /// 0001-01-01 00:00:00 and the first microsecond past 9999-12-31: the years this text form orders.
    static let lowest: Int64 = -62_135_596_800_000_000
    static let highest: Int64 = 253_402_300_800_000_000

    /// Why a timestamp's input text was not read.
    public enum InputError: Error, Equatable, Sendable {
        /// Text PostgreSQL would refuse too (22007).
        case invalid
        /// A field value that does not exist (22008).
        case outOfRange
        /// Text PostgreSQL reads that this reader does not (`now`, `Jan 5 2024`, BC years): 0A000 for a constant.
        case unsupported
    }

    /// Reads `YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][zone]`, the zone `Z`, `UTC`, `+HH`, `+HH:MM` or `+HHMM`.
    /// A timestamptz's zone moves it to UTC; a timestamp ignores it, as PostgreSQL does.
    public static func parse(_ input: String, withZone: Bool) throws(InputError) -> Int64 {
        let scalars = Array(input.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        var index = start
        func number(_ count: Int) -> Int? {
            guard index + count <= end else { return nil }
            var value = 0
            for offset in 0..<count {
                let scalar = scalars[index + offset]
                guard scalar.value >= 48, scalar.value <= 57 else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            index += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < end, scalars[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { throw Self.spelling(scalars[start..<end]) }
        guard expect("-"), let month = number(2), expect("-"), let day = number(2) else {
            throw Self.spelling(scalars[start..<end])
        }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if index < end, scalars[index] == " " || scalars[index] == "T" || scalars[index] == "t" {
            index += 1
            guard let h = number(2), expect(":"), let m = number(2) else { throw .invalid }
            hour = h
            minute = m
            if expect(":") {
                guard let s = number(2) else { throw .invalid }
                second = s
                if expect(".") {
                    let digitsStart = index
                    while index < end, scalars[index].value >= 48, scalars[index].value <= 57 { index += 1 }
                    guard index > digitsStart else { throw .invalid }
                    var text = "0."
                    text.unicodeScalars.append(contentsOf: scalars[digitsStart..<index])
                    fraction = Double(text) ?? 0
                }
            }
        }
        while index < end, scalars[index] == " " { index += 1 }
        if index < end {
            // A zone.
            var zone = ""
            zone.unicodeScalars.append(contentsOf: scalars[index..<end])
            switch zone.lowercased() {
            case "z", "utc", "gmt", "+00", "-00", "+00:00", "-00:00", "+0000", "-0000": offsetSeconds = 0
            default:
                guard let sign = zone.unicodeScalars.first, sign == "+" || sign == "-" else {
                    throw zone.lowercased() == "bc" ? .unsupported : .invalid
                }
                let digits = zone.unicodeScalars.dropFirst().filter { $0 != ":" }
                guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0.value >= 48 && $0.value <= 57 })
                else { throw .invalid }
                var text = ""
                text.unicodeScalars.append(contentsOf: digits)
                let value = Int(text) ?? 0
                let hours = digits.count == 2 ? value : value / 100
                let minutes = digits.count == 2 ? 0 : value % 100
                guard hours <= 15, minutes < 60 else { throw .outOfRange }
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
            }
        }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            throw .outOfRange
        }
        let isMidnightEnd = hour == 24 && minute == 0 && second == 0 && fraction == 0
        guard hour < 24 || isMidnightEnd, minute < 60, second < 60 || (second == 60 && fraction == 0) else {
            throw .outOfRange
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        var micros = days * microsecondsPerDay
        micros += Int64(hour * 3600 + minute * 60 + second) * 1_000_000
        micros += Int64((fraction * 1_000_000).rounded(.toNearestOrEven))
        if withZone { micros -= Int64(offsetSeconds) * 1_000_000 }
        guard micros >= lowest, micros < highest else { throw .unsupported }
        return micros
    }

    private static func spelling(_ scalars: ArraySlice<Unicode.Scalar>) -> InputError {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        // Other spellings PostgreSQL may read (`Jan 5 2024`, `20240105`) are not read here; a word PostgreSQL
        // does not know makes the text invalid there too.
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        guard words.allSatisfy(knownWords.contains) else { return .invalid }
        return text.contains(where: { $0.isLetter || $0.isNumber }) ? .unsupported : .invalid
    }

    /// Words of date/time input PostgreSQL knows: months, days, eras, AM/PM, special values and common zones.
    static let knownWords: Set<String> = [
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
        "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december", "mon",
        "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday",
        "sat", "saturday", "sun", "sunday", "am", "pm", "ad", "bc", "t", "z", "utc", "gmt", "zulu", "now", "today",
        "tomorrow", "yesterday", "epoch", "infinity", "allballs", "est", "edt", "cst", "cdt", "mst", "mdt", "pst",
        "pdt", "cet", "cest", "eet", "eest", "wet", "west", "bst", "jst", "ist", "msk", "aest", "aedt", "on", "at",
    ]

    /// The text PostgreSQL prints (DateStyle ISO), `+00` after a timestamptz.
    public static func text(_ micros: Int64, withZone: Bool) -> String {
        var days = micros / microsecondsPerDay
        var rest = micros % microsecondsPerDay
        if rest < 0 {
            rest += microsecondsPerDay
            days -= 1
        }
        let (year, month, day) = civil(fromDays: Int(days))
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
        text += pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":" + pad(Int(seconds % 60), 2)
        if fraction != 0 {
            var digits = pad(Int(fraction), 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return withZone ? text + "+00" : text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The broken-down fields of a timestamp.
    public struct Fields: Equatable, Sendable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var microsecond: Int
        /// Days since 1970-01-01.
        public var days: Int
    }

    public static func fields(_ micros: Int64) -> Fields {
        var days = micros / microsecondsPerDay
        var rest = micros % microsecondsPerDay
        if rest < 0 {
            rest += microsecondsPerDay
            days -= 1
        }
        let (year, month, day) = civil(fromDays: Int(days))
        let seconds = Int(rest / 1_000_000)
        return Fields(
            year: year, month: month, day: day, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            microsecond: Int(rest % 1_000_000), days: Int(days))
    }

    static func micros(_ f: Fields) -> Int64 {
        Int64(daysFromCivil(year: f.year, month: f.month, day: f.day)) * microsecondsPerDay
            + Int64(f.hour * 3600 + f.minute * 60 + f.second) * 1_000_000 + Int64(f.microsecond)
    }
}
