import KafkaClient

extension KafkaConnectionOptions {
    /// Runs `body` with a client for the cluster the flags name, and closes its connections however `body`
    /// ends.
    func withCluster<T>(_ body: (KafkaCluster) async throws -> T) async throws -> T {
        let cluster = try KafkaCluster(configuration: try makeConfiguration())
        do {
            let value = try await body(cluster)
            await cluster.shutdown()
            return value
        } catch {
            await cluster.shutdown()
            throw error
        }
    }
}
