import Foundation
import SQL
import Testing

@testable import Catalog

@Suite struct SecretTests {
    @Test func createAlterShowAndDrop() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let created = try await session.run("CREATE SECRET b AS 'one'; CREATE SECRET a AS decode('dHdv', 'base64')")
        #expect(created.map(\.commandTag) == ["CREATE SECRET", "CREATE SECRET"])
        #expect(try await session.rows("SHOW SECRETS") == [["a"], ["b"]])
        #expect(try await session.rows("SELECT id, name FROM mz_secrets ORDER BY id") == [["u1", "b"], ["u2", "a"]])

        let again = try await session.run("CREATE SECRET IF NOT EXISTS a AS 'x'")
        #expect(again.first?.notices == ["secret \"a\" already exists, skipping"])
        #expect(await session.error("CREATE SECRET a AS 'x'")?.sqlState == "42710")

        _ = try await session.run("ALTER SECRET a AS 'three'")
        let catalog = try directory.engine().catalog
        #expect(try await catalog.read { db in try catalog.secretValue(db, id: "u2") } == Array("three".utf8))

        #expect(await session.error("ALTER SECRET nope AS 'x'")?.sqlState == "42704")
        let skipped = try await session.run(
            "ALTER SECRET IF EXISTS nope AS 'x'; ALTER CONNECTION IF EXISTS nope ROTATE KEYS")
        #expect(
            skipped.map(\.notices) == [
                ["secret \"nope\" does not exist, skipping"], ["connection \"nope\" does not exist, skipping"],
            ])
        let dropped = try await session.run("DROP SECRET a; DROP SECRET IF EXISTS a")
        #expect(dropped.last?.notices == ["secret \"a\" does not exist, skipping"])
        #expect(await session.error("DROP SECRET a")?.sqlState == "42704")
        #expect(try await session.rows("SHOW SECRETS") == [["b"]])
    }

    @Test func valuesAreEncryptedAtRestUnderAPrivateKeyFile() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try directory.engine()
        let session = engine.makeSession()
        let value = "plaintext-marker-7f3a91"
        _ = try await session.run("CREATE SECRET s AS '\(value)'")
        _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'bastion', USER 'u')")

        // Every file of the data directory (database, WAL, key file) is free of the value.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(files.contains(Catalog.databaseFileName))
        for file in files {
            let data = try Data(contentsOf: directory.url.appendingPathComponent(file))
            #expect(data.range(of: Data(value.utf8)) == nil, "\(file) holds the secret in clear")
        }
        // Nor are SSH private keys stored in clear.
        guard case .sshTunnel(let tunnel) = try engine.catalog.resolvedConnection(named: "t") else {
            Issue.record("t is not an SSH tunnel")
            return
        }
        for file in files {
            let data = try Data(contentsOf: directory.url.appendingPathComponent(file))
            for pair in tunnel.keyPairs {
                #expect(data.range(of: Data(pair.privateKey)) == nil, "\(file) holds an SSH private key in clear")
            }
        }

        let keyPath = directory.url.appendingPathComponent(SecretVault.keyFileName).path
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)

        // No relation or SHOW shows the value.
        for query in ["SELECT * FROM mz_secrets", "SHOW SECRETS", "SELECT * FROM mz_connections"] {
            let rows = try await session.rows(query)
            #expect(!rows.flatMap { $0 }.contains { $0?.contains(value) == true })
        }
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let directory = TemporaryDataDirectory()
        _ = try directory.engine()
        let keyPath = directory.url.appendingPathComponent(SecretVault.keyFileName).path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        #expect(throws: SQLError.self) { try directory.engine() }
    }

    @Test func secretsSurviveARestart() async throws {
        let directory = TemporaryDataDirectory()
        do {
            let session = try directory.engine().makeSession()
            _ = try await session.run("CREATE SECRET s AS 'kept'; CREATE SECRET gone AS 'x'; DROP SECRET gone")
        }
        let engine = try directory.engine()
        #expect(try await engine.makeSession().rows("SHOW SECRETS") == [["s"]])
        #expect(
            try await engine.catalog.read { db in try engine.catalog.secretValue(db, id: "u1") } == Array("kept".utf8))
        // Ids are never reused.
        _ = try await engine.makeSession().run("CREATE SECRET n AS 'y'")
        #expect(try await engine.makeSession().rows("SELECT id FROM mz_secrets WHERE name = 'n'") == [["u3"]])
    }
}

@Suite struct ShowFilterTests {
    @Test func showWithLikeFiltersCaseSensitively() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(
            "CREATE SECRET msk_user AS 'a'; CREATE SECRET msk_password AS 'b'; CREATE SECRET \"MSK_x\" AS 'c'")
        _ = try await session.run(
            "CREATE SECRET mskXuser AS 'd'; CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
        #expect(try await session.rows("SHOW SECRETS LIKE 'msk%'") == [["msk_password"], ["msk_user"], ["mskxuser"]])
        #expect(try await session.rows("SHOW SECRETS LIKE 'msk\\_%'") == [["msk_password"], ["msk_user"]])
        #expect(try await session.rows("SHOW SECRETS LIKE '%_user'") == [["msk_user"], ["mskxuser"]])
        #expect(try await session.rows("SHOW CONNECTIONS LIKE 't'") == [["t", "ssh-tunnel"]])
        #expect(try await session.rows("SHOW CONNECTIONS LIKE 'T'").isEmpty)
    }
}
