extension KafkaConsumer {
    /// The next chunk if one is already fetched, else nil at once: lets a caller that commits in batches take
    /// everything that is waiting without blocking on the network.
    public func readyChunk() throws -> [KafkaConsumerRecord]? {
        guard let chunk = try stream.takeReady() else { return nil }
        buffers.taken(chunk.count, from: chunk[0].partition)
        return chunk
    }
}
