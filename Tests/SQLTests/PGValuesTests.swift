import Testing

@testable import SQL

/// The date/time and numeric values the engine computes with, against answers PostgreSQL 15 gives (the same
/// cases run end to end in QueryCompatibilityTests).
@Suite struct PGValuesTests {
    func interval(_ text: String) throws -> PGInterval { try PGInterval.parse(text) }

    func timestamp(_ text: String) throws -> Int64 { try PGTimestamp.parse(text, withZone: false) }

    @Test func intervalsReadAndPrintAsPostgreSQLDoes() throws {
        let cases: [(String, String)] = [
            ("1 day 2 hours", "1 day 02:00:00"), ("90 minutes", "01:30:00"),
            ("P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"),
            ("1.5 days", "1 day 12:00:00"), ("1.5 years", "1 year 6 mons"), ("1.5 months", "1 mon 15 days"),
            ("-1 day +2 hours", "-1 days +02:00:00"), ("1 day ago", "-1 days"), ("1 mon -1 day", "1 mon -1 days"),
            ("100", "00:01:40"), ("1:30", "01:30:00"), ("@ 2 weeks", "14 days"), ("0", "00:00:00"),
            ("1 millisecond", "00:00:00.001"), ("-90 minutes", "-01:30:00"),
        ]
        for (input, output) in cases { #expect(try interval(input).text == output, "\(input)") }
        #expect(throws: PGInterval.InputError.invalid) { try PGInterval.parse("forever") }
    }

    @Test func intervalArithmeticCascadesFractionsAsPostgreSQLDoes() throws {
        #expect(try interval("1 day").multiplied(by: 1.5)?.text == "1 day 12:00:00")
        #expect(try interval("1 mon").divided(by: 3)?.text == "10 days")
        #expect(try interval("1 hour").divided(by: 7)?.text == "00:08:34.285714")
        #expect(try interval("1 year 3 days").multiplied(by: 2.3)?.text == "2 years 3 mons 24 days 21:36:00")
        #expect(try interval("50 hours").justifiedHours?.text == "2 days 02:00:00")
        #expect(try interval("-35 days 1 hour").justified?.text == "-1 mons -4 days -23:00:00")
        #expect(PGInterval.compare(try interval("1 mon"), try interval("30 days")) == 0)
        #expect(PGInterval.compare(try interval("1 year"), try interval("360 days")) == 0)
        #expect(PGInterval.compare(try interval("1 day"), try interval("23:59:59")) == 1)
    }

    @Test func monthArithmeticClampsTheDay() throws {
        func plus(_ ts: String, _ span: String) throws -> String? {
            PGTimestamp.adding(try interval(span), to: try timestamp(ts)).map { PGTimestamp.text($0, withZone: false) }
        }
        #expect(try plus("2024-01-31 10:00", "1 month") == "2024-02-29 10:00:00")
        #expect(try plus("2023-01-31", "1 month") == "2023-02-28 00:00:00")
        #expect(try plus("2024-02-29", "1 year") == "2025-02-28 00:00:00")
        #expect(try plus("2024-03-31", "-1 month") == "2024-02-29 00:00:00")
        #expect(try plus("9999-12-31 23:00", "1 day") == nil)
        let difference = PGTimestamp.difference(try timestamp("2024-01-01"), try timestamp("2024-03-01 10:30:00.5"))
        #expect(difference?.text == "-60 days -10:30:00.5")
        #expect(PGTimestamp.age(try timestamp("2025-02-28"), try timestamp("2024-02-29"))?.text == "11 mons 28 days")
    }

    @Test func timestampsReadZonesAndPrintISO() throws {
        #expect(
            PGTimestamp.text(try PGTimestamp.parse("2024-01-05 10:11:12+02", withZone: true), withZone: true)
                == "2024-01-05 08:11:12+00")
        #expect(
            PGTimestamp.text(try timestamp("2024-01-05T10:11:12.123456789"), withZone: false)
                == "2024-01-05 10:11:12.123457")
        #expect(PGTimestamp.text(try timestamp("2024-01-05 24:00:00"), withZone: false) == "2024-01-06 00:00:00")
        #expect(throws: PGTimestamp.InputError.outOfRange) { try PGTimestamp.parse("2024-02-30", withZone: false) }
        #expect(throws: PGTimestamp.InputError.unsupported) { try PGTimestamp.parse("Jan 5 2024", withZone: false) }
        #expect(throws: PGTimestamp.InputError.invalid) { try PGTimestamp.parse("not a time", withZone: false) }
        let noon = try timestamp("2024-02-09 13:04:05.123456")
        #expect(
            try PGTimestamp.toChar(noon, format: "Day Month YYYY HH12:MI AM MS", withZone: false)
                == "Friday    February  2024 01:04 PM 123")
        #expect(
            try PGTimestamp.extract("epoch", from: try timestamp("2024-01-01 00:00:00.5"), withZone: false)
                == "1704067200.500000")
        #expect(try PGTimestamp.extract("week", from: try timestamp("2021-01-03"), withZone: false) == "53")
    }

    @Test func numericsKeepPostgreSQLsScales() throws {
        func n(_ text: String) -> PGDecimal { PGDecimal(parsing: text)! }
        #expect((n("1.10") + n("2")).text == "3.10")
        #expect((n("1.10") * n("2.5")).text == "2.750")
        #expect((n("1.5") - n("1.5")).text == "0.0")
        #expect((n("1.0") / n("3"))?.text == "0.33333333333333333333")
        #expect((n("10") / n("4.0"))?.text == "2.5000000000000000")
        #expect((n("123456.789") / n("0.001"))?.text == "123456789.00000000")
        #expect((n("18446744073709551614") / n("2"))?.text == "9223372036854775807")
        #expect((n("-7.5") % n("2"))?.text == "-1.5")
        #expect(n("1") / n("0") == nil)
        #expect(n("1234.5").rounded(toScale: -2).text == "1200")
        #expect(n("-2.5").rounded(toScale: 0).text == "-3")
        #expect(n("1e3").text == "1000" && n("1.0E-2").text == "0.010" && n("007.10").text == "7.10")
        #expect(PGDecimal.compare(n("1.10"), n("1.1")) == 0 && PGDecimal.compare(n("-0.05"), n("-0.5")) == 1)
        #expect(n("123.45").fitted(precision: 4, scale: 2) == nil)
        #expect(PGDecimal(parsing: "NaN") == nil)
    }
}
