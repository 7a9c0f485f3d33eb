import Testing

@testable import SQL

/// `FORMAT PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr` and `FORMAT PROTOBUF MESSAGE 'pkg.Msg' USING
/// SCHEMA '\x…'`, in Materialize's syntax, parsed; refusals with their SQLSTATEs and what to write instead.
@Suite struct ProtobufStatementTests {
    static let head = "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') "

    static func format(_ sql: String) throws -> SourceFormat? {
        guard case .createSource(let create) = try Parser.parseOne(head + sql).statement else { return nil }
        return create.output?.format
    }

    static func refusal(_ sql: String) -> SQLError? {
        do {
            _ = try Parser.parse(head + sql)
            return nil
        } catch {
            return error
        }
    }

    @Test func registryForms() throws {
        let value = try Self.format("FORMAT PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr")
        #expect(value?.value == .protobuf(ProtobufFormat(schema: .registry(connection: "csr"), message: nil)))
        #expect(value?.value.catalogName == "protobuf")
        let named = try Self.format(
            "KEY FORMAT PROTOBUF MESSAGE 'kv.Key' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr "
                + "VALUE FORMAT PROTOBUF MESSAGE '.kv.Value' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr")
        #expect(named?.key == .protobuf(ProtobufFormat(schema: .registry(connection: "csr"), message: "kv.Key")))
        #expect(named?.value == .protobuf(ProtobufFormat(schema: .registry(connection: "csr"), message: "kv.Value")))
        #expect(
            named?.value.sqlName
                == "PROTOBUF MESSAGE 'kv.Value' USING CONFLUENT SCHEMA REGISTRY CONNECTION materialize.public.csr")
    }

    @Test func inlineSchema() throws {
        let inline = try Self.format(#"FORMAT PROTOBUF MESSAGE 'a.B' USING SCHEMA '\x0a0B'"#)
        #expect(inline?.value == .protobuf(ProtobufFormat(schema: .inline([0x0A, 0x0B]), message: "a.B")))
        #expect(inline?.value.sqlName == #"PROTOBUF MESSAGE 'a.B' USING SCHEMA '\x0a0b'"#)
        #expect(Self.refusal(#"FORMAT PROTOBUF USING SCHEMA '\x0a'"#)?.sqlState == "42601")
        #expect(Self.refusal("FORMAT PROTOBUF MESSAGE 'a.B' USING SCHEMA 'abc'")?.sqlState == "22023")
        #expect(Self.refusal(#"FORMAT PROTOBUF MESSAGE 'a.B' USING SCHEMA '\x0'"#)?.sqlState == "22023")
        #expect(Self.refusal(#"FORMAT PROTOBUF MESSAGE '' USING SCHEMA '\x0a'"#)?.sqlState == "22023")
        #expect(Self.refusal("FORMAT PROTOBUF")?.message.contains("USING CONFLUENT SCHEMA REGISTRY") == true)
        #expect(
            Self.refusal("FORMAT PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr VALUE STRATEGY ID 1")?
                .sqlState == "0A000")
    }
}
