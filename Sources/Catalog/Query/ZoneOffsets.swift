import Foundation

/// A time zone's offsets from UTC (from the zone database Foundation reads), for `AT TIME ZONE 'Region/City'`:
/// moving between the zone's wall clock and UTC as PostgreSQL does.
struct ZoneOffsets {
    let zone: TimeZone

    init(_ zone: TimeZone) { self.zone = zone }

    /// The offset in microseconds at the UTC instant `micros` (microseconds since 1970, as PGTimestamp counts).
    func offset(atUTC micros: Int64) -> Int64 {
        let seconds = Double(micros) / 1_000_000
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))) * 1_000_000
    }

    /// A UTC instant as the zone's wall clock, or (`fromLocal`) the zone's wall clock as a UTC instant. A wall
    /// clock a change repeats is read after the change (standard time), one it skips with the offset before it,
    /// as PostgreSQL's DetermineTimeZoneOffset reads them.
    func convert(_ micros: Int64, fromLocal: Bool) -> Int64 {
        guard fromLocal else { return micros + offset(atUTC: micros) }
        let halfDay: Int64 = 12 * 3_600_000_000
        let before = offset(atUTC: micros - halfDay)
        let after = offset(atUTC: micros + halfDay)
        if after != before, offset(atUTC: micros - after) == after { return micros - after }
        return micros - before
    }
}
