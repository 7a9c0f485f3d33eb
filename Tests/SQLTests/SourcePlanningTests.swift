import Testing

@testable import SQL

/// Planning `CREATE SOURCE` (its Kafka and WITH options) and the columns of the relations sources feed.
@Suite struct SourcePlanningTests {
    private let head = "CREATE SOURCE s FROM KAFKA CONNECTION k"

    private func kafka(_ options: String, with: String = "") throws -> KafkaSourceDefinition {
        try KafkaSourceDefinition.plan(createSource("\(head) (\(options)) \(with)"))
    }

    /// The relation's columns as `name type [not null] <- source`, from a CREATE SOURCE or CREATE TABLE.
    private func columns(_ sql: String) throws -> [String] {
        try output(sql).columns.map {
            "\($0.column.name) \($0.column.type.rawValue)\($0.column.nullable ? "" : " not null") <- \($0.source)"
        }
    }

    private func output(_ sql: String) throws -> SourceOutputDefinition {
        switch try Parser.parseOne(sql).statement {
        case .createSource(let create):
            guard let spec = create.output else { throw SQLError.internal("no format") }
            return try SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: create.columnNames)
        case .createTableFromSource(let create):
            return try SourceOutputDefinition.plan(
                name: create.name, spec: create.output, columnNames: create.columnNames)
        default:
            throw SQLError.internal("not a source or table")
        }
    }

    /// The error parsing and planning all of `sql` ends with.
    private func refusal(_ sql: String) -> SQLError? {
        do {
            let create = try createSource(sql)
            _ = try KafkaSourceDefinition.plan(create)
            if let spec = create.output {
                _ = try SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: create.columnNames)
            }
            return nil
        } catch {
            return error as? SQLError
        }
    }

    private func outputRefusal(_ sql: String) -> SQLError? {
        do {
            _ = try output(sql)
            return nil
        } catch {
            return error as? SQLError
        }
    }

    // MARK: - Kafka options

    @Test func everyKafkaOption() throws {
        #expect(
            try kafka(
                "TOPIC 'events', START OFFSET (0, 10, 100), GROUP ID PREFIX 'team-', TOPIC METADATA REFRESH INTERVAL '1m'",
                with: "WITH (SIZE = '3xsmall')")
                == KafkaSourceDefinition(
                    connection: "k", topic: "events", startOffsets: [0, 10, 100], groupIDPrefix: "team-",
                    metadataRefreshMilliseconds: 60_000, size: "3xsmall"))
        #expect(try kafka("TOPIC 't', START TIMESTAMP -1000").startTimestamp == -1000)
        #expect(try kafka("TOPIC 't', START TIMESTAMP 1700000000000").startTimestamp == 1_700_000_000_000)
        #expect(try kafka("TOPIC 't', START OFFSET 5").startOffsets == [5])
        #expect(try kafka("TOPIC 't', START OFFSET = [1, 2]").startOffsets == [1, 2])
        let defaults = try kafka("TOPIC 't'")
        #expect(defaults.metadataRefreshMilliseconds == KafkaSourceDefinition.defaultMetadataRefreshMilliseconds)
        #expect(defaults.startOffsets.isEmpty && defaults.startTimestamp == nil && defaults.size == nil)
        #expect(
            try KafkaSourceDefinition.plan(
                createSource("CREATE SOURCE s IN CLUSTER c FROM KAFKA CONNECTION k (TOPIC 't')"))
                == KafkaSourceDefinition(connection: "k", topic: "t"))
    }

    @Test(arguments: [
        ("30s", 30_000), ("1m", 60_000), ("500ms", 500), ("1 hour", 3_600_000), ("2 minutes", 120_000),
        ("1m30s", 90_000), ("1 minute 30 seconds", 90_000), ("00:01:30", 90_000), ("1:00", 3_600_000),
        ("1.5s", 1_500), ("30", 30_000), ("1h", 3_600_000), ("59m 60s", 3_600_000), ("1h -30m", 1_800_000),
        (" 10 SECS ", 10_000), ("2500us", 2),
    ])
    func metadataRefreshIntervals(text: String, milliseconds: Int64) throws {
        #expect(
            try kafka("TOPIC 't', TOPIC METADATA REFRESH INTERVAL '\(text)'").metadataRefreshMilliseconds
                == milliseconds)
    }

    @Test func kafkaOptionRefusals() {
        let topic = refusal("\(head) () FORMAT TEXT")
        #expect(topic?.sqlState == "22023")
        #expect(topic?.message == "KAFKA source requires TOPIC; add (TOPIC 'name') after the connection's name")
        #expect(refusal("\(head) (TOPIC '')")?.message == "TOPIC must name a topic, not ''")
        #expect(refusal("\(head) (TOPIC events)")?.message.hasPrefix("TOPIC takes a string, not a word") == true)

        let negative = refusal("\(head) (TOPIC 't', START OFFSET (0, -5))")
        #expect(negative?.sqlState == "22023")
        #expect(negative?.message.hasPrefix("START OFFSET values must be zero or positive, not -5") == true)
        #expect(refusal("\(head) (TOPIC 't', START OFFSET (0, 'x'))")?.sqlState == "22023")
        #expect(
            refusal("\(head) (TOPIC 't', START OFFSET (1.5))")?.message.hasPrefix("START OFFSET takes integer") == true)

        let both = "\(head) (TOPIC 't', START OFFSET (0), START TIMESTAMP -1000)"
        #expect(
            refusal(both)
                == SQLError.syntax(
                    "give either START OFFSET or START TIMESTAMP, not both; START TIMESTAMP picks each partition's "
                        + "start offset itself", position: position(of: "START TIMESTAMP", in: both)))
        let timestamp = refusal("\(head) (TOPIC 't', START TIMESTAMP '2024-01-01')")
        #expect(timestamp?.sqlState == "22023")
        #expect(timestamp?.message.contains("milliseconds") == true)
        #expect(refusal("\(head) (TOPIC 't', GROUP ID PREFIX 7)")?.sqlState == "22023")

        for text in ["2h", "61m", "1 day"] {
            let error = refusal("\(head) (TOPIC 't', TOPIC METADATA REFRESH INTERVAL '\(text)')")
            #expect(error?.sqlState == "22023")
            #expect(
                error?.message
                    == "TOPIC METADATA REFRESH INTERVAL must be at least 1ms and at most 1 hour ('1h'), not '\(text)'")
        }
        for text in ["0s", "-1m", "100us"] {
            #expect(
                refusal("\(head) (TOPIC 't', TOPIC METADATA REFRESH INTERVAL '\(text)')")?.message.hasPrefix(
                    "TOPIC METADATA REFRESH INTERVAL must be at least 1ms") == true, "\(text)")
        }
        for text in ["soon", "", "1 fortnight", "1:xx", "1..5s", "s"] {
            let error = refusal("\(head) (TOPIC 't', TOPIC METADATA REFRESH INTERVAL '\(text)')")
            #expect(error?.sqlState == "22023", "\(text)")
            #expect(
                error?.message
                    == "TOPIC METADATA REFRESH INTERVAL takes an interval such as '30s', '500ms', '1m' or '1 hour', "
                    + "not '\(text)'")
        }
        #expect(
            refusal("\(head) (TOPIC 't', TOPIC METADATA REFRESH INTERVAL 30)")?.message.hasPrefix(
                "TOPIC METADATA REFRESH INTERVAL takes a string") == true)
    }

    @Test func optionsNotFromTheParserAreCheckedToo() {
        func plan(_ kafka: [ConnectionOption], with: [ConnectionOption] = [], cluster: String? = nil) -> SQLError? {
            do {
                _ = try KafkaSourceDefinition.plan(
                    CreateSource(
                        name: "s", cluster: cluster, connection: "k", kafkaOptions: kafka, output: nil,
                        withOptions: with))
                return nil
            } catch {
                return error
            }
        }
        let topic = ConnectionOption(name: "TOPIC", value: .string("t"))
        #expect(
            plan([topic, ConnectionOption(name: "PARTITIONS", value: .number("3"))])
                == SQLError.syntax(
                    "KAFKA source has no option PARTITIONS; expected one of: TOPIC, START OFFSET, START TIMESTAMP, "
                        + "GROUP ID PREFIX, TOPIC METADATA REFRESH INTERVAL", position: nil))
        #expect(
            plan([topic], with: [ConnectionOption(name: "RETAIN HISTORY", value: .string("1h"))])
                == SQLError.syntax(
                    "CREATE SOURCE … WITH has no option RETAIN HISTORY; expected one of: SIZE", position: nil))
        #expect(
            plan([topic], with: [ConnectionOption(name: "SIZE", value: .number("3"))])?.message
                == "SIZE takes a string, not a number; write SIZE = 'xsmall'")
        #expect(
            plan([topic], with: [ConnectionOption(name: "SIZE", value: .string("xsmall"))], cluster: "c")?.message
                == "give either IN CLUSTER c or WITH (SIZE …), not both")
    }

    // MARK: - Columns

    @Test func valueColumnsOfEachFormat() throws {
        #expect(try columns("\(head) (TOPIC 't') FORMAT TEXT") == ["text text not null <- value(index: 0)"])
        #expect(try columns("\(head) (TOPIC 't') FORMAT BYTES") == ["data bytea not null <- value(index: 0)"])
        #expect(try columns("\(head) (TOPIC 't') FORMAT JSON") == ["data jsonb not null <- value(index: 0)"])
        #expect(
            try columns("\(head) (TOPIC 't') FORMAT CSV WITH 3 COLUMNS") == [
                "column1 text not null <- value(index: 0)", "column2 text not null <- value(index: 1)",
                "column3 text not null <- value(index: 2)",
            ])
        #expect(
            try columns("\(head) (TOPIC 't') FORMAT CSV WITH HEADER (a, \"B\") DELIMITED BY ';'") == [
                "a text not null <- value(index: 0)", "B text not null <- value(index: 1)",
            ])
        let seed = try output(SourceStatementTests.seedStatement)
        #expect(seed.relationColumns == [RelationColumn(name: "text", type: .text, nullable: false)])
        #expect(seed.name == "orders" && seed.keyColumns.isEmpty && seed.spec.format == .value(.text))
    }

    @Test func columnNamesRenameFromTheFirstColumn() throws {
        #expect(
            try columns("CREATE SOURCE s (a, b, c) FROM KAFKA CONNECTION k (TOPIC 't') FORMAT CSV WITH 3 COLUMNS").map {
                String($0.prefix(1))
            } == ["a", "b", "c"])
        #expect(
            try output("CREATE SOURCE s (x) FROM KAFKA CONNECTION k (TOPIC 't') FORMAT CSV WITH 3 COLUMNS")
                .columns.map(\.column.name) == ["x", "column2", "column3"])
        #expect(
            try output(
                "CREATE SOURCE s (id, body) FROM KAFKA CONNECTION k (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT TEXT "
                    + "INCLUDE PARTITION ENVELOPE UPSERT"
            ).columns.map(\.column.name) == ["id", "body", "partition"])
        let upsert = try output(
            "CREATE SOURCE s (id) FROM KAFKA CONNECTION k (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE UPSERT"
        )
        #expect(upsert.keyColumns == ["id"])
        let tooMany = outputRefusal(
            "CREATE SOURCE s (a, b, c) FROM KAFKA CONNECTION k (TOPIC 't') FORMAT TEXT INCLUDE PARTITION")
        #expect(tooMany?.sqlState == "42601")
        #expect(
            tooMany?.message
                == "the column list of s names 3 columns, but s has 2 (text, partition); list at most 2")
    }

    @Test func metadataColumnsFollowTheValueInIncludeOrder() throws {
        #expect(
            try columns(
                "\(head) (TOPIC 't') FORMAT JSON INCLUDE TIMESTAMP AS ts, PARTITION, HEADERS, OFFSET, "
                    + "HEADER 'h' AS h BYTES, HEADER 'client' AS client_id"
            ) == [
                "data jsonb not null <- value(index: 0)", "ts timestamp not null <- timestamp",
                "partition int4 not null <- partition", "headers jsonb not null <- headers",
                "offset int8 not null <- offset", "h bytea <- header(name: \"h\", bytes: true)",
                "client_id text <- header(name: \"client\", bytes: false)",
            ])
    }

    @Test func theKeyComesFirst() throws {
        #expect(
            try columns("\(head) (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE PARTITION, KEY") == [
                "key text <- key(index: 0)", "data jsonb not null <- value(index: 0)",
                "partition int4 not null <- partition",
            ])
        #expect(
            try columns("\(head) (TOPIC 't') KEY FORMAT BYTES VALUE FORMAT TEXT INCLUDE KEY AS id") == [
                "id bytea <- key(index: 0)", "text text not null <- value(index: 0)",
            ])
        #expect(
            try columns(
                "CREATE TABLE t FROM SOURCE s KEY FORMAT TEXT VALUE FORMAT CSV WITH 2 COLUMNS INCLUDE OFFSET"
            ) == [
                "column1 text not null <- value(index: 0)", "column2 text not null <- value(index: 1)",
                "offset int8 not null <- offset",
            ])
    }

    @Test func upsertAlwaysIncludesItsNotNullKey() throws {
        let plain = try output("\(head) (TOPIC 't') KEY FORMAT JSON VALUE FORMAT TEXT ENVELOPE UPSERT")
        #expect(
            plain.relationColumns == [
                RelationColumn(name: "key", type: .jsonb, nullable: false),
                RelationColumn(name: "text", type: .text, nullable: false),
            ])
        #expect(plain.keyColumns == ["key"])
    }

    @Test func inlineErrorsSitBetweenTheKeyAndTheNullableValue() throws {
        let sql =
            "\(head) (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE PARTITION, KEY AS k "
            + "ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)"
        #expect(
            try columns(sql) == [
                "k text not null <- key(index: 0)", "error text <- valueError", "data jsonb <- value(index: 0)",
                "partition int4 not null <- partition",
            ])
        #expect(try output(sql).keyColumns == ["k"])
        let named = try output(
            "CREATE TABLE t FROM SOURCE s KEY FORMAT BYTES VALUE FORMAT TEXT "
                + "ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS why))")
        #expect(named.columns.map(\.column.name) == ["key", "why", "text"])
        #expect(named.columns[1].source == .valueError && named.columns[1].column.type == .text)
    }

    @Test func relationRefusals() {
        let upsert = outputRefusal("\(head) (TOPIC 't') FORMAT JSON ENVELOPE UPSERT")
        #expect(upsert?.sqlState == "22023")
        #expect(
            upsert?.message
                == "ENVELOPE UPSERT needs the records' key format; write KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT"
        )
        let key = outputRefusal("CREATE TABLE t FROM SOURCE s FORMAT CSV WITH 2 COLUMNS INCLUDE KEY AS id")
        #expect(key?.sqlState == "22023")
        #expect(
            key?.message
                == "INCLUDE KEY needs the key's format, not a bare FORMAT; write KEY FORMAT TEXT VALUE FORMAT "
                + "CSV WITH 2 COLUMNS INCLUDE KEY")
        #expect(
            outputRefusal("\(head) (TOPIC 't') KEY FORMAT CSV WITH 2 COLUMNS VALUE FORMAT TEXT")
                == SQLError.featureNotSupported("KEY FORMAT CSV is not supported; use KEY FORMAT TEXT, BYTES or JSON"))
        let csvUpsert = outputRefusal(
            "\(head) (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT CSV WITH 2 COLUMNS ENVELOPE UPSERT")
        #expect(csvUpsert?.sqlState == "0A000")
        #expect(csvUpsert?.message.contains("ENVELOPE NONE") == true)
        let header = outputRefusal("\(head) (TOPIC 't') FORMAT CSV WITH HEADER")
        #expect(header?.sqlState == "0A000")
        #expect(header?.message.hasSuffix("write CSV WITH HEADER (a, b, c)") == true)
        #expect(outputRefusal("\(head) (TOPIC 't') FORMAT CSV WITH 0 COLUMNS")?.sqlState == "22023")
        #expect(
            outputRefusal("\(head) (TOPIC 't') FORMAT CSV WITH 100000000000 COLUMNS")?.message.hasPrefix(
                "CSV WITH 100000000000 COLUMNS: give between 1 and 1600 columns") == true)
        #expect(
            outputRefusal("\(head) (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT TEXT INCLUDE KEY, KEY AS k")?.message
                == "INCLUDE KEY is given twice; give it once")
    }

    @Test func duplicateColumnNamesSayHowToRenameOne() {
        let include = outputRefusal("\(head) (TOPIC 't') FORMAT TEXT INCLUDE PARTITION, OFFSET AS partition")
        #expect(include?.sqlState == "42701")
        #expect(
            include?.message
                == "column \"partition\" of s is specified more than once; give one of them another name with "
                + "INCLUDE … AS other_name or in the column list after s")
        #expect(outputRefusal("\(head) (TOPIC 't') FORMAT TEXT INCLUDE TIMESTAMP AS text")?.sqlState == "42701")
        #expect(
            outputRefusal("CREATE TABLE t (a, a) FROM SOURCE s FORMAT CSV WITH 2 COLUMNS")?.message.hasPrefix(
                "column \"a\" of t") == true)
        #expect(outputRefusal("CREATE TABLE t FROM SOURCE s FORMAT CSV WITH HEADER (a, a)")?.sqlState == "42701")
        #expect(
            outputRefusal("CREATE TABLE t FROM SOURCE s KEY FORMAT TEXT VALUE FORMAT TEXT INCLUDE KEY AS text")?
                .sqlState == "42701")
    }
}
