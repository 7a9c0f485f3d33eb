extension AvroText {
    /// `dateText(days:)` for the years 1–9999, written straight into the string; other days take the general
    /// path, which also refuses those outside PostgreSQL's range.
    static func fastDateText(days: Int64) throws(DecodeError) -> String {
        guard days >= firstFourDigitDay && days < endFourDigitDay else { return try dateText(days: days) }
        return String(unsafeUninitializedCapacity: 10) { text in
            writeDate(days: days, into: text)
            return 10
        }
    }

    /// `timeText(microseconds:)` written straight into the string.
    static func fastTimeText(microseconds: Int64) throws(DecodeError) -> String {
        guard microseconds >= 0 && microseconds <= microsecondsPerDay else {
            return try timeText(microseconds: microseconds)
        }
        return String(unsafeUninitializedCapacity: 15) { text in
            writeClock(microseconds, into: text, at: 0)
        }
    }

    /// `timestampText(microseconds:_:separator: " ")` for the years 1–9999, written straight into the string;
    /// other instants take the general path.
    static func fastTimestampText(microseconds: Int64, _ schema: AvroSchema) throws(DecodeError) -> String {
        var days = microseconds / microsecondsPerDay
        var rest = microseconds % microsecondsPerDay
        if rest < 0 {
            rest += microsecondsPerDay
            days -= 1
        }
        guard days >= firstFourDigitDay && days < endFourDigitDay else {
            return try timestampText(microseconds: microseconds, schema, separator: " ")
        }
        return String(unsafeUninitializedCapacity: 26) { text in
            writeDate(days: days, into: text)
            text[10] = UInt8(ascii: " ")
            return writeClock(rest, into: text, at: 11)
        }
    }

    /// timestamp-millis: milliseconds scaled to microseconds (an overflow is out of range).
    static func fastTimestampText(milliseconds: Int64, _ schema: AvroSchema) throws(DecodeError) -> String {
        let (microseconds, overflow) = milliseconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { throw outOfRange(schema, milliseconds) }
        return try fastTimestampText(microseconds: microseconds, schema)
    }

    /// `floatText` when Swift's shortest description is already PostgreSQL's text but for a trailing `.0`:
    /// positional, with at most `fixedLimit` integer digits and no more than three zeros after the point.
    /// Everything else (exponents, NaN, infinities) takes `floatText`.
    static func fastFloatText<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) -> String {
        var description = value.description
        let fixedLimit = F.self == Float.self ? 6 : 15
        let layout = description.withUTF8 { utf8 -> Int? in
            var start = 0
            if utf8.first == UInt8(ascii: "-") { start = 1 }
            var point: Int?
            for index in start..<utf8.count {
                switch utf8[index] {
                case UInt8(ascii: "."): point = index
                case UInt8(ascii: "0")...UInt8(ascii: "9"): continue
                default: return nil
                }
            }
            guard let point, point - start <= fixedLimit else { return nil }
            if point - start == 1 && utf8[start] == UInt8(ascii: "0") {
                // 0.000d… is below 1e-4 and printed with an exponent.
                var zeros = 0
                var index = point + 1
                while index < utf8.count && utf8[index] == UInt8(ascii: "0") {
                    zeros += 1
                    index += 1
                }
                guard zeros <= 3 || index == utf8.count else { return nil }
            }
            let zeroFraction = utf8.count == point + 2 && utf8[point + 1] == UInt8(ascii: "0")
            return zeroFraction ? point : utf8.count
        }
        guard let layout else { return floatText(value) }
        if layout == description.utf8.count { return description }
        return description.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[..<layout]), as: UTF8.self) }
    }

    /// The first day of year 1 and the first of year 10000: the days whose dates have four digits and no era.
    static let firstFourDigitDay = days(fromCivil: 1, 1, 1)
    static let endFourDigitDay = days(fromCivil: 10_000, 1, 1)

    /// `YYYY-MM-DD` into the first 10 bytes, for a day of the years 1–9999.
    private static func writeDate(days: Int64, into text: UnsafeMutableBufferPointer<UInt8>) {
        let (year, month, day) = civil(fromDays: days)
        writeDigits(year, 4, into: text, at: 0)
        text[4] = UInt8(ascii: "-")
        writeDigits(month, 2, into: text, at: 5)
        text[7] = UInt8(ascii: "-")
        writeDigits(day, 2, into: text, at: 8)
    }

    /// `HH:MM:SS[.ffffff]` at `start`, the fraction without trailing zeros; returns the end.
    private static func writeClock(_ microseconds: Int64, into text: UnsafeMutableBufferPointer<UInt8>, at start: Int)
        -> Int
    {
        let seconds = microseconds / 1_000_000
        var fraction = microseconds % 1_000_000
        writeDigits(seconds / 3600, 2, into: text, at: start)
        text[start + 2] = UInt8(ascii: ":")
        writeDigits(seconds / 60 % 60, 2, into: text, at: start + 3)
        text[start + 5] = UInt8(ascii: ":")
        writeDigits(seconds % 60, 2, into: text, at: start + 6)
        guard fraction != 0 else { return start + 8 }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        text[start + 8] = UInt8(ascii: ".")
        writeDigits(fraction, digits, into: text, at: start + 9)
        return start + 9 + digits
    }

    /// The last `width` decimal digits of a non-negative `value`, zero-padded.
    @inline(__always)
    private static func writeDigits(
        _ value: Int64, _ width: Int, into text: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) {
        var value = value
        var index = start + width - 1
        while index >= start {
            text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            value /= 10
            index -= 1
        }
    }
}
