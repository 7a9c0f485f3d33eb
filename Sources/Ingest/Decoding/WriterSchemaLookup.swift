import NIOConcurrencyHelpers

/// Finds the writer schema of a Confluent-framed record by its schema id: the server answers it from the CONFLUENT
/// SCHEMA REGISTRY connection (through the connection's route, cached by id).
///
/// Throwing errors are shown in the errors relation as their description, so they name the registry's URL and what
/// to do, never a password.
public protocol WriterSchemaLookup: Sendable {
    /// The schema text registered under `id`.
    func writerSchema(id: Int32) async throws -> String
}

/// Where the Avro decoders of the running sources find the lookup of a registry connection, by its name.
///
/// The server installs one provider when it builds its source supervisor. The decoders are made by the runtime
/// from the stored relation definitions alone, so this is how they reach the server without the runtime knowing
/// about registries. (Once the runtime passes its `SourceEnvironment` to the decoders, this can go.)
public enum WriterSchemaLookups {
    private static let provider = NIOLockedValueBox<(@Sendable (String) -> (any WriterSchemaLookup)?)?>(nil)

    /// Installs `provider`, replacing an earlier one.
    public static func install(_ provider: @escaping @Sendable (_ connection: String) -> (any WriterSchemaLookup)?) {
        self.provider.withLockedValue { $0 = provider }
    }

    /// The lookup for the CONFLUENT SCHEMA REGISTRY connection `connection`, or nil when no server installed one.
    static func lookup(connection: String) -> (any WriterSchemaLookup)? {
        provider.withLockedValue { $0 }?(connection)
    }
}
