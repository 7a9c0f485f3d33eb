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

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String { fixed(seconds(duration) * 1000, 3) }

    static func median<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
