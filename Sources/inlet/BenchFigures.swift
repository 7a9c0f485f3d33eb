import Foundation

/// What every `inlet bench` command measures and prints with: the client's CPU time, medians, fixed digits.
enum BenchFigures {
    /// User + system CPU seconds used so far by this process (`RUSAGE_SELF`) or its waited-for children.
    static func cpuSeconds(children: Bool = false) -> Double {
        var usage = rusage()
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CLOCK_MONOTONIC in nanoseconds: the clock Python's `time.monotonic_ns` reads, so stamps of a benchmark and
    /// of its Python peers compare.
    static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String { fixed(seconds(duration) * 1000, 3) }

    static func median<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }

    /// The value below which a fraction `q` of `sorted` lies (nearest rank); nil for no values.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    /// Writes record `index`'s value into `template` ("rec-<index>-" over x's, like librdkafka's bench program's
    /// snprintf) without building a String per record; `digits` is scratch space of 20 bytes.
    static func writeRecordValue(_ index: Int, into template: inout [UInt8], digits: inout [UInt8]) {
        let size = template.count
        var count = 0
        var rest = index
        repeat {
            digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            count += 1
        } while rest > 0
        var j = 0
        for byte in "rec-".utf8 where j < size {
            template[j] = byte
            j += 1
        }
        while count > 0, j < size {
            count -= 1
            template[j] = digits[count]
            j += 1
        }
        if j < size { template[j] = UInt8(ascii: "-") }
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
