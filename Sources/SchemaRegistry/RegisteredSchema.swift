/// A schema as the registry returns it: its global id, and for a subject's version the subject and version.
public struct RegisteredSchema: Hashable, Sendable {
    public var id: Int32
    /// `AVRO` when the registry leaves `schemaType` out, as it does for Avro.
    public var schemaType: String
    /// The schema text (for Avro, its JSON).
    public var schema: String
    public var subject: String?
    public var version: Int?
    /// The schemas this one imports (Protobuf imports, Avro named types of other subjects), by subject and version.
    public var references: [SchemaReference] = []

    public init(id: Int32, schemaType: String = "AVRO", schema: String, subject: String? = nil, version: Int? = nil) {
        self.id = id
        self.schemaType = schemaType
        self.schema = schema
        self.subject = subject
        self.version = version
    }
}

/// A registered schema's reference to another: the name it is imported by (a Protobuf file name such as
/// `common.proto`) and the subject and version that hold it.
public struct SchemaReference: Hashable, Sendable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}
