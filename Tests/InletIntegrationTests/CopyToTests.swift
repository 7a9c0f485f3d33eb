import Foundation
import InletTestSupport
import Testing

/// `COPY … TO STDOUT` through psql's `\copy … to 'file'` against `inlet serve` and a private PostgreSQL 15: the
/// files must be byte for byte the same, in text, CSV and binary, over values that need every kind of escaping.
/// psycopg's copy API reads the same rows through the extended protocol; what Inlet cannot do is refused with
/// PostgreSQL's SQLSTATE.
@Suite(.timeLimit(.minutes(5)))
struct CopyToTests {
    /// Rows whose text needs escaping or quoting in every format: tabs, line breaks, backslashes, quotes, the
    /// delimiters, NULL and empty strings, `\.` alone, non-ASCII text, and numbers, booleans and bytea.
    static let rows = """
        SELECT 1 AS id, 'plain' AS a, 'tab	here' AS b, true AS flag, 2.5::float8 AS x, '\\x00ff'::bytea AS raw
        UNION ALL SELECT 2, E'line\\nbreak and \\r return', 'back\\slash', false, -0.125::float8, '\\x'::bytea
        UNION ALL SELECT 3, 'q"uote,comma;semi', '', NULL::boolean, NULL::float8, NULL::bytea
        UNION ALL SELECT 4, '\\.', 'ünïcødé ✓', true, 1e300::float8, '\\x5c2e'::bytea
        UNION ALL SELECT 5, NULL::text, '\\N', false, 0::float8, '\\x0a0d09'::bytea
        """

    /// `\copy` statements, each run against both servers; the file each writes must be identical.
    static let copies: [String] = [
        "(\(rows)) to '{file}'",
        "(\(rows)) to '{file}' with (format csv)",
        "(\(rows)) to '{file}' with (format csv, header)",
        "(\(rows)) to '{file}' with (format csv, header true, delimiter ';', null 'NULL')",
        "(\(rows)) to '{file}' with (format csv, quote '''', escape '\\', force_quote (id, b))",
        "(\(rows)) to '{file}' with (format csv, force_quote *)",
        "(\(rows)) to '{file}' with (format text, delimiter '|', null '')",
        "(\(rows)) to '{file}' with (format text, header)",
        "(\(rows)) to '{file}' csv header",
        "(\(rows)) to '{file}' with delimiter as ',' null as '-'",
        "(\(rows)) to '{file}' with (format binary)",
        "(SELECT 1 AS only WHERE false) to '{file}' with (format csv, header)",
        "(SELECT '\\.' AS alone) to '{file}' with (format csv)",
    ]

    @Test func psqlCopyFilesAreThoseOfPostgreSQL15() async throws {
        try await withInletServe { inletPort in
            try await withPostgreSQL { postgres in
                let directory = NSTemporaryDirectory() + "inlet-copy-\(UUID().uuidString)"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                for (index, copy) in Self.copies.enumerated() {
                    let expectedFile = "\(directory)/\(index)-postgres"
                    let actualFile = "\(directory)/\(index)-inlet"
                    let expected = try await Self.psql(
                        port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database,
                        "\\copy " + copy.replacingOccurrences(of: "{file}", with: expectedFile))
                    let actual = try await Self.psql(
                        port: inletPort, user: "materialize", database: "materialize",
                        "\\copy " + copy.replacingOccurrences(of: "{file}", with: actualFile))
                    #expect(actual == expected, "\(copy)")
                    let expectedBytes = try Data(contentsOf: URL(fileURLWithPath: expectedFile))
                    let actualBytes = try Data(contentsOf: URL(fileURLWithPath: actualFile))
                    #expect(actualBytes == expectedBytes, "\(copy)")
                }
            }
        }
    }

    /// COPY from a relation by name (with and without a column list), and psycopg's copy API, which sends the
    /// statement through the extended protocol.
    @Test func relationsByNameAndPsycopgCopy() async throws {
        try await withInletServe { port in
            _ = try await Self.psql(port: port, "CREATE SECRET copy_secret AS 'x'")
            let whole = try await Self.psql(port: port, "COPY mz_secrets (name) TO STDOUT")
            #expect(whole == "copy_secret\n")
            let csv = try await Self.psql(
                port: port, "COPY (SELECT name FROM mz_secrets) TO STDOUT (FORMAT csv, HEADER)")
            #expect(csv == "name\ncopy_secret\n")
            let script = """
                import psycopg, sys
                with psycopg.connect(host="127.0.0.1", port=\(port), user="materialize", dbname="materialize") as conn:
                    with conn.cursor() as cur:
                        with cur.copy("COPY (SELECT 1 AS a, 'x\\ty' AS b UNION ALL SELECT 2, NULL) TO STDOUT") as copy:
                            for row in copy.rows():
                                print(repr(row))
                """
            let output = try await runClient(
                "python3", ["-c", script], environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "('1', 'x\\ty')\n('2', None)\n")
        }
    }

    /// What Inlet cannot or will not do is an error with PostgreSQL's SQLSTATE and the statement to write instead.
    @Test func refusalsNameTheFix() async throws {
        try await withInletServe { port in
            let cases: [(String, String)] = [
                ("COPY mz_secrets FROM STDIN", "0A000"),
                ("COPY (SELECT 1) TO '/tmp/inlet-copy-file'", "0A000"),
                ("COPY (SELECT 1) TO PROGRAM 'cat'", "0A000"),
                ("COPY (SELECT 1) TO STDOUT (FORMAT json)", "22023"),
                ("COPY (SELECT 1) TO STDOUT (FORMAT csv, FORMAT text)", "42601"),
                ("COPY (SELECT 1) TO STDOUT (QUOTE '''')", "0A000"),
                ("COPY (SELECT 1) TO STDOUT (FORMAT binary, HEADER)", "42601"),
                ("COPY (SELECT 1) TO STDOUT (DELIMITER ',,')", "0A000"),
                ("COPY (SELECT 1) TO STDOUT (BOGUS 1)", "42601"),
                ("COPY (SELECT nope) TO STDOUT", "42703"),
            ]
            for (statement, sqlState) in cases {
                let answer = try await Self.psql(port: port, statement, verbosity: "sqlstate")
                #expect(answer == "ERROR \(sqlState)", "\(statement)")
            }
            let hint = try await Self.psql(port: port, "COPY (SELECT 1) TO '/tmp/x'", verbosity: "verbose")
            #expect(hint.contains("\\copy"), "\(hint)")
        }
    }

    // MARK: - Helpers

    /// psql's output of one command (stdout), or `ERROR <text>` with the given verbosity.
    static func psql(
        port: Int, user: String = "materialize", database: String = "materialize", _ command: String,
        verbosity: String = "sqlstate"
    ) async throws -> String {
        let output = try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-At",
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=\(verbosity)", "-c", command,
            ],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
        if output.status == 0 { return output.stdout }
        return "ERROR "
            + output.stderr.replacingOccurrences(of: "ERROR:", with: "").trimmingCharacters(
                in: .whitespacesAndNewlines)
    }
}
