import Formats

/// PostgreSQL's binary dates and timestamps: days and microseconds since 2000-01-01, in UTC for timestamptz.
public enum PGDateTime {
    /// Days from 1970-01-01 to 2000-01-01.
    static let epochOffsetDays: Int64 = 10_957
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The text of a `timestamp` from milliseconds since 1970-01-01 (a Kafka record's timestamp), as PostgreSQL
    /// prints it: `2024-03-01 12:30:05.123`.
    public static func timestampText(unixMilliseconds: Int64) -> String {
        timestampText(microseconds: (unixMilliseconds - epochOffsetDays * 86_400_000) * 1000, withZone: false)
    }

    static func timestampText(microseconds: Int64, withZone: Bool) -> String {
        if microseconds == .max { return "infinity" }
        if microseconds == .min { return "-infinity" }
        var days = microseconds / microsecondsPerDay
        var rest = microseconds % microsecondsPerDay
        if rest < 0 {
            rest += microsecondsPerDay
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days + epochOffsetDays)
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) "
        text += "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return withZone ? text + "+00" : text
    }

    static func dateText(days: Int32) -> String {
        let (year, month, day) = civil(fromDays: Int64(days) + epochOffsetDays)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM]]` into microseconds since 2000-01-01 UTC.
    static func microseconds(fromTimestamp text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        if trimmed == "infinity" { return .max }
        if trimmed == "-infinity" { return .min }
        let chars = Array(trimmed.utf8)
        guard chars.count >= 19, let days = days(fromDate: String(decoding: chars[0..<10], as: UTF8.self)),
            chars[10] == UInt8(ascii: " ") || chars[10] == UInt8(ascii: "T"),
            let hour = number(chars[11..<13]), chars[13] == UInt8(ascii: ":"), let minute = number(chars[14..<16]),
            chars[16] == UInt8(ascii: ":"), let second = number(chars[17..<19])
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < chars.count, let digit = number(chars[index..<index + 1]) {
                fraction += digit * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < chars.count {
            let sign = chars[index]
            if sign == UInt8(ascii: "Z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                let rest = chars[(index + 1)...].filter { $0 != UInt8(ascii: ":") }
                guard rest.count == 2 || rest.count == 4 || rest.count == 6,
                    let hours = number(rest[0..<2])
                else { return nil }
                let minutes = rest.count >= 4 ? number(rest[2..<4]) ?? 0 : 0
                let secs = rest.count == 6 ? number(rest[4..<6]) ?? 0 : 0
                offsetSeconds = (hours * 3600 + minutes * 60 + secs) * (sign == UInt8(ascii: "-") ? -1 : 1)
                index = chars.count
            }
        }
        guard index == chars.count else { return nil }
        let secondsOfDay = hour * 3600 + minute * 60 + second - offsetSeconds
        return Int64(days) * microsecondsPerDay + secondsOfDay * 1_000_000 + fraction
    }

    /// Parses `YYYY-MM-DD` into days since 2000-01-01.
    static func days(fromDate text: String) -> Int32? {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return Int32(exactly: days(fromCivil: year, month, day) - epochOffsetDays)
    }

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        CivilDate.days(fromCivil: year, month, day)
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) { CivilDate.civil(fromDays: days) }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return digits.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    private static func number(_ digits: [UInt8]) -> Int64? { number(digits[...]) }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
