/// `EXTRACT`/`date_part` over timestamps and intervals, and `to_char` of a timestamp, as PostgreSQL 15 answers them.
extension PGTimestamp {
    /// Why a field or pattern was refused.
    public enum FieldError: Error, Equatable, Sendable {
        /// A unit PostgreSQL knows but not for this type (0A000 in PostgreSQL too).
        case notSupported(String)
        /// A unit PostgreSQL does not know (22023).
        case notRecognized(String)
        /// Something PostgreSQL answers that this reader does not compute (0A000).
        case notTranslated(String)
    }

    /// `EXTRACT(field FROM timestamp)` as numeric's text (scale 6 for second and epoch, 3 for milliseconds).
    public static func extract(_ field: String, from micros: Int64, withZone: Bool) throws(FieldError) -> String {
        let f = fields(micros)
        let secondMicros = Int64(f.second) * 1_000_000 + Int64(f.microsecond)
        switch field {
        case "microseconds", "microsecond", "us", "usec", "usecs": return String(secondMicros)
        case "milliseconds", "millisecond", "ms", "msec", "msecs": return decimalText(secondMicros, scale: 3)
        case "second", "seconds", "sec", "secs", "s": return decimalText(secondMicros, scale: 6)
        case "minute", "minutes", "min", "mins", "m": return String(f.minute)
        case "hour", "hours", "h", "hr", "hrs": return String(f.hour)
        case "day", "days", "d": return String(f.day)
        case "month", "months", "mon", "mons": return String(f.month)
        case "quarter", "qtr": return String((f.month - 1) / 3 + 1)
        case "week", "weeks", "w": return String(isoWeek(days: f.days).week)
        case "year", "years", "y", "yr", "yrs": return String(f.year)
        case "decade", "decades", "dec", "decs": return String(f.year / 10)
        case "century", "centuries", "c", "cent": return String((f.year + 99) / 100)
        case "millennium", "millennia", "mil", "mils": return String((f.year + 999) / 1000)
        case "isoyear": return String(isoWeek(days: f.days).year)
        case "dow": return String(((f.days % 7) + 7 + 4) % 7)
        case "isodow": return String(((f.days % 7) + 7 + 3) % 7 + 1)
        case "doy": return String(f.days - daysFromCivil(year: f.year, month: 1, day: 1) + 1)
        case "epoch": return decimalText(micros, scale: 6)
        case "timezone", "timezone_hour", "timezone_minute":
            guard withZone else { throw .notSupported(field) }
            return "0"
        case "julian": throw .notTranslated("julian")
        default: throw .notRecognized(field)
        }
    }

    /// `EXTRACT(field FROM interval)` as numeric's text.
    public static func extract(_ field: String, from interval: PGInterval) throws(FieldError) -> String {
        let time = interval.microseconds
        let secondMicros = time % 60_000_000
        let years = Int64(interval.months / 12)
        switch field {
        case "microseconds", "microsecond", "us", "usec", "usecs": return String(secondMicros)
        case "milliseconds", "millisecond", "ms", "msec", "msecs": return decimalText(secondMicros, scale: 3)
        case "second", "seconds", "sec", "secs", "s": return decimalText(secondMicros, scale: 6)
        case "minute", "minutes", "min", "mins", "m": return String(time / 60_000_000 % 60)
        case "hour", "hours", "h", "hr", "hrs": return String(time / 3_600_000_000)
        case "day", "days", "d": return String(interval.days)
        case "month", "months", "mon", "mons": return String(interval.months % 12)
        case "quarter", "qtr": return String(interval.months % 12 / 3 + 1)
        case "year", "years", "y", "yr", "yrs": return String(years)
        case "decade", "decades", "dec", "decs": return String(years / 10)
        case "century", "centuries", "c", "cent": return String(years / 100)
        case "millennium", "millennia", "mil", "mils": return String(years / 1000)
        case "epoch":
            // 365.25 days to a year and 30 to a month, in whole quarter days, as PostgreSQL 15 counts.
            let quarterDays =
                1461 * Int64(interval.months / 12) + 120 * Int64(interval.months % 12) + 4 * Int64(interval.days)
            let seconds = quarterDays * 21600
            return decimalText(time + seconds * 1_000_000, scale: 6)
        case "week", "isoyear", "dow", "isodow", "doy", "timezone", "timezone_hour", "timezone_minute", "julian":
            throw .notSupported(field)
        default: throw .notRecognized(field)
        }
    }

    /// `value` units of 10^-scale as decimal text: `decimalText(5_500_000, scale: 6)` is `5.500000`.
    public static func decimalText(_ value: Int64, scale: Int) -> String {
        var digits = String(value.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        if scale > 0 { digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale)) }
        return value < 0 ? "-" + digits : digits
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// The patterns `toChar` formats: the common ones of PostgreSQL's to_char, longest first.
    static let patterns = [
        "HH24", "HH12", "YYYY", "IYYY", "MONTH", "Month", "month", "hh24", "hh12", "yyyy", "iyyy", "DDD", "ddd",
        "MON", "Mon", "mon", "DAY", "Day", "day", "HH", "hh", "MI", "mi", "SS", "ss", "MS", "ms", "US", "us", "YY",
        "yy", "MM", "mm", "DD", "dd", "DY", "Dy", "dy", "AM", "PM", "am", "pm", "IW", "iw", "TZ", "tz", "D", "d", "Q",
        "q",
    ]

    /// `to_char(timestamp, format)` for the patterns above (each optionally after `FM`, which drops padding),
    /// double-quoted text and characters that are not letters; any other letter is refused rather than guessed.
    public static func toChar(_ micros: Int64, format: String, withZone: Bool) throws(FieldError) -> String {
        let f = fields(micros)
        let characters = Array(format)
        var output = ""
        var index = 0
        func has(_ pattern: String) -> Bool {
            let pattern = Array(pattern)
            guard index + pattern.count <= characters.count else { return false }
            return Array(characters[index..<index + pattern.count]) == pattern
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    output.append(characters[index])
                    index += 1
                }
                index += 1
                continue
            }
            var fill = false
            if has("FM") || has("fm") {
                fill = true
                index += 2
            }
            guard let pattern = patterns.first(where: has) else {
                if fill { continue }
                if character.isLetter {
                    throw .notTranslated("the to_char pattern starting at \"\(String(characters[index...]))\"")
                }
                output.append(character)
                index += 1
                continue
            }
            index += pattern.count
            func number(_ value: Int, _ width: Int) -> String { fill ? String(value) : pad(value, width) }
            func name(_ full: String, _ style: String, width: Int) -> String {
                var text: String
                if style.allSatisfy(\.isUppercase) {
                    text = full.uppercased()
                } else if style.allSatisfy(\.isLowercase) {
                    text = full.lowercased()
                } else {
                    text = full
                }
                if !fill, text.count < width { text += String(repeating: " ", count: width - text.count) }
                return text
            }
            let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
            let weekday = ((f.days % 7) + 7 + 4) % 7
            switch pattern.uppercased() {
            case "HH24": output += number(f.hour, 2)
            case "HH12", "HH": output += number(hour12, 2)
            case "MI": output += number(f.minute, 2)
            case "SS": output += number(f.second, 2)
            case "MS": output += number(f.microsecond / 1000, 3)
            case "US": output += number(f.microsecond, 6)
            case "YYYY": output += number(f.year, 4)
            case "IYYY": output += number(isoWeek(days: f.days).year, 4)
            case "YY": output += number(f.year % 100, 2)
            case "MM": output += number(f.month, 2)
            case "DD": output += number(f.day, 2)
            case "DDD": output += number(f.days - daysFromCivil(year: f.year, month: 1, day: 1) + 1, 3)
            case "D": output += String(weekday + 1)
            case "Q": output += String((f.month - 1) / 3 + 1)
            case "IW": output += number(isoWeek(days: f.days).week, 2)
            case "MONTH": output += name(monthNames[f.month - 1], pattern, width: 9)
            case "MON": output += name(String(monthNames[f.month - 1].prefix(3)), pattern, width: 3)
            case "DAY": output += name(dayNames[weekday], pattern, width: 9)
            case "DY": output += name(String(dayNames[weekday].prefix(3)), pattern, width: 3)
            case "AM", "PM":
                let text = f.hour < 12 ? "AM" : "PM"
                output += pattern.first?.isUppercase == true ? text : text.lowercased()
            case "TZ":
                guard withZone else { break }
                output += pattern == "TZ" ? "UTC" : "utc"
            default: break
            }
        }
        return output
    }
}
