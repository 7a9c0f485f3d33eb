/// `FORMAT PROTOBUF [MESSAGE 'pkg.Msg'] USING CONFLUENT SCHEMA REGISTRY CONNECTION csr` or `FORMAT PROTOBUF
/// MESSAGE 'pkg.Msg' USING SCHEMA '\x…'` (a serialized `FileDescriptorSet`), and the descriptors pinned when the
/// relation was created.
///
/// As with Avro, the registry form names only the connection: `CREATE SOURCE` / `CREATE TABLE` fetch the latest
/// schema of the topic's subject and its references and keep them here, so the columns stay the same across
/// restarts while writers evolve. The message is the file's first unless `MESSAGE` names another.
public struct ProtobufFormat: Hashable, Sendable, Codable {
    /// Where the descriptors come from.
    public enum Schema: Hashable, Sendable, Codable {
        /// A CONFLUENT SCHEMA REGISTRY connection's name.
        case registry(connection: String)
        /// The bytes of a serialized `google.protobuf.FileDescriptorSet`, as `USING SCHEMA '\x…'` gave them.
        case inline([UInt8])
    }

    public var schema: Schema
    /// `MESSAGE 'pkg.Msg'` as written (required with USING SCHEMA), without a leading dot.
    public var message: String?
    /// Nil as parsed; set by the catalog before the relation is planned and stored.
    public var pinned: PinnedProtobufSchema?

    public init(schema: Schema, message: String?, pinned: PinnedProtobufSchema? = nil) {
        self.schema = schema
        self.message = message
        self.pinned = pinned
    }

    /// The registry connection, for a format that reads through one.
    public var connection: String? {
        if case .registry(let connection) = schema { return connection }
        return nil
    }

    public var sqlName: String {
        var text = "PROTOBUF"
        if let message { text += " MESSAGE " + SQLText.literal(message) }
        switch schema {
        case .registry(let connection):
            return text + " USING CONFLUENT SCHEMA REGISTRY CONNECTION " + SQLText.qualified(connection)
        case .inline(let bytes):
            let digits = "0123456789abcdef".utf8.map { $0 }
            var hex = "\\x"
            hex.reserveCapacity(2 + bytes.count * 2)
            for byte in bytes {
                hex.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                hex.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 15)]))
            }
            return text + " USING SCHEMA " + SQLText.literal(hex)
        }
    }
}

/// The descriptors of a Protobuf relation as they were at creation: the registry's subject, id and version (for
/// the registry form), the files as one serialized `FileDescriptorSet` (imports first, the schema's own file last),
/// the message read, and the relation columns its fields plan to.
public struct PinnedProtobufSchema: Hashable, Sendable, Codable {
    public var subject: String?
    /// The registry's global schema id (nil for USING SCHEMA).
    public var id: Int32?
    public var version: Int?
    /// A serialized `google.protobuf.FileDescriptorSet`.
    public var descriptorSet: [UInt8]
    /// The message's full name, without a leading dot.
    public var message: String
    public var columns: [RelationColumn]

    public init(
        subject: String?, id: Int32?, version: Int?, descriptorSet: [UInt8], message: String,
        columns: [RelationColumn]
    ) {
        self.subject = subject
        self.id = id
        self.version = version
        self.descriptorSet = descriptorSet
        self.message = message
        self.columns = columns
    }
}
