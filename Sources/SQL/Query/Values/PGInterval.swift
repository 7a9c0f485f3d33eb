/// PostgreSQL's `interval`: months, days and microseconds kept apart, as PostgreSQL keeps them, so that
/// `'2024-01-31' + '1 month'` clamps to February's last day and `'1 day'` is not always 24 hours.
///
/// In the storage engine an interval is the text PostgreSQL prints for it (IntervalStyle postgres); the engine's
/// `pg_interval_*` functions read that text back, and the `pg_interval` collation orders it as PostgreSQL does.
public struct PGInterval: Hashable, Sendable {
    public var months: Int32
    public var days: Int32
    public var microseconds: Int64

    public init(months: Int32 = 0, days: Int32 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }

    static let microsecondsPerDay: Int64 = 86_400_000_000
    static let microsecondsPerHour: Int64 = 3_600_000_000
    static let microsecondsPerMinute: Int64 = 60_000_000

    /// What PostgreSQL compares and orders by: a month is 30 days and a day 24 hours.
    public var comparisonKey: (high: Int64, low: Int64) {
        // months * 30 days + days, in microseconds, may pass 64 bits: split into whole days and the rest.
        let totalDays = Int64(months) * 30 + Int64(days) + microseconds / Self.microsecondsPerDay
        var rest = microseconds % Self.microsecondsPerDay
        var whole = totalDays
        if rest < 0 {
            rest += Self.microsecondsPerDay
            whole -= 1
        }
        return (whole, rest)
    }

    public static func compare(_ a: PGInterval, _ b: PGInterval) -> Int {
        let x = a.comparisonKey
        let y = b.comparisonKey
        if x.high != y.high { return x.high < y.high ? -1 : 1 }
        if x.low != y.low { return x.low < y.low ? -1 : 1 }
        return 0
    }

    public static prefix func - (value: PGInterval) -> PGInterval? {
        guard value.months != .min, value.days != .min, value.microseconds != .min else { return nil }
        return PGInterval(months: -value.months, days: -value.days, microseconds: -value.microseconds)
    }

    /// Field by field, as PostgreSQL adds intervals; nil when a field overflows.
    public static func add(_ a: PGInterval, _ b: PGInterval) -> PGInterval? {
        let (months, o1) = a.months.addingReportingOverflow(b.months)
        let (days, o2) = a.days.addingReportingOverflow(b.days)
        let (micros, o3) = a.microseconds.addingReportingOverflow(b.microseconds)
        guard !o1, !o2, !o3 else { return nil }
        return PGInterval(months: months, days: days, microseconds: micros)
    }

    /// `interval * factor` as PostgreSQL 15 computes it: fractions of months cascade into days (30 to a month)
    /// and fractions of days into time; nil when out of range.
    public func multiplied(by factor: Double) -> PGInterval? {
        Self.scaled(months: Double(months) * factor, days: Double(days) * factor, time: Double(microseconds) * factor)
    }

    /// `interval / divisor`; nil when out of range (the caller refuses a zero divisor first).
    public func divided(by divisor: Double) -> PGInterval? {
        Self.scaled(
            months: Double(months) / divisor, days: Double(days) / divisor, time: Double(microseconds) / divisor)
    }

    private static func scaled(months monthValue: Double, days dayValue: Double, time: Double) -> PGInterval? {
        func tsRound(_ value: Double) -> Double { (value * 1_000_000).rounded(.toNearestOrEven) / 1_000_000 }
        guard monthValue.isFinite, dayValue.isFinite, time.isFinite,
            let months = Int32(exactly: monthValue.rounded(.towardZero)),
            var days = Int32(exactly: dayValue.rounded(.towardZero))
        else { return nil }
        let monthRemainderDays = tsRound((monthValue - Double(months)) * 30)
        var secondRemainder = tsRound(
            (dayValue - Double(days) + monthRemainderDays - monthRemainderDays.rounded(.towardZero)) * 86400)
        if abs(secondRemainder) >= 86400 {
            let wholeDays = (secondRemainder / 86400).rounded(.towardZero)
            guard let sum = Int32(exactly: Double(days) + wholeDays) else { return nil }
            days = sum
            secondRemainder -= wholeDays * 86400
        }
        guard let withMonths = Int32(exactly: Double(days) + monthRemainderDays.rounded(.towardZero)) else {
            return nil
        }
        let micros = (time + secondRemainder * 1_000_000).rounded(.toNearestOrEven)
        guard micros.isFinite, abs(micros) < 9.2e18 else { return nil }
        return PGInterval(months: months, days: withMonths, microseconds: Int64(micros))
    }

    /// `justify_hours`: whole days out of the time part, with time and days of one sign.
    public var justifiedHours: PGInterval? {
        var result = self
        let wholeDays = result.microseconds / Self.microsecondsPerDay
        result.microseconds -= wholeDays * Self.microsecondsPerDay
        guard let days = Int32(exactly: Int64(result.days) + wholeDays) else { return nil }
        result.days = days
        if result.days > 0, result.microseconds < 0 {
            result.microseconds += Self.microsecondsPerDay
            result.days -= 1
        } else if result.days < 0, result.microseconds > 0 {
            result.microseconds -= Self.microsecondsPerDay
            result.days += 1
        }
        return result
    }

    /// `justify_days`: whole months (30 days) out of the days, with days and months of one sign.
    public var justifiedDays: PGInterval? {
        var result = self
        let wholeMonths = result.days / 30
        result.days -= wholeMonths * 30
        guard let months = Int32(exactly: Int64(result.months) + Int64(wholeMonths)) else { return nil }
        result.months = months
        if result.months > 0, result.days < 0 {
            result.days += 30
            result.months -= 1
        } else if result.months < 0, result.days > 0 {
            result.days -= 30
            result.months += 1
        }
        return result
    }

    /// `justify_interval`: both, with every field of one sign.
    public var justified: PGInterval? {
        var result = self
        let wholeDays = result.microseconds / Self.microsecondsPerDay
        result.microseconds -= wholeDays * Self.microsecondsPerDay
        guard let days = Int32(exactly: Int64(result.days) + wholeDays) else { return nil }
        result.days = days
        let wholeMonths = result.days / 30
        result.days -= wholeMonths * 30
        guard let months = Int32(exactly: Int64(result.months) + Int64(wholeMonths)) else { return nil }
        result.months = months
        if result.months > 0, result.days < 0 || (result.days == 0 && result.microseconds < 0) {
            result.days += 30
            result.months -= 1
        } else if result.months < 0, result.days > 0 || (result.days == 0 && result.microseconds > 0) {
            result.days -= 30
            result.months += 1
        }
        if result.days > 0, result.microseconds < 0 {
            result.microseconds += Self.microsecondsPerDay
            result.days -= 1
        } else if result.days < 0, result.microseconds > 0 {
            result.microseconds -= Self.microsecondsPerDay
            result.days += 1
        }
        return result
    }

    /// The text PostgreSQL prints with IntervalStyle postgres: `1 year 2 mons -3 days +04:05:06.5`.
    public var text: String {
        var output = ""
        var isZero = true
        var isBefore = false
        func part(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            if !isZero { output += " " }
            if isBefore, value > 0 { output += "+" }
            output += String(value) + " " + unit + (value != 1 ? "s" : "")
            isBefore = value < 0
            isZero = false
        }
        part(Int64(months / 12), "year")
        part(Int64(months % 12), "mon")
        part(Int64(days), "day")
        let time = microseconds
        if isZero || time != 0 {
            let magnitude = time.magnitude
            let hours = magnitude / UInt64(Self.microsecondsPerHour)
            let minutes = magnitude / UInt64(Self.microsecondsPerMinute) % 60
            let seconds = magnitude / 1_000_000 % 60
            let fraction = magnitude % 1_000_000
            if !isZero { output += " " }
            output += time < 0 ? "-" : (isBefore ? "+" : "")
            output += Self.pad(hours) + ":" + Self.pad(minutes) + ":" + Self.pad(seconds)
            if fraction != 0 {
                var digits = String(fraction)
                digits = String(repeating: "0", count: 6 - digits.count) + digits
                while digits.hasSuffix("0") { digits.removeLast() }
                output += "." + digits
            }
        }
        return output
    }

    static func pad(_ value: UInt64) -> String { value < 10 ? "0" + String(value) : String(value) }
}
