import Testing

@testable import SQL

/// `CREATE CONNECTION … TO CONFLUENT SCHEMA REGISTRY` and `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION`,
/// in Materialize's syntax, parsed and planned.
@Suite struct SchemaRegistryStatementTests {
    private func plan(_ sql: String) throws -> ConnectionDefinition {
        guard case .createConnection(let create) = try Parser.parseOne(sql).statement else {
            throw SQLError.internal("not a CREATE CONNECTION")
        }
        #expect(create.type == .confluentSchemaRegistry)
        return try ConnectionDefinition.plan(type: create.type, options: create.options)
    }

    private func registry(_ sql: String) throws -> SchemaRegistryConnectionDefinition {
        guard case .confluentSchemaRegistry(let registry) = try plan(sql) else {
            throw SQLError.internal("not a schema registry connection")
        }
        return registry
    }

    private func failure(_ sql: String) -> SQLError? {
        do {
            _ = try plan(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return SQLError.internal("\(error)")
        }
    }

    @Test func materializesDocumentedForms() throws {
        let full = try registry(
            """
            CREATE CONNECTION csr_connection TO CONFLUENT SCHEMA REGISTRY (
                URL 'https://rp-f00000bar.data.vectorized.cloud:30993/prefix/',
                SSL CERTIFICATE AUTHORITY = SECRET csr_ca,
                SSL CERTIFICATE = SECRET csr_ssl_crt,
                SSL KEY = SECRET csr_ssl_key,
                USERNAME = 'foo',
                PASSWORD = SECRET csr_password,
                AWS PRIVATELINK privatelink_svc (PORT 9005)
            );
            """)
        #expect(full.scheme == "https" && full.host == "rp-f00000bar.data.vectorized.cloud" && full.port == 30993)
        #expect(full.pathPrefix == "/prefix")
        #expect(full.username == .text("foo") && full.password == "csr_password")
        #expect(full.route == .privateLink(connection: "privatelink_svc", port: 9005, availabilityZone: nil))
        #expect(Set(full.referencedSecrets) == ["csr_ca", "csr_ssl_crt", "csr_ssl_key", "csr_password"])
        #expect(full.referencedConnections.map(\.name) == ["privatelink_svc"])
        #expect(full.origin == "https://rp-f00000bar.data.vectorized.cloud:30993")

        let tunnel = try registry(
            "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://registry.internal', SSH TUNNEL ssh)")
        #expect(tunnel.port == 80 && tunnel.route == .sshTunnel(connection: "ssh") && !tunnel.usesTLS)
        let secretUser = try registry(
            "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'https://[::1]:8081', USERNAME = SECRET u, PASSWORD = SECRET p)"
        )
        #expect(secretUser.host == "::1" && secretUser.port == 8081 && secretUser.username == .secret("u"))
        #expect(secretUser.origin == "https://[::1]:8081")
        #expect(ConnectionType.confluentSchemaRegistry.validatesByDefault)
    }

    @Test func mistakesAreNamedWithTheFix() {
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (USERNAME 'u')")?.message.contains("URL") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'registry:8081')")?.message.contains(
                "no scheme") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'https://r:99999')")?.message.contains(
                "invalid port") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'https://r', PASSWORD = SECRET p)")?
                .message.contains("USERNAME") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'https://r', USERNAME 'u', PASSWORD 'x')")?
                .message.contains("must be a secret") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'http://r', SSL CERTIFICATE AUTHORITY 'x')")?
                .message.contains("https://r") == true)
        #expect(
            failure(
                "CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'https://r', SSH TUNNEL t, AWS PRIVATELINK p)")?
                .message.contains("not both") == true)
        #expect(
            failure("CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'https://r', BROKER 'b:9092')")?.sqlState
                == "42601")
    }

    @Test func avroFormatsParseAndPrintBack() throws {
        let sql = """
            CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't')
                KEY FORMAT TEXT VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr INCLUDE KEY
            """
        guard case .createSource(let create) = try Parser.parseOne(sql).statement else {
            Issue.record("not a CREATE SOURCE")
            return
        }
        #expect(create.output?.format == .keyValue(key: .text, value: .avro(AvroFormat(connection: "csr"))))
        let printed = SQLText.createSource(create)
        #expect(printed.contains("VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION materialize.public.csr"))
        guard case .createSource(let again) = try Parser.parseOne(printed).statement else {
            Issue.record("the printed statement does not parse: \(printed)")
            return
        }
        #expect(again.output == create.output)

        #expect(
            syntaxFailure("CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') FORMAT AVRO")?.contains("USING") == true)
    }

    /// `KEY STRATEGY` / `VALUE STRATEGY` as Materialize writes them: parsed, kept as written, printed back.
    @Test func readerStrategiesParseAndPrintBack() throws {
        func output(_ formats: String) throws -> SourceOutputSpec? {
            guard
                case .createSource(let create) = try Parser.parseOne(
                    "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') \(formats)"
                ).statement
            else { return nil }
            let printed = SQLText.createSource(create)
            guard case .createSource(let again) = try Parser.parseOne(printed).statement else {
                Issue.record("the printed statement does not parse: \(printed)")
                return nil
            }
            #expect(again.output == create.output, "\(printed)")
            return create.output
        }
        let avro = "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr"
        let schema = #"{"type": "record", "name": "R", "fields": [{"name": "n", "type": "string", "default": "it's"}]}"#
        let inline = "'" + String(schema.flatMap { $0 == "'" ? ["'", "'"] : [$0] }) + "'"

        let both = try output("FORMAT \(avro) KEY STRATEGY ID 7 VALUE STRATEGY INLINE \(inline) ENVELOPE DEBEZIUM")
        #expect(
            both?.format
                == SourceFormat.value(
                    .avro(AvroFormat(connection: "csr", keyStrategy: .id(7), valueStrategy: .inline(schema)))))
        #expect(
            both?.format.value.sqlName
                == "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION materialize.public.csr KEY STRATEGY ID 7 "
                + "VALUE STRATEGY INLINE \(inline)")
        let latest = try output("FORMAT \(avro) VALUE STRATEGY latest")
        #expect(latest?.format == SourceFormat.value(.avro(AvroFormat(connection: "csr", valueStrategy: .latest))))
        #expect(latest?.format.value.sqlName.hasSuffix(" VALUE STRATEGY LATEST") == true)
        #expect(AvroFormat(connection: "csr", valueStrategy: .id(2)).strategy(forKey: true) == .latest)
        #expect(AvroFormat(connection: "csr", valueStrategy: .id(2)).strategy(forKey: false) == .id(2))

        // Each side of KEY FORMAT … VALUE FORMAT takes its own strategy.
        let pair = try output("KEY FORMAT \(avro) KEY STRATEGY LATEST VALUE FORMAT \(avro) VALUE STRATEGY ID 3")
        #expect(
            pair?.format
                == SourceFormat.keyValue(
                    key: .avro(AvroFormat(connection: "csr", keyStrategy: .latest)),
                    value: .avro(AvroFormat(connection: "csr", valueStrategy: .id(3)))))

        func failure(_ formats: String) -> String? {
            syntaxFailure("CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') \(formats)")
        }
        #expect(failure("FORMAT \(avro) VALUE STRATEGY ID 1 VALUE STRATEGY LATEST")?.contains("given twice") == true)
        #expect(failure("FORMAT \(avro) VALUE STRATEGY NEWEST")?.contains("LATEST, ID n or INLINE") == true)
        #expect(
            failure("FORMAT \(avro) VALUE STRATEGY ID 'one'")?.contains("schema id after VALUE STRATEGY ID") == true)
        #expect(failure("FORMAT \(avro) VALUE STRATEGY ID 4294967296")?.contains("not a schema id") == true)
        #expect(failure("FORMAT \(avro) KEY STRATEGY INLINE 42")?.contains("KEY STRATEGY INLINE") == true)
        #expect(
            failure("KEY FORMAT \(avro) VALUE STRATEGY ID 1 VALUE FORMAT TEXT")?.contains("is in KEY FORMAT") == true)
        #expect(
            failure("KEY FORMAT TEXT VALUE FORMAT \(avro) KEY STRATEGY ID 1")?.contains("is in VALUE FORMAT") == true)
    }

    @Test func pinnedColumnsPlanTheRelation() throws {
        let pinned = PinnedAvroSchema(
            subject: "t-value", id: 3, version: 1, schema: "{}",
            columns: [
                RelationColumn(name: "id", type: .int8, nullable: false),
                RelationColumn(name: "note", type: .text, nullable: true),
            ])
        let spec = SourceOutputSpec(
            format: .keyValue(key: .text, value: .avro(AvroFormat(connection: "csr", pinned: pinned))),
            includes: [IncludeColumn(.key)])
        let planned = try SourceOutputDefinition.plan(name: "t", spec: spec, columnNames: [])
        #expect(
            planned.relationColumns == [
                RelationColumn(name: "key", type: .text, nullable: true),
                RelationColumn(name: "id", type: .int8, nullable: false),
                RelationColumn(name: "note", type: .text, nullable: true),
            ])
        #expect(planned.columns.map(\.source) == [.key(index: 0), .value(index: 0), .value(index: 1)])
        #expect(throws: SQLError.self) {
            try SourceOutputDefinition.plan(
                name: "t", spec: SourceOutputSpec(format: .value(.avro(AvroFormat(connection: "csr")))),
                columnNames: [])
        }
        // An Avro key: its fields are the key columns (the primary key under UPSERT).
        let keyPinned = PinnedAvroSchema(
            subject: "t-key", id: 4, version: 1, schema: "{}",
            columns: [
                RelationColumn(name: "tenant", type: .text, nullable: false),
                RelationColumn(name: "n", type: .int4, nullable: false),
            ])
        let upsert = try SourceOutputDefinition.plan(
            name: "t",
            spec: SourceOutputSpec(
                format: .keyValue(
                    key: .avro(AvroFormat(connection: "csr", pinned: keyPinned)),
                    value: .avro(AvroFormat(connection: "csr", pinned: pinned))),
                envelope: .upsert(inlineErrors: nil)), columnNames: [])
        #expect(upsert.relationColumns.map(\.name) == ["tenant", "n", "id", "note"])
        #expect(upsert.keyColumns == ["tenant", "n"])
        #expect(upsert.columns.map(\.source).prefix(2) == [.key(index: 0), .key(index: 1)])
        #expect(ColumnType.numeric.declaredName == "NUMERIC_TEXT" && ColumnType.uuid.sqlType.oid == 2950)
    }
}
