/// What one commit writes for a source: per relation the row changes in record order and the records that did
/// not decode, and the offsets they came from. All of it commits in one transaction or none of it does.
public struct SourceBatch: Sendable {
    public var outputs: [String: OutputChanges]
    /// Per output id, per partition: the next offset to read once this batch is committed.
    public var offsets: [String: [Int32: Int64]]

    public init(outputs: [String: OutputChanges] = [:], offsets: [String: [Int32: Int64]] = [:]) {
        self.outputs = outputs
        self.offsets = offsets
    }

    public var isEmpty: Bool { outputs.values.allSatisfy(\.isEmpty) && offsets.isEmpty }

    /// The number of row changes (inserts, upserts, deletes) and errors in the batch.
    public var updateCount: Int { outputs.values.reduce(0) { $0 + $1.count } }
}

/// The changes to one relation, in record order.
public struct OutputChanges: Sendable {
    public enum Change: Sendable {
        /// ENVELOPE NONE: append the row.
        case insert([Datum])
        /// ENVELOPE UPSERT: insert or replace the row with the same key.
        case upsert([Datum])
        /// ENVELOPE UPSERT tombstone: delete the row with this key (values of the key columns, in order).
        case delete([Datum])
    }

    public var changes: [Change] = []
    public var errors: [ErrorRow] = []

    public init() {}

    public var isEmpty: Bool { changes.isEmpty && errors.isEmpty }
    public var count: Int { changes.count + errors.count }
}

/// A record that did not decode, kept with its raw bytes so nothing is lost.
public struct ErrorRow: Sendable, Hashable {
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var reason: String

    public init(partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?, reason: String) {
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.reason = reason
    }
}
