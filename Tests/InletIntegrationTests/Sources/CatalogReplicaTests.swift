import Foundation
import InletTestSupport
import Testing

/// Several real `inlet serve` processes on one real PostgreSQL 15 (`--storage`): the database's catalog is
/// authoritative, so DDL on one replica is seen by the others, a replica started later loads everything, two
/// replicas never hand out one name or id, and a replica with another key file refuses to start.
@Suite("Catalog: replicas on one PostgreSQL", .timeLimit(.minutes(8)))
struct CatalogReplicaTests {
    static let secretText = "hunter2-plaintext-7f3a"

    @Test func ddlOnOneReplicaIsSeenByTheOthers() async throws {
        try await withPostgreSQL { database in
            try await withTansu { tansu in
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                try await peer.produce(
                    records: SourceTextTests.records(0..<300, partitions: 2), topic: "events", createPartitions: 2)
                let a = try await Replica.start(database)
                let b = try await Replica.start(database, keyFrom: a)
                defer {
                    a.kill()
                    b.kill()
                }
                try await a.sql(
                    """
                    CREATE SECRET sasl_password AS '\(Self.secretText)';
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE CONNECTION sasl_conn TO KAFKA (
                        BROKER '\(tansu.bootstrap)', SASL MECHANISMS = 'PLAIN', SASL USERNAME = 'u',
                        SASL PASSWORD = SECRET sasl_password
                    ) WITH (VALIDATE = false);
                    CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT
                        INCLUDE PARTITION, OFFSET;
                    CREATE VIEW source_names AS SELECT name FROM mz_sources WHERE type = 'kafka';
                    CREATE CONNECTION ssh_conn TO SSH TUNNEL (HOST 'bastion.example', USER 'inlet');
                    """)
                // The last statement's object is there once B took in A's DDL; the others came before it.
                try await b.waitFor(
                    "SELECT name FROM mz_connections ORDER BY name;", toBe: "kafka_conn\nsasl_conn\nssh_conn\n")
                #expect(try await b.sql("SHOW SOURCES;").contains("events|kafka|"))
                #expect(try await b.sql("SHOW SECRETS;") == "sasl_password\n")
                #expect(try await b.sql("SELECT name FROM source_names;") == "events\n")
                #expect(
                    try await a.sql("SELECT id FROM mz_objects ORDER BY oid;")
                        == b.sql("SELECT id FROM mz_objects ORDER BY oid;"))
                // SSH key pairs are made once, on the replica that ran the DDL; ROTATE KEYS on another is seen here.
                let keys = "SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections;"
                let madeOnA = try await a.sql(keys)
                #expect(madeOnA.hasPrefix("ssh-ed25519 "))
                #expect(try await b.sql(keys) == madeOnA)
                try await b.sql("ALTER CONNECTION ssh_conn ROTATE KEYS;")
                try await a.waitFor(keys) { $0 != madeOnA }
                #expect(try await a.sql(keys) == b.sql(keys))
                let rows = "SELECT partition, \"offset\", text FROM events ORDER BY partition, \"offset\";"
                try await a.waitFor("SELECT count(*) FROM events;", toBe: "300\n")
                #expect(try await b.sql(rows) == a.sql(rows))
                #expect(try await b.sql("SELECT count(*) FROM events;") == "300\n")
                // A table added to the source on B is read on A too (from the topic's beginning).
                try await b.sql("CREATE TABLE events_copy FROM SOURCE events (REFERENCE \"events\") FORMAT TEXT;")
                try await a.waitFor("SELECT count(*) FROM events_copy;", toBe: "300\n")
                // Statuses and statistics are each replica's own, under its replica id.
                // Both replicas ingest the source until partitions are split; the fence lets each record be
                // committed by one of them, so their committed updates add up to the records.
                let statistics = "SELECT replica_id, updates_committed FROM mz_source_statistics;"
                let deadline = ContinuousClock.now + .seconds(60)
                var committed: [(replica: String, updates: Int)] = []
                while ContinuousClock.now < deadline {
                    committed = [
                        Self.statistics(try await a.sql(statistics)), Self.statistics(try await b.sql(statistics)),
                    ]
                    if committed[0].updates + committed[1].updates == 300 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(committed.map(\.replica) == ["r1", "r2"], "\(committed)")
                let total = committed.map(\.updates).reduce(0, +)
                #expect(total == 300, "\(committed)")
                let replicas = "SELECT DISTINCT replica_id FROM mz_source_status_history;"
                #expect(try await a.sql(replicas) == "r1\n")
                #expect(try await b.sql(replicas) == "r2\n")
                try await b.waitFor("SELECT status FROM mz_source_statuses WHERE name = 'events';", toBe: "running\n")

                // Clients cannot read the catalog's sealed tables through the PostgreSQL query path.
                let refused = try await a.failingSQL(
                    "SELECT e.text, s.sealed FROM events e, inlet_catalog.inlet_secret_values s;")
                #expect(refused.contains("42501"), "\(refused)")
                let xml = try await b.failingSQL(
                    "SELECT query_to_xml('SELECT * FROM inlet_' || 'catalog.inlet_secret_values', true, false, '') FROM events;"
                )
                #expect(xml.contains("42501"), "\(xml)")
                #expect(try await Self.plaintextHits(database) == "0\n")

                // DROP on B stops A's runtime; a replica started later sees everything else.
                try await b.sql("DROP SOURCE events CASCADE;")
                try await a.waitFor("SHOW SOURCES;", toBe: "")
                try await a.waitFor(log: "source events was dropped on another replica; its runtime here has stopped")
                #expect(try await a.sql("SELECT name FROM source_names;") == "")
                try await b.sql(
                    "CREATE SOURCE events2 FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT INCLUDE OFFSET;"
                )
                let c = try await Replica.start(database, keyFrom: a)
                defer { c.kill() }
                #expect(try await c.sql("SHOW SECRETS;") == "sasl_password\n")
                #expect(
                    try await c.sql("SELECT name FROM mz_connections ORDER BY name;")
                        == "kafka_conn\nsasl_conn\nssh_conn\n")
                try await c.waitFor("SELECT count(*) FROM events2;", toBe: "300\n")
                try await a.waitFor("SELECT count(*) FROM events2;", toBe: "300\n")
                #expect(try await c.sql("SELECT name FROM source_names;") == "events2\n")
                #expect(try await Self.plaintextHits(database) == "0\n")
            }
        }
    }

    @Test func concurrentDDLOnTwoReplicasSerializes() async throws {
        try await withPostgreSQL { database in
            let a = try await Replica.start(database)
            let b = try await Replica.start(database, keyFrom: a)
            defer {
                a.kill()
                b.kill()
            }
            for round in 0..<5 {
                async let onA = a.run("CREATE SECRET same_\(round) AS 'a';")
                async let onB = b.run("CREATE SECRET same_\(round) AS 'b';")
                let results = try await [onA, onB]
                #expect(results.filter { $0.status == 0 }.count == 1, "\(results)")
                var refusal = ""
                for result in results where result.status != 0 { refusal += result.stderr }
                #expect(refusal.contains("42710") && refusal.contains("already exists"), "\(refusal.debugDescription)")
            }
            async let manyA = a.run((0..<10).map { "CREATE SECRET a_\($0) AS 'x';" }.joined(separator: "\n"))
            async let manyB = b.run((0..<10).map { "CREATE SECRET b_\($0) AS 'x';" }.joined(separator: "\n"))
            let many = try await [manyA, manyB]
            #expect(many.allSatisfy { $0.status == 0 }, "\(many)")
            let ids = "SELECT id, oid, name FROM mz_secrets ORDER BY oid;"
            try await a.waitFor("SELECT count(*) FROM mz_secrets;", toBe: "25\n")
            try await b.waitFor("SELECT count(*) FROM mz_secrets;", toBe: "25\n")
            let listed = try await a.sql(ids)
            #expect(try await b.sql(ids) == listed)
            let idColumn = listed.split(separator: "\n").map { $0.split(separator: "|")[0] }
            #expect(Set(idColumn).count == 25)

            // A replica whose LISTEN connection is cut (its notifications lost) still takes in DDL, and listens again.
            let listening = "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%';"
            try await waitInPostgreSQL(database, listening) { $0 == "2\n" }
            #expect(
                try await database.psql(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%';")
                    == "2\n")
            try await a.sql("CREATE SECRET after_the_cut AS 'x';")
            try await b.waitFor("SHOW SECRETS LIKE 'after%';", toBe: "after_the_cut\n")
            try await waitInPostgreSQL(database, listening) { $0 == "2\n" }
        }
    }

    @Test func aReplicaWithAnotherKeyFileRefusesToStart() async throws {
        try await withPostgreSQL { database in
            let a = try await Replica.start(database)
            defer { a.kill() }
            try await a.sql("CREATE SECRET s AS 'v';")
            do {
                let stranger = try await Replica.start(database)
                stranger.kill()
                Issue.record("a replica with its own key file started against the database")
            } catch let failed as PGServeFailed {
                #expect(
                    failed.log.contains("this database's secrets were sealed with another key file"), "\(failed.log)")
            }
        }
    }

    @Test func theSeedGuideWorksAgainstPostgreSQLStorage() async throws {
        try await withPostgreSQL { database in
            let a = try await Replica.start(database, extra: PGCatalogTests.accountFlags)
            defer { a.kill() }
            let result = try await a.run(PGCatalogTests.seedScript)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("arn:aws:iam::"), "\(result.stdout)")
            #expect(result.stdout.contains("kafka_conn|kafka\npl_conn|aws-privatelink\n"), "\(result.stdout)")
            let b = try await Replica.start(database, keyFrom: a, extra: PGCatalogTests.accountFlags)
            defer { b.kill() }
            #expect(try await b.sql("SHOW SECRETS;") == "msk_sasl_password\nmsk_sasl_username\n")
            #expect(try await Self.plaintextHits(database, text: "p4ss") == "0\n")
        }
    }

    @Test func aSingleServerMovesItsCatalogIntoAnEmptyDatabase() async throws {
        try await withPostgreSQL { database in
            // A server on SQLite alone, then the same data directory with --storage: its objects go to PostgreSQL.
            let alone = try PGServeCommandTests.temporaryDirectory()
            let first = try await PGServeProcess.start(["--data-dir", alone])
            #expect(try await PGCatalogTests.psql(port: first.port, "CREATE SECRET kept AS 'v';").status == 0)
            #expect(try await first.stop() == 0, "\(first.output)")
            let moved = try await Replica(
                server: PGServeProcess.start(["--data-dir", alone, "--storage", database.url]), dataDirectory: alone)
            defer { moved.kill() }
            let joined = try await Replica.start(database, keyFrom: moved)
            defer { joined.kill() }
            #expect(try await joined.sql("SHOW SECRETS;") == "kept\n")
            try await joined.sql("CREATE SECRET next AS 'v';")
            #expect(try await joined.sql("SELECT id FROM mz_secrets ORDER BY id;") == "u1\nu2\n")

            // Another server's own objects are refused rather than lost (or mixed with the database's).
            let other = try PGServeCommandTests.temporaryDirectory()
            try FileManager.default.copyItem(atPath: alone + "/secrets.key", toPath: other + "/secrets.key")
            let second = try await PGServeProcess.start(["--data-dir", other])
            #expect(try await PGCatalogTests.psql(port: second.port, "CREATE SECRET mine AS 'v';").status == 0)
            #expect(try await second.stop() == 0, "\(second.output)")
            let refused = try await PGServeProcess.runFailing(
                ["--listen", "127.0.0.1:0", "--data-dir", other, "--storage", database.url])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("has catalog objects of its own"), "\(refused.stderr)")

            // A replica stops on SIGTERM, its LISTEN connection and all.
            #expect(try await joined.server.stop() == 0, "\(joined.server.output)")
        }
    }

    /// One `replica_id|updates_committed` row of psql's output.
    static func statistics(_ row: String) -> (replica: String, updates: Int) {
        let fields = row.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        return (fields.first ?? "", fields.count > 1 ? Int(fields[1]) ?? 0 : 0)
    }

    /// Rows of any table in the database whose text (bytea as hex) holds the plaintext, as a psql count.
    static func plaintextHits(_ database: PostgreSQL, text: String = secretText) async throws -> String {
        try await database.psql(
            """
            DO $$
            DECLARE t record; hits int8 := 0; found int8;
            BEGIN
                FOR t IN SELECT table_schema, table_name FROM information_schema.tables
                    WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
                LOOP
                    EXECUTE format('SELECT count(*) FROM %I.%I r WHERE r::text LIKE %L OR r::text LIKE %L',
                        t.table_schema, t.table_name, '%\(text)%', '%' || encode(convert_to('\(text)', 'UTF8'), 'hex') || '%')
                        INTO found;
                    hits := hits + found;
                END LOOP;
                PERFORM set_config('inlet.hits', hits::text, false);
            END $$;
            SELECT current_setting('inlet.hits');
            """)
    }
}

/// One `inlet serve --storage` replica with its own data directory, driven with psql.
private struct Replica {
    let server: PGServeProcess

    /// Starts a replica; `keyFrom` copies another replica's key file first, as an operator does for a new replica.
    static func start(_ database: PostgreSQL, keyFrom other: Replica? = nil, extra: [String] = []) async throws
        -> Replica
    {
        let data = try PGServeCommandTests.temporaryDirectory()
        if let other {
            let key = URL(fileURLWithPath: data).appendingPathComponent("secrets.key").path
            try FileManager.default.copyItem(atPath: other.dataDirectory + "/secrets.key", toPath: key)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        }
        return Replica(
            server: try await PGServeProcess.start(["--data-dir", data, "--storage", database.url] + extra),
            dataDirectory: data)
    }

    let dataDirectory: String

    init(server: PGServeProcess, dataDirectory: String) {
        self.server = server
        self.dataDirectory = dataDirectory
    }

    func kill() {
        if server.process.isRunning {
            Foundation.kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
        }
    }

    func run(_ script: String) async throws -> PGProgramOutput {
        try await PGCatalogTests.psql(port: server.port, "\\set VERBOSITY verbose\n" + script)
    }

    @discardableResult
    func sql(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await PGCatalogTests.psql(port: server.port, script)
        #expect(
            result.status == 0, "psql failed: \(result.stderr)\n\(server.output.suffix(3000))",
            sourceLocation: sourceLocation)
        return result.stdout
    }

    func failingSQL(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(script)
        #expect(result.status != 0, "expected psql to fail, got: \(result.stdout)", sourceLocation: sourceLocation)
        return result.stderr
    }

    func waitFor(
        _ query: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: (String) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            let result = try await PGCatalogTests.psql(port: server.port, query)
            last = result.status == 0 ? result.stdout : result.stderr
            if result.status == 0, condition(result.stdout) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record(
            "\(query) never satisfied the condition; last answer: \(last)\n\(server.output.suffix(3000))",
            sourceLocation: sourceLocation)
    }

    /// Waits until the server's log shows `line`.
    func waitFor(log line: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if server.output.contains(line) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the log never showed \(line):\n\(server.output.suffix(3000))", sourceLocation: sourceLocation)
    }

    func waitFor(_ query: String, toBe expected: String, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        try await waitFor(query, sourceLocation: sourceLocation) { $0 == expected }
    }
}
