import Foundation

extension SchemaRegistryClient {
    /// `GET /schemas/ids/{id}?format=serialized`: a Protobuf schema as the base64 of its `FileDescriptorProto`
    /// (the registry's default answer is `.proto` text, which would need a parser), with its references.
    public func serializedSchema(id: Int32) async throws(SchemaRegistryError) -> RegisteredSchema {
        let path = "/schemas/ids/\(id)?format=serialized"
        let object = try await getObject(path, what: "schema id \(id)")
        guard let text = object["schema"] as? String else { throw invalid(path, "has no \"schema\" string") }
        var schema = RegisteredSchema(id: id, schemaType: object["schemaType"] as? String ?? "AVRO", schema: text)
        schema.references = try references(object, path: path)
        return schema
    }

    /// `GET /subjects/{subject}/versions/{version}?format=serialized` (`latest` when `version` is nil).
    public func serializedVersion(subject: String, version: Int? = nil) async throws(SchemaRegistryError)
        -> RegisteredSchema
    {
        let path =
            "/subjects/\(Self.escape(subject))/versions/\(version.map(String.init) ?? "latest")?format=serialized"
        let object = try await getObject(path, what: "subject \(subject)")
        guard let text = object["schema"] as? String, let id = (object["id"] as? NSNumber)?.int32Value else {
            throw invalid(path, "has no \"schema\" string and \"id\" number")
        }
        var schema = RegisteredSchema(
            id: id, schemaType: object["schemaType"] as? String ?? "AVRO", schema: text,
            subject: object["subject"] as? String ?? subject, version: (object["version"] as? NSNumber)?.intValue)
        schema.references = try references(object, path: path)
        return schema
    }

    /// The serialized `FileDescriptorProto`s of a Protobuf schema and of everything it imports through references
    /// (each fetched by subject and version, recursively), imports first and `schema`'s own file last.
    public func protobufFiles(of schema: RegisteredSchema) async throws(SchemaRegistryError) -> [[UInt8]] {
        var files: [[UInt8]] = []
        var seen: Set<String> = []
        try await collect(schema, into: &files, seen: &seen, depth: 0)
        return files
    }

    private func collect(_ schema: RegisteredSchema, into files: inout [[UInt8]], seen: inout Set<String>, depth: Int)
        async throws(SchemaRegistryError)
    {
        guard depth < 32 else {
            throw SchemaRegistryError(.invalidResponse, "the schema references of id \(schema.id) nest deeper than 32")
        }
        for reference in schema.references where !seen.contains(reference.name) {
            seen.insert(reference.name)
            let imported = try await serializedVersion(subject: reference.subject, version: reference.version)
            guard imported.schemaType.uppercased() == "PROTOBUF" else {
                throw SchemaRegistryError(
                    .invalidResponse,
                    "the reference \(reference.name) (subject \(reference.subject) version \(reference.version)) "
                        + "is a \(imported.schemaType) schema, not Protobuf")
            }
            try await collect(imported, into: &files, seen: &seen, depth: depth + 1)
        }
        guard let bytes = Data(base64Encoded: schema.schema) else {
            throw SchemaRegistryError(
                .invalidResponse,
                "schema id \(schema.id) with format=serialized is not base64; is \(configuration.url) a registry "
                    + "that supports ?format=serialized for Protobuf?")
        }
        files.append(Array(bytes))
    }

    private func references(_ object: [String: Any], path: String) throws(SchemaRegistryError) -> [SchemaReference] {
        guard let list = object["references"] else { return [] }
        guard let entries = list as? [[String: Any]] else {
            throw invalid(path, "has a \"references\" that is no list")
        }
        var references: [SchemaReference] = []
        for entry in entries {
            guard let name = entry["name"] as? String, let subject = entry["subject"] as? String,
                let version = (entry["version"] as? NSNumber)?.intValue
            else { throw invalid(path, "has a reference without name, subject and version") }
            references.append(SchemaReference(name: name, subject: subject, version: version))
        }
        return references
    }
}
