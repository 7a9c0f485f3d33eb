import Foundation
import InletTestSupport
import Testing

/// pgjdbc's DatabaseMetaData (what DBeaver and Metabase call: getSchemas, getTables, getColumns, getPrimaryKeys)
/// against the real `inlet serve` with a source fed from tansu, through `testpeers/pg/JdbcMetadata.java` run by
/// the installed JDK with Debian's pgjdbc; a source's columns are described as PostgreSQL 15 describes a table of
/// the same shape.
@Suite(.timeLimit(.minutes(5))) struct PGJDBCMetadataTests {
    static let jar = "/usr/share/java/postgresql.jar"

    /// The peer's lines for a server, split on tabs.
    static func metadata(port: Int, database: String, tables: [String]) async throws -> [[String]] {
        guard FileManager.default.fileExists(atPath: jar) else {
            throw PGPeerMissing(
                name: "pgjdbc at \(jar) (Debian's libpostgresql-jdbc-java; run scripts/bootstrap --test)")
        }
        let output = try await runClient(
            "java",
            [
                "-cp", jar, repositoryRoot + "/testpeers/pg/JdbcMetadata.java",
                "jdbc:postgresql://127.0.0.1:\(port)/\(database)", PostgreSQL.user,
            ] + tables, timeout: .seconds(120))
        #expect(output.status == 0, "JdbcMetadata failed: \(output.stderr)")
        return output.stdout.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func databaseMetaDataDescribesSourceAndSystemRelations() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(
                records: SourceTextTests.records(0..<10, partitions: 2), topic: "events", createPartitions: 2)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "10\n")
            let inlet = try await Self.metadata(
                port: bed.port, database: "materialize", tables: ["events", "events_progress", "mz_sources"])

            let schemas = inlet.filter { $0[0] == "schema" }.map { $0[1] }
            #expect(schemas == ["information_schema", "mz_catalog", "mz_internal", "pg_catalog", "public"])
            let tables = inlet.filter { $0[0] == "table" }.map { $0.dropFirst().joined(separator: " ") }
            for expected in [
                "public events TABLE", "public events_errors TABLE", "public events_progress TABLE",
                "mz_catalog mz_sources VIEW", "pg_catalog pg_class SYSTEM VIEW",
            ] {
                #expect(tables.contains(expected), "\(expected) in \(tables)")
            }
            let system = inlet.filter { $0[0] == "column" && $0[1] == "mz_sources" }
            #expect(
                system.prefix(4).map { $0.dropFirst(2).joined(separator: " ") } == [
                    "1 id text 12 YES", "2 oid oid -5 YES", "3 schema_id text 12 YES", "4 name text 12 YES",
                ])
            // Inlet has no primary keys.
            #expect(!inlet.contains { $0[0] == "key" })

            try await withPostgreSQL { postgres in
                let created = try await PGCatalogDescribeTests.describe(
                    port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database,
                    PGCatalogDescribeTests.postgresTables)
                #expect(created.status == 0, "\(created.stderr)")
                let reference = try await Self.metadata(
                    port: postgres.port, database: PostgreSQL.database, tables: ["events", "events_progress"])
                let sourceColumns = inlet.filter { $0[0] == "column" && $0[1].hasPrefix("events") }
                let referenceColumns = reference.filter { $0[0] == "column" }
                #expect(sourceColumns == referenceColumns)
                #expect(
                    sourceColumns.map { $0.dropFirst().joined(separator: " ") } == [
                        "events 1 text text 12 NO", "events 2 partition int4 4 NO", "events 3 offset int8 -5 NO",
                        "events_progress 1 partition numrange 1111 NO", "events_progress 2 offset int8 -5 YES",
                    ])
            }
            try await bed.stop()
        }
    }
}
