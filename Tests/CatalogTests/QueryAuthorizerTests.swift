import Foundation
import GRDB
import SQL
import Storage
import Testing

@testable import Catalog
@testable import InletServer

/// Clients' queries run under SQLite's authorizer: the tables that hold sealed secrets and keys cannot be read
/// however the query names them, nothing can be written, and the system relations and source relations read as
/// before.
@Suite struct QueryAuthorizerTests {
    /// An engine with a secret, an SSH tunnel connection (two key pairs) and a source whose relation has a row.
    static func populated(_ directory: TemporaryDataDirectory) async throws -> (InletEngine, CatalogSession) {
        let engine = try directory.engine()
        let session = engine.makeSession()
        _ = try await session.run(
            """
            CREATE SECRET pw AS 'hunter2';
            CREATE CONNECTION tunnel TO SSH TUNNEL (HOST 'bastion.example', USER 'u');
            CREATE CONNECTION k TO KAFKA (BROKER 'b-1.example:9092') WITH (VALIDATE = false);
            CREATE SOURCE plain FROM KAFKA CONNECTION k (TOPIC 'a') FORMAT TEXT;
            """)
        let sourceID = try #require(try await session.rows("SELECT id FROM mz_sources WHERE name = 'plain'").first?[0])
        let path = SQLiteSourceStorage.path(forSource: sourceID, dataDirectory: directory.url)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let file = try DatabaseQueue(path: path)
        try await file.write { db in
            try db.execute(sql: "CREATE TABLE plain (text TEXT); INSERT INTO plain VALUES ('hello')")
        }
        try file.close()
        return (engine, session)
    }

    @Test func secretAndKeyTablesAreRefusedHoweverTheyAreNamed() async throws {
        let directory = TemporaryDataDirectory()
        let (engine, session) = try await Self.populated(directory)
        try await engine.catalog.database.write { db in
            // A view nobody vetted (as a future CREATE VIEW could make) reads with the client's rights.
            try db.execute(sql: "CREATE VIEW leaked AS SELECT * FROM inlet_secret_values")
        }
        let refused = [
            "SELECT * FROM 'inlet_secret_values'",
            "SELECT sealed FROM \"inlet_secret_values\"",
            "SELECT * FROM main.\"INLET_SECRET_VALUES\"",
            "SELECT count(*) FROM 'inlet_ssh_keys'",
            "SELECT name FROM mz_secrets WHERE id IN (SELECT id FROM 'inlet_secret_values')",
            "SELECT (SELECT sealed_private_key FROM 'inlet_ssh_keys' LIMIT 1)",
            "WITH s AS (SELECT * FROM 'inlet_ssh_keys') SELECT count(*) FROM s",
            "SELECT * FROM leaked",
            "SELECT * FROM pragma_table_info('inlet_secret_values')",
            "SELECT name FROM pragma_table_info('INLET_SSH_KEYS')",
            // A CTE named like an engine view reaches only the columns that view shows, never the sealed ones.
            "WITH mz_ssh_tunnel_connections AS (SELECT sealed_private_key FROM inlet_ssh_keys) SELECT * FROM mz_ssh_tunnel_connections",
        ]
        for sql in refused {
            let error = await session.error(sql)
            #expect(error?.sqlState == "42501", "\(sql): \(String(describing: error))")
            #expect(error?.message.hasPrefix("permission denied for relation inlet_") == true, "\(sql): \(error!)")
            #expect(error?.message.contains("hunter2") == false)
        }
        // Describe (extended protocol) compiles the same query under the same authorizer.
        await #expect(throws: SQLError.self) {
            _ = try await engine.catalog.describeQuery(
                Query(text: "SELECT * FROM 'inlet_secret_values'", parameterCount: 0))
        }
    }

    @Test func queriesCannotWrite() async throws {
        let directory = TemporaryDataDirectory()
        let (_, session) = try await Self.populated(directory)
        let writes = [
            "WITH t AS (SELECT 1) DELETE FROM inlet_items",
            "WITH t AS (SELECT 1) INSERT INTO inlet_settings (key, value) VALUES ('k', 'v')",
            "WITH t AS (SELECT 1) UPDATE inlet_settings SET value = 'x'",
            "WITH t AS (SELECT 1) DELETE FROM plain",
        ]
        for sql in writes {
            let error = await session.error(sql)
            #expect(error?.sqlState == "42501", "\(sql): \(String(describing: error))")
            #expect(error?.message.contains("a query cannot") == true, "\(sql): \(error!)")
        }
        let pragma = await session.error("SELECT * FROM pragma_journal_mode")
        #expect(pragma?.sqlState == "42501", "\(String(describing: pragma))")
        #expect(try await session.rows("SELECT count(*) FROM mz_objects") != [["0"]])
        #expect(try await session.rows("SELECT text FROM plain") == [["hello"]])
    }

    @Test func systemAndSourceRelationsStillRead() async throws {
        let directory = TemporaryDataDirectory()
        let (_, session) = try await Self.populated(directory)
        _ = await session.error("SELECT * FROM 'inlet_secret_values'")
        #expect(try await session.rows("SELECT name FROM mz_secrets") == [["pw"]])
        let keys = try await session.rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections")
        #expect(keys.count == 1 && keys[0].allSatisfy { $0?.hasPrefix("ssh-ed25519 ") == true }, "\(keys)")
        #expect(try await session.rows("SELECT text FROM plain") == [["hello"]])
        #expect(try await session.rows("SELECT count(*) FROM pragma_table_info('mz_secrets')") == [["5"]])
        // The engine's own reads (the sealed value, to drop the secret) are not a client's query.
        _ = try await session.run("ALTER SECRET pw AS 'other'")
        _ = try await session.run("DROP SECRET pw")
        #expect(try await session.rows("SELECT count(*) FROM mz_secrets") == [["0"]])
    }
}
