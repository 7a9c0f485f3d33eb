extension AvroText {
    static let microsecondsPerDay: Int64 = 86_400_000_000
    /// PostgreSQL's earliest date, 4714-11-24 BC, and the day after its latest, 5874898-01-01, from 1970-01-01.
    static let firstDay = days(fromCivil: -4713, 11, 24)
    static let endDay = days(fromCivil: 5_874_898, 1, 1)

    /// `YYYY-MM-DD`, with ` BC` for years before 1 as PostgreSQL prints them.
    static func dateText(days: Int64) throws(DecodeError) -> String {
        guard days >= firstDay && days < endDay else {
            throw DecodeError("the date \(days) days from 1970-01-01 is outside PostgreSQL's date range")
        }
        let (text, bc) = civilText(days: days)
        return bc ? text + " BC" : text
    }

    /// `HH:MM:SS[.ffffff]`, the fraction without trailing zeros; 24:00:00 is the largest time.
    static func timeText(microseconds: Int64) throws(DecodeError) -> String {
        guard microseconds >= 0 && microseconds <= microsecondsPerDay else {
            throw DecodeError("the time \(microseconds) microseconds after midnight is not within a day")
        }
        return clockText(microseconds)
    }

    static func timestampText(microseconds: Int64, _ schema: AvroSchema, separator: String) throws(DecodeError)
        -> String
    {
        var days = microseconds / microsecondsPerDay
        var rest = microseconds % microsecondsPerDay
        if rest < 0 {
            rest += microsecondsPerDay
            days -= 1
        }
        guard days >= firstDay else { throw outOfRange(schema, microseconds) }
        let (date, bc) = civilText(days: days)
        return date + separator + clockText(rest) + (bc ? " BC" : "")
    }

    static func outOfRange(_ schema: AvroSchema, _ value: Int64) -> DecodeError {
        DecodeError("the \(schema.typeName) value \(value) is outside PostgreSQL's timestamp range")
    }

    private static func clockText(_ microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        let fraction = microseconds % 1_000_000
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 {
            var digits = pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func civilText(days: Int64) -> (String, bc: Bool) {
        let (year, month, day) = civil(fromDays: days)
        let bc = year <= 0
        return ("\(pad(bc ? 1 - year : year, 4))-\(pad(month, 2))-\(pad(day, 2))", bc)
    }

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        CivilDate.days(fromCivil: year, month, day)
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) { CivilDate.civil(fromDays: days) }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
