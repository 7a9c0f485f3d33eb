import Foundation

/// The two renderings of a signing time SigV4 uses: `20150830T123600Z` and `20150830`, always in UTC.
struct AWSTimestamp: Hashable, Sendable {
    /// `YYYYMMDDTHHMMSSZ`, the value of `X-Amz-Date`.
    var dateTime: String
    /// `YYYYMMDD`, the date in the credential scope.
    var date: String

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        date = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
        dateTime = date + "T" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }
}
