import Testing

@testable import SQL

/// Parsing `CREATE SOURCE`, `CREATE TABLE … FROM SOURCE`, and the DROP and SHOW statements for them.
@Suite struct SourceStatementTests {
    static let seedStatement =
        "CREATE SOURCE orders FROM KAFKA CONNECTION kafka_connection (TOPIC 'orders') FORMAT TEXT WITH (SIZE  'xsmall');"

    @Test func theSeedGuidesStatementVerbatim() throws {
        #expect(
            try createSource(Self.seedStatement)
                == CreateSource(
                    name: "orders", connection: "kafka_connection",
                    kafkaOptions: [ConnectionOption(name: "TOPIC", value: .string("orders"))],
                    output: SourceOutputSpec(format: .value(.text)),
                    withOptions: [ConnectionOption(name: "SIZE", value: .string("xsmall"))]))
        let create = try createSource(Self.seedStatement)
        #expect(
            try KafkaSourceDefinition.plan(create)
                == KafkaSourceDefinition(connection: "kafka_connection", topic: "orders", size: "xsmall"))
        #expect(try Parser.parseOne(Self.seedStatement).statement.commandTag == "CREATE SOURCE")
    }

    @Test func everyClauseOfCreateSource() throws {
        let sql = """
            CREATE SOURCE IF NOT EXISTS materialize.public.events (id, body)
              IN CLUSTER quickstart
              FROM KAFKA CONNECTION public.kafka_connection (
                TOPIC 'events',
                START OFFSET (0, 10, 100),
                GROUP ID PREFIX 'inlet-',
                TOPIC METADATA REFRESH INTERVAL '1m'
              )
              KEY FORMAT TEXT VALUE FORMAT JSON
              INCLUDE KEY AS k, PARTITION, OFFSET AS o, TIMESTAMP AS ts, HEADERS,
                HEADER 'c_id' AS client_id, HEADER 'key' AS encryption_key BYTES
              ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE AS err)
              EXPOSE PROGRESS AS events_progress
              WITH (SIZE = 'xsmall')
            """
        let expected = CreateSource(
            name: "events", ifNotExists: true, columnNames: ["id", "body"], cluster: "quickstart",
            connection: "kafka_connection",
            kafkaOptions: [
                ConnectionOption(name: "TOPIC", value: .string("events")),
                ConnectionOption(name: "START OFFSET", value: .list([.number("0"), .number("10"), .number("100")])),
                ConnectionOption(name: "GROUP ID PREFIX", value: .string("inlet-")),
                ConnectionOption(name: "TOPIC METADATA REFRESH INTERVAL", value: .string("1m")),
            ],
            output: SourceOutputSpec(
                format: .keyValue(key: .text, value: .json),
                includes: [
                    IncludeColumn(.key, alias: "k"), IncludeColumn(.partition), IncludeColumn(.offset, alias: "o"),
                    IncludeColumn(.timestamp, alias: "ts"), IncludeColumn(.headers),
                    IncludeColumn(.header(name: "c_id", bytes: false), alias: "client_id"),
                    IncludeColumn(.header(name: "key", bytes: true), alias: "encryption_key"),
                ],
                envelope: .upsert(inlineErrors: "err")),
            progressName: "events_progress",
            withOptions: [ConnectionOption(name: "SIZE", value: .string("xsmall"))])
        #expect(try createSource(sql) == expected)
    }

    @Test func formats() throws {
        func format(_ text: String) throws -> SourceFormat? {
            try createSource("CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') \(text)").output?.format
        }
        #expect(try format("FORMAT TEXT") == .value(.text))
        #expect(try format("format bytes") == .value(.bytes))
        #expect(try format("FORMAT JSON") == .value(.json))
        #expect(try format("FORMAT CSV WITH 3 COLUMNS") == .value(.csv(CSVFormat(columns: .count(3)))))
        #expect(
            try format("FORMAT CSV WITH 2 COLUMNS DELIMITED BY ';'")
                == .value(.csv(CSVFormat(columns: .count(2), delimiter: UInt8(ascii: ";")))))
        #expect(
            try format("FORMAT CSV WITH HEADER (a, \"B\")") == .value(.csv(CSVFormat(columns: .header(["a", "B"])))))
        #expect(try format("FORMAT CSV WITH HEADER") == .value(.csv(CSVFormat(columns: .header([])))))
        #expect(
            try format("FORMAT CSV WITH HEADER (a) DELIMITED BY E'\\t'")
                == .value(.csv(CSVFormat(columns: .header(["a"]), delimiter: UInt8(ascii: "\t")))))
        #expect(try format("KEY FORMAT BYTES VALUE FORMAT TEXT") == .keyValue(key: .bytes, value: .text))
        #expect(try format("") == nil)
    }

    @Test func envelopes() throws {
        func envelope(_ text: String) throws -> SourceEnvelope? {
            try createSource(
                "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT TEXT \(text)"
            )
            .output?.envelope
        }
        #expect(try envelope("") == SourceEnvelope.none)
        #expect(try envelope("ENVELOPE NONE") == SourceEnvelope.none)
        #expect(try envelope("ENVELOPE UPSERT") == .upsert(inlineErrors: nil))
        #expect(try envelope("ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)") == .upsert(inlineErrors: "error"))
        #expect(try envelope("ENVELOPE UPSERT (VALUE DECODING ERRORS INLINE AS e)") == .upsert(inlineErrors: "e"))
        #expect(
            try envelope("ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS my_error_col))")
                == .upsert(inlineErrors: "my_error_col"))
    }

    @Test func kafkaOptionValueForms() throws {
        func options(_ text: String) throws -> [ConnectionOption] {
            try createSource("CREATE SOURCE s FROM KAFKA CONNECTION k (\(text))").kafkaOptions
        }
        #expect(
            try options("TOPIC = 't', START OFFSET = [0, 10]") == [
                ConnectionOption(name: "TOPIC", value: .string("t")),
                ConnectionOption(name: "START OFFSET", value: .list([.number("0"), .number("10")])),
            ])
        #expect(
            try options("TOPIC 't', START TIMESTAMP -1000,") == [
                ConnectionOption(name: "TOPIC", value: .string("t")),
                ConnectionOption(name: "START TIMESTAMP", value: .number("-1000")),
            ])
        #expect(
            try options("START TIMESTAMP=-1000, TOPIC METADATA REFRESH INTERVAL = '30s'") == [
                ConnectionOption(name: "START TIMESTAMP", value: .number("-1000")),
                ConnectionOption(name: "TOPIC METADATA REFRESH INTERVAL", value: .string("30s")),
            ])
        #expect(try options("") == [])
    }

    @Test func includeItemsMayEndWithACommaBeforeTheNextClause() throws {
        let create = try createSource(
            "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') FORMAT TEXT "
                + "INCLUDE HEADER 'c_id' AS client_id, HEADER 'key' AS encryption_key BYTES, ENVELOPE NONE")
        #expect(
            create.output?.includes == [
                IncludeColumn(.header(name: "c_id", bytes: false), alias: "client_id"),
                IncludeColumn(.header(name: "key", bytes: true), alias: "encryption_key"),
            ])
    }

    @Test func theNewerFormHasNoFormat() throws {
        #expect(
            try createSource("CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') EXPOSE PROGRESS AS s_progress")
                == CreateSource(
                    name: "s", connection: "k", kafkaOptions: [ConnectionOption(name: "TOPIC", value: .string("t"))],
                    output: nil, progressName: "s_progress"))
    }

    @Test func createTableFromSource() throws {
        #expect(
            try Parser.parseOne("CREATE TABLE orders FROM SOURCE orders_src FORMAT TEXT").statement
                == .createTableFromSource(
                    CreateTableFromSource(
                        name: "orders", source: "orders_src", reference: nil,
                        output: SourceOutputSpec(format: .value(.text)))))
        #expect(
            try createTable(
                """
                CREATE TABLE IF NOT EXISTS materialize.public.t (a, b) FROM SOURCE public.src (REFERENCE "my.topic")
                KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE KEY, TIMESTAMP ENVELOPE UPSERT
                """)
                == CreateTableFromSource(
                    name: "t", ifNotExists: true, columnNames: ["a", "b"], source: "src", reference: "my.topic",
                    output: SourceOutputSpec(
                        format: .keyValue(key: .text, value: .json),
                        includes: [IncludeColumn(.key), IncludeColumn(.timestamp)],
                        envelope: .upsert(inlineErrors: nil))))
        #expect(try createTable("CREATE TABLE t FROM SOURCE s (REFERENCE events) FORMAT JSON").reference == "events")
        #expect(try createTable("CREATE TABLE t FROM SOURCE s (REFERENCE = a.b) FORMAT JSON").reference == "a.b")
        #expect(try Parser.parseOne("CREATE TABLE t FROM SOURCE s FORMAT JSON").statement.commandTag == "CREATE TABLE")
    }

    @Test func dropAndShow() throws {
        func parse(_ sql: String) throws -> Statement { try Parser.parseOne(sql).statement }
        #expect(try parse("DROP SOURCE s") == .dropSource(DropObjects(names: ["s"], ifExists: false, cascade: false)))
        #expect(
            try parse("DROP SOURCE IF EXISTS materialize.public.a, b CASCADE")
                == .dropSource(DropObjects(names: ["a", "b"], ifExists: true, cascade: true)))
        #expect(
            try parse("DROP TABLE IF EXISTS t RESTRICT")
                == .dropTable(DropObjects(names: ["t"], ifExists: true, cascade: false)))
        #expect(try parse("DROP TABLE a, b").commandTag == "DROP TABLE")
        #expect(try parse("SHOW SOURCES") == .showSources(like: nil))
        #expect(try parse("SHOW SOURCES FROM public LIKE 'o%'") == .showSources(like: "o%"))
        #expect(try parse("SHOW TABLES") == .showTables(like: nil))
        #expect(try parse("SHOW TABLES FROM materialize.public LIKE 't%'") == .showTables(like: "t%"))
        #expect(try parse("SHOW CREATE SOURCE materialize.public.s") == .showCreateSource(name: "s"))
        #expect(try parse("SHOW COLUMNS FROM s") == .showColumns(relation: "s", like: nil))
        #expect(try parse("SHOW COLUMNS FROM public.t LIKE 'a%'") == .showColumns(relation: "t", like: "a%"))
        #expect(try parse("SHOW COLUMNS IN t").commandTag == "SHOW")
    }

    @Test func clausesOutOfOrderOrUnknownAreSyntaxErrorsAtTheirPlace() {
        let head = "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') "
        func at(_ sql: String, _ needle: String) -> String {
            " @\(position(of: needle, in: sql))"
        }
        var sql = head + "ENVELOPE NONE FORMAT TEXT"
        #expect(
            syntaxFailure(sql)
                == "FORMAT must come before ENVELOPE; write the clauses in this order: FORMAT, INCLUDE, ENVELOPE, "
                + "EXPOSE PROGRESS, WITH" + at(sql, "FORMAT"))
        sql = head + "FORMAT TEXT WITH (SIZE 'x') INCLUDE PARTITION"
        #expect(syntaxFailure(sql)?.hasPrefix("INCLUDE must come before WITH;") == true)
        sql = head + "FORMAT TEXT FORMAT BYTES"
        #expect(syntaxFailure(sql) == "FORMAT is given twice; give it once" + at(sql, "FORMAT BYTES"))
        sql = head + "FORMAT TEXT PARTITION BY (x)"
        #expect(
            syntaxFailure(sql)
                == "expected INCLUDE, ENVELOPE, EXPOSE PROGRESS, WITH, the end of the statement, found PARTITION"
                + at(sql, "PARTITION"))
        sql = head + "WITH (SIZE 'x') junk"
        #expect(syntaxFailure(sql) == "expected the end of the statement, found JUNK" + at(sql, "junk"))
        sql = head + "INCLUDE PARTITION"
        #expect(syntaxFailure(sql)?.hasPrefix("INCLUDE and ENVELOPE need a FORMAT before them") == true)
        #expect(syntaxFailure(sql)?.hasSuffix(at(sql, "INCLUDE")) == true)
        sql = "CREATE TABLE t FROM SOURCE s FORMAT TEXT EXPOSE PROGRESS AS p"
        #expect(
            syntaxFailure(sql)
                == "expected INCLUDE, ENVELOPE, the end of the statement, found EXPOSE" + at(sql, "EXPOSE"))
        sql = "CREATE TABLE t FROM SOURCE s INCLUDE PARTITION"
        #expect(
            syntaxFailure(sql)
                == "expected FORMAT or KEY FORMAT … VALUE FORMAT …: a table from a Kafka source needs a format, "
                + "found INCLUDE" + at(sql, "INCLUDE"))
    }

    @Test func syntaxErrorsSayWhatWasExpected() {
        let head = "CREATE SOURCE s FROM KAFKA CONNECTION k "
        func at(_ sql: String, _ needle: String) -> String { " @\(position(of: needle, in: sql))" }
        var sql = head + "(TOPIC 't', PARTITIONS 3)"
        #expect(
            syntaxFailure(sql)
                == "unknown KAFKA source option PARTITIONS; expected one of: TOPIC, START OFFSET, START TIMESTAMP, "
                + "GROUP ID PREFIX, TOPIC METADATA REFRESH INTERVAL" + at(sql, "PARTITIONS"))
        sql = head + "(TOPIC 't') WITH (RETAIN HISTORY FOR '1h')"
        #expect(
            syntaxFailure(sql)
                == "unknown source WITH option RETAIN HISTORY FOR; expected one of: SIZE" + at(sql, "RETAIN"))
        sql = head + "FORMAT TEXT"
        #expect(
            syntaxFailure(sql)
                == "expected the source's options in parentheses after the connection name, e.g. (TOPIC 'name'), "
                + "found FORMAT" + at(sql, "FORMAT"))
        sql = "CREATE SOURCE s FROM KAFKA BROKER 'b:9092' TOPIC 't'"
        #expect(syntaxFailure(sql)?.hasPrefix("expected CONNECTION after FROM KAFKA") == true)
        sql = head + "(TOPIC 't') FORMAT XML"
        #expect(
            syntaxFailure(sql)
                == "expected a format: TEXT, BYTES, JSON, CSV WITH n COLUMNS, CSV WITH HEADER (a, b), AVRO USING "
                + "CONFLUENT SCHEMA REGISTRY CONNECTION c or PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION c, "
                + "found XML" + at(sql, "XML"))
        sql = head + "(TOPIC 't') FORMAT TEXT INCLUDE HEADER 'h'"
        #expect(syntaxFailure(sql)?.hasPrefix("expected AS column after HEADER 'h'") == true)
        sql = head + "(TOPIC 't') FORMAT TEXT INCLUDE PARTITIONS"
        #expect(
            syntaxFailure(sql)
                == "expected KEY, PARTITION, OFFSET, TIMESTAMP, HEADERS or HEADER 'name' AS column, found PARTITIONS"
                + at(sql, "PARTITIONS"))
        sql = head + "(TOPIC 't') KEY FORMAT TEXT FORMAT TEXT"
        #expect(syntaxFailure(sql)?.hasPrefix("expected VALUE FORMAT after the key's format") == true)
        sql = head + "(TOPIC 't') FORMAT TEXT ENVELOPE APPEND"
        #expect(
            syntaxFailure(sql) == "expected NONE, UPSERT or DEBEZIUM after ENVELOPE, found APPEND" + at(sql, "APPEND"))
        sql = "CREATE SOURCE s (id int) FROM KAFKA CONNECTION k (TOPIC 't') FORMAT TEXT"
        #expect(
            syntaxFailure(sql)
                == "expected \",\" or \")\" after the column name (column types come from the format), found INT"
                + at(sql, "int"))
        sql = head + "(TOPIC 't') FORMAT CSV WITH COLUMNS"
        #expect(syntaxFailure(sql)?.hasPrefix("expected the number of columns or HEADER after CSV WITH") == true)
        sql = head + "(TOPIC 't') FORMAT TEXT ENVELOPE UPSERT (INLINE)"
        #expect(syntaxFailure(sql)?.hasPrefix("expected VALUE DECODING ERRORS = INLINE") == true)
        #expect(
            syntaxFailure("DROP SOURCES s")
                == "expected SECRET, CONNECTION, SOURCE, TABLE or VIEW after DROP, found SOURCES @6")
        #expect(syntaxFailure("SHOW COLUMNS t") == "expected FROM relation after SHOW COLUMNS, found T @14")
    }

    @Test func badDelimitersAreInvalidParameters() {
        for delimiter in ["';;'", "''", "'é'", "'\"'", "E'\\n'"] {
            let sql =
                "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') FORMAT CSV WITH 2 COLUMNS DELIMITED BY \(delimiter)"
            let error = #expect(throws: SQLError.self) { try Parser.parse(sql) }
            #expect(error?.sqlState == "22023", "\(delimiter)")
            #expect(error?.message.contains("DELIMITED BY ';'") == true)
            #expect(error?.position == position(of: delimiter, in: sql))
        }
    }

    @Test func unsupportedFormsAreRefusedAsSuch() throws {
        let head = "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') "
        func refusal(_ sql: String) -> SQLError? {
            do {
                _ = try Parser.parse(sql)
                return nil
            } catch {
                return error
            }
        }
        let avro = head + "FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr"
        #expect(refusal(avro) == nil)
        #expect(
            refusal(head + "KEY FORMAT TEXT VALUE FORMAT PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr")
                == nil)
        #expect(
            refusal(head + "KEY FORMAT AVRO USING x VALUE FORMAT TEXT")?.message
                == "expected USING CONFLUENT SCHEMA REGISTRY CONNECTION name after AVRO, found USING")
        #expect(refusal(head + "FORMAT REGEX '(?P<a>.*)'")?.sqlState == "0A000")
        #expect(refusal(head + "FORMAT JSON ARRAY")?.message == "FORMAT JSON ARRAY is not supported; use FORMAT JSON")
        #expect(refusal(avro + " ENVELOPE DEBEZIUM") == nil)
        if case .createSource(let create) = try Parser.parseOne(avro + " ENVELOPE DEBEZIUM").statement {
            #expect(create.output?.envelope == .debezium)
            #expect(SQLText.createSource(create).hasSuffix("materialize.public.csr ENVELOPE DEBEZIUM"))
        } else {
            Issue.record("ENVELOPE DEBEZIUM did not parse as CREATE SOURCE")
        }
        let materialize = refusal(head + "FORMAT TEXT ENVELOPE MATERIALIZE")
        #expect(materialize?.sqlState == "0A000")
        #expect(materialize?.message == "ENVELOPE MATERIALIZE is not supported; use ENVELOPE NONE, UPSERT or DEBEZIUM")
        // Planning refuses Debezium over anything but Avro.
        do {
            _ = try SourceOutputDefinition.plan(
                name: "s", spec: SourceOutputSpec(format: .keyValue(key: .text, value: .text), envelope: .debezium),
                columnNames: [])
            Issue.record("ENVELOPE DEBEZIUM over TEXT was planned")
        } catch {
            #expect(error.sqlState == "0A000")
            #expect(error.message.contains("FORMAT JSON ENVELOPE DEBEZIUM"))
        }
        // Over JSON: the key (read as JSON when only FORMAT JSON is given) and `data`, the after row, keyed like UPSERT.
        let json = try SourceOutputDefinition.plan(
            name: "s", spec: SourceOutputSpec(format: .value(.json), envelope: .debezium), columnNames: [])
        #expect(
            json.relationColumns == [
                RelationColumn(name: "key", type: .jsonb, nullable: false),
                RelationColumn(name: "data", type: .jsonb, nullable: false),
            ])
        #expect(json.keyColumns == ["key"] && json.columns.map(\.source) == [.key(index: 0), .value(index: 0)])
        #expect(json.spec.keyFormatRead == .json)
        let textKey = try SourceOutputDefinition.plan(
            name: "s",
            spec: SourceOutputSpec(
                format: .keyValue(key: .text, value: .json), includes: [IncludeColumn(.key, alias: "id")],
                envelope: .debezium), columnNames: [])
        #expect(textKey.relationColumns.map(\.name) == ["id", "data"] && textKey.keyColumns == ["id"])
        #expect(textKey.relationColumns.first?.type == .text)
        let postgres = refusal("CREATE SOURCE pg FROM POSTGRES CONNECTION pg (PUBLICATION 'mz_source')")
        #expect(postgres?.sqlState == "0A000")
        #expect(postgres?.message.contains("FROM KAFKA CONNECTION") == true)
        #expect(refusal("CREATE SOURCE lg FROM LOAD GENERATOR COUNTER")?.sqlState == "0A000")

        let table = SQLError.featureNotSupported(
            "CREATE TABLE is supported only as CREATE TABLE name FROM SOURCE src FORMAT …: tables in Inlet come from "
                + "sources and are read-only")
        #expect(refusal("CREATE TABLE t (id int, name text)") == table)
        #expect(refusal("CREATE TABLE IF NOT EXISTS t AS SELECT 1") == table)
        #expect(refusal("CREATE TABLE t") == table)
        #expect(refusal("CREATE TABLE t (id int) FROM SOURCE s FORMAT TEXT")?.sqlState == "42601")
        #expect(refusal("CREATE TABLE FROM SOURCE s FORMAT TEXT")?.message == "expected a table name, found FROM")
        #expect(
            refusal("CREATE MATERIALIZED VIEW v AS SELECT 1")
                == SQLError.featureNotSupported(
                    "CREATE MATERIALIZED is not supported; Inlet keeps secrets, connections, sources and the tables sources feed"
                ))
    }
}

/// The 1-based character position of the first `needle` in `text`.
func position(of needle: String, in text: String) -> Int {
    let haystack = Array(text.unicodeScalars)
    let pattern = Array(needle.unicodeScalars)
    for start in 0...(haystack.count - pattern.count) where Array(haystack[start..<start + pattern.count]) == pattern {
        return start + 1
    }
    return -1
}

func createSource(_ sql: String) throws -> CreateSource {
    guard case .createSource(let create) = try Parser.parseOne(sql).statement else {
        throw SQLError.internal("not a CREATE SOURCE: \(sql)")
    }
    return create
}

func createTable(_ sql: String) throws -> CreateTableFromSource {
    guard case .createTableFromSource(let create) = try Parser.parseOne(sql).statement else {
        throw SQLError.internal("not a CREATE TABLE … FROM SOURCE: \(sql)")
    }
    return create
}
