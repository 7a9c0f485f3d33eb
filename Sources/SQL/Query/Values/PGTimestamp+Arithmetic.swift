/// Timestamp arithmetic as PostgreSQL 15 computes it: intervals added field by field, differences, age and
/// date_trunc.
extension PGTimestamp {
    /// `timestamp + interval` as PostgreSQL computes it: months first (the day clamped to the month's last),
    /// then days on the calendar, then the time; nil outside the years this form holds.
    public static func adding(_ interval: PGInterval, to micros: Int64) -> Int64? {
        var value = micros
        if interval.months != 0 {
            var f = fields(value)
            let total = f.year * 12 + (f.month - 1) + Int(interval.months)
            f.year = Int((Double(total) / 12).rounded(.down))
            f.month = total - f.year * 12 + 1
            guard f.year >= 1, f.year <= 9999 else { return nil }
            f.day = min(f.day, daysIn(month: f.month, year: f.year))
            value = Self.micros(f)
        }
        if interval.days != 0 {
            value += Int64(interval.days) * microsecondsPerDay
        }
        let (sum, overflow) = value.addingReportingOverflow(interval.microseconds)
        guard !overflow, sum >= lowest, sum < highest else { return nil }
        return sum
    }

    /// `timestamp - timestamp`: the difference as days and time (justify_hours), never months.
    public static func difference(_ a: Int64, _ b: Int64) -> PGInterval? {
        PGInterval(microseconds: a - b).justifiedHours
    }

    /// `age(a, b)`: the difference in years, months and days field by field, as PostgreSQL's age() gives it.
    public static func age(_ a: Int64, _ b: Int64) -> PGInterval? {
        let f1 = fields(a)
        let f2 = fields(b)
        var fsec = f1.microsecond - f2.microsecond
        var sec = f1.second - f2.second
        var min = f1.minute - f2.minute
        var hour = f1.hour - f2.hour
        var mday = f1.day - f2.day
        var mon = f1.month - f2.month
        var year = f1.year - f2.year
        let flip = a < b
        if flip {
            fsec = -fsec
            sec = -sec
            min = -min
            hour = -hour
            mday = -mday
            mon = -mon
            year = -year
        }
        while fsec < 0 {
            fsec += 1_000_000
            sec -= 1
        }
        while sec < 0 {
            sec += 60
            min -= 1
        }
        while min < 0 {
            min += 60
            hour -= 1
        }
        while hour < 0 {
            hour += 24
            mday -= 1
        }
        while mday < 0 {
            let reference = flip ? f1 : f2
            mday += daysIn(month: reference.month, year: reference.year)
            mon -= 1
        }
        while mon < 0 {
            mon += 12
            year -= 1
        }
        if flip {
            fsec = -fsec
            sec = -sec
            min = -min
            hour = -hour
            mday = -mday
            mon = -mon
            year = -year
        }
        guard let months = Int32(exactly: year * 12 + mon), let days = Int32(exactly: mday) else { return nil }
        let time = Int64((hour * 60 + min) * 60 + sec) * 1_000_000 + Int64(fsec)
        return PGInterval(months: months, days: days, microseconds: time)
    }

    /// `date_trunc(unit, timestamp)`; nil for a unit PostgreSQL does not have for timestamps.
    public static func truncated(_ micros: Int64, to unit: String) -> Int64? {
        var f = fields(micros)
        switch unit {
        case "microseconds": return micros
        case "milliseconds": f.microsecond = f.microsecond / 1000 * 1000
        case "second": f.microsecond = 0
        case "minute": (f.second, f.microsecond) = (0, 0)
        case "hour": (f.minute, f.second, f.microsecond) = (0, 0, 0)
        case "day": (f.hour, f.minute, f.second, f.microsecond) = (0, 0, 0, 0)
        case "week":
            let weekday = ((f.days % 7) + 7 + 3) % 7  // Monday is 0; 1970-01-01 was a Thursday.
            return Int64(f.days - weekday) * microsecondsPerDay
        case "month": (f.day, f.hour, f.minute, f.second, f.microsecond) = (1, 0, 0, 0, 0)
        case "quarter":
            (f.month, f.day, f.hour, f.minute, f.second, f.microsecond) = ((f.month - 1) / 3 * 3 + 1, 1, 0, 0, 0, 0)
        case "year": (f.month, f.day, f.hour, f.minute, f.second, f.microsecond) = (1, 1, 0, 0, 0, 0)
        case "decade":
            (f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond) = (f.year / 10 * 10, 1, 1, 0, 0, 0, 0)
        case "century":
            (f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond) = (
                (f.year - 1) / 100 * 100 + 1, 1, 1, 0, 0, 0, 0
            )
        case "millennium":
            (f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond) = (
                (f.year - 1) / 1000 * 1000 + 1, 1, 1, 0, 0, 0, 0
            )
        default: return nil
        }
        guard f.year >= 1 else { return nil }
        return Self.micros(f)
    }

    /// The ISO 8601 week number and week-numbering year of a day.
    static func isoWeek(days: Int) -> (year: Int, week: Int) {
        let weekday = ((days % 7) + 7 + 3) % 7  // Monday is 0.
        let thursday = days - weekday + 3
        let year = civil(fromDays: thursday).year
        let firstDay = daysFromCivil(year: year, month: 1, day: 1)
        return (year, (thursday - firstDay) / 7 + 1)
    }
}
