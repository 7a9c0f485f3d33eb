import Testing

@testable import Catalog
@testable import InletServer

/// DROP of sources and tables in the catalog: a source's own progress and errors relations go with it and cannot
/// be dropped alone, tables made from a source block it unless CASCADE, and a connection with sources needs
/// CASCADE too.
@Suite struct SourceDropTests {
    @Test func subsourcesGoWithTheirSourceAndTablesNeedCascade() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(
            """
            CREATE CONNECTION k TO KAFKA (BROKER 'b-1.example:9092') WITH (VALIDATE = false);
            CREATE SOURCE plain FROM KAFKA CONNECTION k (TOPIC 'a') FORMAT TEXT;
            CREATE SOURCE reader FROM KAFKA CONNECTION k (TOPIC 'b');
            CREATE TABLE reader_text FROM SOURCE reader FORMAT TEXT;
            """)
        #expect(
            try await session.rows("SELECT name, type FROM mz_sources ORDER BY name").map { $0.compactMap { $0 } } == [
                ["plain", "kafka"], ["plain_errors", "errors"], ["plain_progress", "progress"], ["reader", "kafka"],
                ["reader_progress", "progress"], ["reader_text_errors", "errors"],
            ])

        let alone = await session.error("DROP SOURCE plain_progress")
        #expect(alone?.sqlState == "2BP01" && alone?.message.contains("belongs to source plain") == true, "\(alone!)")
        let blocked = await session.error("DROP SOURCE reader")
        #expect(blocked?.sqlState == "2BP01" && blocked?.message.contains("reader_text") == true, "\(blocked!)")
        let connection = await session.error("DROP CONNECTION k")
        #expect(connection?.sqlState == "2BP01" && connection?.message.contains("plain") == true, "\(connection!)")

        let plainID = try await session.rows("SELECT id FROM mz_sources WHERE name = 'plain'")[0][0]!
        _ = try await session.run("DROP SOURCE plain")
        _ = try await session.run("DROP SOURCE reader CASCADE")
        // The history outlives the source and ends in `dropped`; mz_source_statuses lists only what exists.
        #expect(
            try await session.rows(
                "SELECT status FROM mz_source_status_history WHERE source_id = '\(plainID)' ORDER BY occurred_at"
            )
            .last == ["dropped"])
        #expect(try await session.rows("SELECT count(*) FROM mz_source_statuses") == [["0"]])
        #expect(try await session.rows("SELECT name FROM mz_sources").isEmpty)
        #expect(try await session.rows("SELECT name FROM mz_tables").isEmpty)
        #expect(try await session.rows("SELECT count(*) FROM mz_columns") == [["0"]])
        _ = try await session.run("DROP CONNECTION k")
    }
}
