/// A stored Kafka source with the relations it feeds: what the catalog returns and the ingest runtime runs.
public struct KafkaSource: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kafka: KafkaSourceDefinition
    /// The relations it feeds, each with its catalog id, in creation order.
    public var outputs: [Output]
    /// The progress relation's name (`<source>_progress` or `EXPOSE PROGRESS AS`).
    public var progressName: String

    /// One relation fed by the source, with its catalog id.
    public struct Output: Sendable, Hashable {
        public var id: String
        public var definition: SourceOutputDefinition

        public init(id: String, definition: SourceOutputDefinition) {
            self.id = id
            self.definition = definition
        }
    }

    public init(id: String, name: String, kafka: KafkaSourceDefinition, outputs: [Output], progressName: String) {
        self.id = id
        self.name = name
        self.kafka = kafka
        self.outputs = outputs
        self.progressName = progressName
    }
}
