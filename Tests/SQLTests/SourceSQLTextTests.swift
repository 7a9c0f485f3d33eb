import Testing

@testable import SQL

/// `SHOW CREATE SOURCE` / `create_sql` text: canonical, qualified, and parsing back to the same statement.
@Suite struct SourceSQLTextTests {
    @Test func theSeedStatementsCanonicalText() throws {
        #expect(
            SQLText.createSource(try createSource(SourceStatementTests.seedStatement))
                == "CREATE SOURCE materialize.public.orders FROM KAFKA CONNECTION materialize.public.kafka_connection "
                + "(TOPIC = 'orders') FORMAT TEXT ENVELOPE NONE WITH (SIZE = 'xsmall')")
        #expect(
            SQLText.createTable(try createTable("create table t from source s (reference \"Orders\") format json"))
                == "CREATE TABLE materialize.public.t FROM SOURCE materialize.public.s (REFERENCE \"Orders\") "
                + "FORMAT JSON ENVELOPE NONE")
    }

    @Test func everyClausePrinted() throws {
        let create = try createSource(
            """
            CREATE SOURCE IF NOT EXISTS "Events" (id, "select") IN CLUSTER "Quick"
            FROM KAFKA CONNECTION k (TOPIC 'o''brien', START TIMESTAMP=-1000, GROUP ID PREFIX 'p',
              TOPIC METADATA REFRESH INTERVAL '1m')
            KEY FORMAT JSON VALUE FORMAT CSV WITH HEADER (a, "B c") DELIMITED BY '|'
            INCLUDE KEY AS k, PARTITION, OFFSET AS "offset", HEADER 'x-id' AS xid BYTES
            ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)
            EXPOSE PROGRESS AS events_progress WITH (SIZE 'xsmall')
            """)
        #expect(
            SQLText.createSource(create)
                == "CREATE SOURCE materialize.public.\"Events\" (id, \"select\") IN CLUSTER \"Quick\" FROM KAFKA "
                + "CONNECTION materialize.public.k (TOPIC = 'o''brien', START TIMESTAMP = -1000, GROUP ID PREFIX = 'p', "
                + "TOPIC METADATA REFRESH INTERVAL = '1m') KEY FORMAT JSON VALUE FORMAT CSV WITH HEADER (a, \"B c\") "
                + "DELIMITED BY '|' INCLUDE KEY AS k, PARTITION, OFFSET AS offset, HEADER 'x-id' AS xid BYTES "
                + "ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS error)) EXPOSE PROGRESS AS "
                + "materialize.public.events_progress WITH (SIZE = 'xsmall')")
    }

    static let sources = [
        SourceStatementTests.seedStatement,
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') EXPOSE PROGRESS AS p",
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't', START OFFSET [0, 1, 2]) FORMAT BYTES",
        "CREATE SOURCE s (a, b) FROM KAFKA CONNECTION k (TOPIC 't') FORMAT CSV WITH 2 COLUMNS DELIMITED BY E'\\t'",
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') FORMAT CSV WITH HEADER",
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') FORMAT JSON INCLUDE TIMESTAMP AS ts, HEADERS AS h",
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') KEY FORMAT TEXT VALUE FORMAT BYTES ENVELOPE UPSERT",
        """
        CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't') KEY FORMAT BYTES VALUE FORMAT JSON
        INCLUDE HEADER 'h' AS "All", KEY ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS "Why"))
        """,
        "CREATE SOURCE \"cascade\" (\"set\", \"all\") FROM KAFKA CONNECTION \"restrict\" (TOPIC 't') FORMAT TEXT",
    ]

    @Test(arguments: sources)
    func createSourceTextParsesBackToTheSameStatement(sql: String) throws {
        var create = try createSource(sql)
        let printed = SQLText.createSource(create)
        create.ifNotExists = false
        #expect(try createSource(printed) == create, "\(printed)")
        #expect(SQLText.createSource(try createSource(printed)) == printed)
    }

    static let tables = [
        "CREATE TABLE t FROM SOURCE s FORMAT TEXT",
        "CREATE TABLE IF NOT EXISTS t (a) FROM SOURCE s (REFERENCE \"my.topic\") FORMAT CSV WITH 3 COLUMNS",
        "CREATE TABLE t FROM SOURCE s (REFERENCE a.b) KEY FORMAT JSON VALUE FORMAT JSON INCLUDE KEY ENVELOPE UPSERT",
        "CREATE TABLE \"T\" FROM SOURCE s FORMAT BYTES INCLUDE PARTITION AS p, OFFSET, TIMESTAMP, HEADER 'a' AS a",
        "CREATE TABLE t FROM SOURCE s FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION c VALUE STRATEGY INLINE "
            + "'{\"type\": \"string\", \"doc\": \"it''s\"}' ENVELOPE NONE",
        "CREATE TABLE t FROM SOURCE s KEY FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION c KEY STRATEGY ID 4 "
            + "VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION c VALUE STRATEGY LATEST ENVELOPE UPSERT",
        "CREATE TABLE t FROM SOURCE s FORMAT JSON ENVELOPE DEBEZIUM",
    ]

    @Test(arguments: tables)
    func createTableTextParsesBackToTheSameStatement(sql: String) throws {
        var create = try createTable(sql)
        let printed = SQLText.createTable(create)
        create.ifNotExists = false
        #expect(try createTable(printed) == create, "\(printed)")
    }
}
