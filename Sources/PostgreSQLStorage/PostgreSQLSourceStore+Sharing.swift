import Storage

extension PostgreSQLSourceStore {
    /// Every `inlet serve --storage postgresql://…` replica writes the same database: the replicas split each
    /// source's partitions through its consumer group.
    public var isShared: Bool { true }
}
