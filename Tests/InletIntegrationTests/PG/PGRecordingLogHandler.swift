import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps what a client library logs, so a test can demand "no warnings".
struct PGRecordingLogHandler: LogHandler {
    let records: NIOLockedValueBox<[(Logger.Level, String)]>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.withLockedValue { $0.append((event.level, "\(event.message)")) }
    }

    /// A logger recording into `records`.
    static func logger(_ records: NIOLockedValueBox<[(Logger.Level, String)]>) -> Logger {
        Logger(label: "recorded") { _ in PGRecordingLogHandler(records: records) }
    }
}
