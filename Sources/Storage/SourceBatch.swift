/// What one commit writes for a source: per relation the row changes in record order and the records that did
/// not decode, and the offsets they came from. All of it commits in one transaction or none of it does.
public struct SourceBatch: Sendable {
    public var outputs: [String: OutputChanges]
    /// Per output id, per partition: the next offset to read once this batch is committed.
    public var offsets: [String: [Int32: Int64]]
    /// Per output id, per partition in `offsets`: the next offset the batch started from, which a shared store
    /// (PostgreSQL) checks is still the stored one before it commits (the fence against a second writer). Empty:
    /// not checked.
    public var startOffsets: [String: [Int32: Int64]]

    public init(
        outputs: [String: OutputChanges] = [:], offsets: [String: [Int32: Int64]] = [:],
        startOffsets: [String: [Int32: Int64]] = [:]
    ) {
        self.outputs = outputs
        self.offsets = offsets
        self.startOffsets = startOffsets
    }

    public var isEmpty: Bool { outputs.values.allSatisfy(\.isEmpty) && offsets.isEmpty }

    /// The number of row changes (inserts, upserts, deletes) and errors in the batch.
    public var updateCount: Int { outputs.values.reduce(0) { $0 + $1.count } }
}

/// The changes to one relation, in record order.
///
/// The values of every change sit in one flat array, so a batch of twenty thousand rows is a handful of
/// allocations rather than one array per row; `ends` says where each change's values stop.
public struct OutputChanges: Sendable {
    public enum Kind: Sendable, Hashable {
        /// ENVELOPE NONE: append the row.
        case insert
        /// ENVELOPE UPSERT: insert or replace the row with the same key.
        case upsert
        /// ENVELOPE UPSERT tombstone: delete the row with this key (values of the key columns, in order).
        case delete
    }

    /// One change with its values, for callers that build a few changes by hand (tests, tools).
    public enum Change: Sendable, Hashable {
        case insert([Datum])
        case upsert([Datum])
        case delete([Datum])
    }

    public private(set) var kinds: [Kind] = []
    /// Per change, one past the index of its last value in `values`.
    public private(set) var ends: [Int] = []
    public private(set) var values: [Datum] = []
    public var errors: [ErrorRow] = []

    public init() {}

    public init(_ changes: [Change]) {
        for change in changes { append(change) }
    }

    public var isEmpty: Bool { kinds.isEmpty && errors.isEmpty }
    /// Row changes and errors.
    public var count: Int { kinds.count + errors.count }

    /// The range of `values` that change `index` holds.
    public func valueRange(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    public mutating func reserveCapacity(changes: Int, values: Int) {
        kinds.reserveCapacity(changes)
        ends.reserveCapacity(changes)
        self.values.reserveCapacity(values)
    }

    /// Adds a value to the change being built; `endChange` closes it.
    public mutating func append(_ value: Datum) { values.append(value) }

    /// Drops the values appended since the previous change: a record that failed after some of its values were in.
    public mutating func discardOpenChange() { values.removeSubrange((ends.last ?? 0)...) }

    /// The values appended since the previous change form one change of this kind.
    public mutating func endChange(_ kind: Kind) {
        kinds.append(kind)
        ends.append(values.count)
    }

    public mutating func append(_ change: Change) {
        switch change {
        case .insert(let row):
            values.append(contentsOf: row)
            endChange(.insert)
        case .upsert(let row):
            values.append(contentsOf: row)
            endChange(.upsert)
        case .delete(let key):
            values.append(contentsOf: key)
            endChange(.delete)
        }
    }

    /// The changes as values of their own (tests; the store reads the flat arrays).
    public var changes: [Change] {
        kinds.indices.map { index in
            let row = Array(values[valueRange(of: index)])
            switch kinds[index] {
            case .insert: return .insert(row)
            case .upsert: return .upsert(row)
            case .delete: return .delete(row)
            }
        }
    }
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
