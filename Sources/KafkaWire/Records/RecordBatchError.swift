/// Why a record batch could not be read or written, and where it came from.
///
/// Errors on the read path name the topic, partition and the batch's base offset so that an operator can find the
/// batch (for example with `kafka-dump-log`) and decide whether to skip past it.
public struct RecordBatchError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a closed set that can grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case checksumMismatch
            case unsupportedMagic
            case malformedBatch
            case malformedRecord
            case unsupportedCompression
            case decompressionFailed
            case decompressionLimitExceeded
            case compressionFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The CRC-32C stored in the batch does not match its bytes: corruption on disk or on the wire.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// The batch is an old message set (magic 0 or 1) or something newer than v2.
        public static let unsupportedMagic = Code(.unsupportedMagic)
        /// The batch header is inconsistent (length, record count).
        public static let malformedBatch = Code(.malformedBatch)
        /// A record inside the batch does not parse or does not fill its declared length.
        public static let malformedRecord = Code(.malformedRecord)
        /// The attributes name a codec Inlet does not know.
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// The compressed records section is not valid for its codec.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// The records section expands beyond the configured limit.
        public static let decompressionLimitExceeded = Code(.decompressionLimitExceeded)
        /// The codec library refused to compress a batch being built.
        public static let compressionFailed = Code(.compressionFailed)

        public var description: String {
            switch base {
            case .checksumMismatch: "checksumMismatch"
            case .unsupportedMagic: "unsupportedMagic"
            case .malformedBatch: "malformedBatch"
            case .malformedRecord: "malformedRecord"
            case .unsupportedCompression: "unsupportedCompression"
            case .decompressionFailed: "decompressionFailed"
            case .decompressionLimitExceeded: "decompressionLimitExceeded"
            case .compressionFailed: "compressionFailed"
            }
        }
    }

    public var code: Code
    /// What happened and what to do about it.
    public var message: String
    /// The topic the batch was fetched from, when reading.
    public var topic: String?
    /// The partition the batch was fetched from, when reading.
    public var partition: Int32?
    /// The base offset of the batch, when its header could be read.
    public var baseOffset: Int64?

    public init(
        code: Code,
        message: String,
        topic: String? = nil,
        partition: Int32? = nil,
        baseOffset: Int64? = nil
    ) {
        self.code = code
        self.message = message
        self.topic = topic
        self.partition = partition
        self.baseOffset = baseOffset
    }

    public var description: String {
        var location: [String] = []
        if let topic { location.append("topic \(topic)") }
        if let partition { location.append("partition \(partition)") }
        if let baseOffset { location.append("batch at offset \(baseOffset)") }
        let prefix = location.isEmpty ? "" : location.joined(separator: ", ") + ": "
        return prefix + message
    }

    /// The same error, located in a batch of a fetched partition.
    func located(_ context: RecordBatchContext, baseOffset: Int64?) -> RecordBatchError {
        var copy = self
        copy.topic = context.topic
        copy.partition = context.partition
        copy.baseOffset = baseOffset ?? self.baseOffset
        return copy
    }
}

/// Where a records blob came from: the topic and partition of a Fetch response entry.
///
/// Only used to make errors say which batch is broken.
public struct RecordBatchContext: Hashable, Sendable {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
}
