extension SourceEnvironment {
    /// Environments without subscriptions have nobody to tell.
    public func committed(_ source: SourceSpec) {}
}

extension SourceRuntime {
    /// Tells the environment that a commit is stored, once its rows are readable, so subscriptions to the source's
    /// relations (SUBSCRIBE) read them at once instead of polling. A batch of no records changed nothing.
    func announceCommit(_ decoded: DecodedBatch) {
        guard decoded.records > 0 else { return }
        environment.committed(spec)
    }
}
