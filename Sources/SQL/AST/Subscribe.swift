/// `SUBSCRIBE [TO] relation | (query) [WITH (SNAPSHOT [= bool], PROGRESS [= bool])]`: Materialize's statement that
/// streams how a relation changes, as rows of `mz_timestamp`, `mz_diff` and the relation's columns.
///
/// It is kept as the query it reads (a relation becomes `SELECT * FROM relation`), because a subscription runs that
/// query again after every commit of the sources it reads and emits the difference.
public struct Subscribe: Hashable, Sendable {
    /// What the subscription reads.
    public var query: Query
    /// Whether the first updates are the query's result at the start (Materialize's default: true).
    public var snapshot: Bool
    /// Whether an `mz_progressed` column and progress rows are added (Materialize's default: false).
    public var progress: Bool

    public init(query: Query, snapshot: Bool = true, progress: Bool = false) {
        self.query = query
        self.snapshot = snapshot
        self.progress = progress
    }
}
