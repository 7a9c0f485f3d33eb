import GRDB
import SQL

extension Catalog {
    /// Starts a subscription: reads the query's result now (its snapshot, which also fixes the columns' types), and
    /// finds the sources whose commits can change it, following views to the relations they read.
    ///
    /// `commits` is the server's count of source commits, which the source runtime advances.
    public func openSubscription(
        _ subscribe: Subscribe, context: QueryContext, commits: SourceCommits, columnTypes: [SQLType]? = nil
    ) async throws(SQLError) -> Subscription {
        let query = subscribe.query
        let sources = try await sourcesRead(by: query.text)
        // Taken before the snapshot is read: a commit from here on makes the first refresh.
        let versions = commits.versions(of: sources)
        let snapshot = try await openQuery(query, context: context, columnTypes: columnTypes).collected()
        let queryColumns = snapshot.columns ?? []
        let types = queryColumns.map(\.type)
        return Subscription(
            queryColumns: queryColumns, sources: sources, commits: commits, versions: versions,
            snapshot: snapshot.rows, emitSnapshot: subscribe.snapshot, progress: subscribe.progress
        ) { [self] () async throws(SQLError) -> [[String?]] in
            try await openQuery(query, context: context, columnTypes: types).collected().rows
        }
    }

    /// The ids of the sources holding a relation the query names, directly or through views.
    public func sourcesRead(by text: String) async throws(SQLError) -> Set<String> {
        let names = Self.identifiers(in: text)
        guard !names.isEmpty else { return [] }
        return try await queryRead(text) { [self] db in
            let relations = try attachCache.current() ?? loadRelations(db)
            var sources: Set<String> = []
            for name in names { sources.formUnion(relations.sources[name] ?? []) }
            return sources
        }
    }
}
