import Foundation
import InletTestSupport
import Testing

/// SUBSCRIBE against tansu through the real `inlet serve`, read by psycopg 3 (`testpeers/pg/subscribe_client.py`)
/// while confluent-kafka produces: the snapshot, then each committed record as its update, through `COPY (SUBSCRIBE
/// …) TO STDOUT`, a plain SUBSCRIBE (DataRows) and DECLARE/FETCH; UPSERT updates and tombstones as -1/+1; PROGRESS
/// rows and SNAPSHOT = false through a view; a CancelRequest ends the stream with 57014; refusals carry a SQLSTATE.
///
/// The client produces a record only after the rows before it arrived, and waits for that record's rows: the order
/// comes from the rows themselves, not from sleeping.
@Suite(.timeLimit(.minutes(4))) struct SourceSubscribeTests {
    static let client = repositoryRoot + "/testpeers/pg/subscribe_client.py"

    struct Step: Encodable {
        var key: String?
        var value: String?
        var rows: Int = 0
        /// DDL run on another connection, after which the subscription must end with an error.
        var sql: String?
    }

    static func subscriber(
        _ mode: String, port: Int, bootstrap: String, topic: String, statement: String, snapshot: Int, steps: [Step]
    ) async throws -> PGProgramOutput {
        let encoded = String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
        return try await runClient(
            "python3",
            [client, mode, String(port), bootstrap, topic, statement, String(snapshot), encoded],
            environment: ["PGSSLMODE": "disable"], timeout: .seconds(120))
    }

    static func records(_ values: [String]) -> [PeerRecord] {
        values.map { PeerRecord(partition: 0, key: nil, value: Array($0.utf8)) }
    }

    @Test func textSourcesThroughCopyStreamAndFetch() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            for topic in ["sub_copy", "sub_stream", "sub_fetch", "sub_view"] {
                try await peer.produce(records: Self.records(["a", "b", "c"]), topic: topic, createPartitions: 1)
            }
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE sub_copy FROM KAFKA CONNECTION kafka_conn (TOPIC 'sub_copy') FORMAT TEXT;
                CREATE SOURCE sub_stream FROM KAFKA CONNECTION kafka_conn (TOPIC 'sub_stream') FORMAT TEXT;
                CREATE SOURCE sub_fetch FROM KAFKA CONNECTION kafka_conn (TOPIC 'sub_fetch') FORMAT TEXT;
                CREATE SOURCE sub_view FROM KAFKA CONNECTION kafka_conn (TOPIC 'sub_view') FORMAT TEXT;
                CREATE VIEW loud AS SELECT upper(text) AS shout FROM sub_view;
                """)
            for source in ["sub_copy", "sub_stream", "sub_fetch", "sub_view"] {
                try await bed.waitFor("SELECT count(*) FROM \(source);", toBe: "3\n")
            }
            let bootstrap = tansu.bootstrap
            let port = bed.port

            let copied = try await Self.subscriber(
                "copy", port: port, bootstrap: bootstrap, topic: "sub_copy",
                statement: "COPY (SUBSCRIBE sub_copy) TO STDOUT", snapshot: 3,
                steps: [Step(value: "d", rows: 1), Step(value: "e", rows: 1)])
            #expect(copied.status == 0, "\(copied.stderr)\n\(bed.server.output.suffix(2000))")
            #expect(copied.stdout == "0\t1\ta\n0\t1\tb\n0\t1\tc\n1\t1\td\n2\t1\te\nerror 57014\n42\n")

            let streamed = try await Self.subscriber(
                "stream", port: port, bootstrap: bootstrap, topic: "sub_stream", statement: "SUBSCRIBE TO sub_stream",
                snapshot: 3, steps: [Step(value: "d", rows: 1)])
            #expect(streamed.status == 0, "\(streamed.stderr)\n\(bed.server.output.suffix(2000))")
            #expect(streamed.stdout == "0\t1\ta\n0\t1\tb\n0\t1\tc\n1\t1\td\nerror 57014\nnotice yes\n42\n")

            let fetched = try await Self.subscriber(
                "fetch", port: port, bootstrap: bootstrap, topic: "sub_fetch", statement: "SUBSCRIBE sub_fetch",
                snapshot: 3, steps: [Step(value: "n1", rows: 1), Step(value: "n2", rows: 1)])
            #expect(fetched.status == 0, "\(fetched.stderr)\n\(bed.server.output.suffix(2000))")
            #expect(
                fetched.stdout
                    == "0\t1\ta\n0\t1\tb\n0\t1\tc\n1\t1\tn1\n2\t1\tn2\nfetch-empty 0\ntimeout-rows 0 waited yes\nwaiting-fetch error 57014\n42\n"
            )

            // Through a view, without the snapshot, with progress rows: the first rows say where time starts, and
            // each update is followed by the progress that closes its timestamp.
            let progressed = try await Self.subscriber(
                "copy", port: port, bootstrap: bootstrap, topic: "sub_view",
                statement: "COPY (SUBSCRIBE loud WITH (SNAPSHOT = false, PROGRESS = true)) TO STDOUT", snapshot: 0,
                steps: [Step(value: "x", rows: 1), Step(value: "y", rows: 1)])
            #expect(progressed.status == 0, "\(progressed.stderr)\n\(bed.server.output.suffix(2000))")
            #expect(
                progressed.stdout == "progress\nprogress\n1\tX\nprogress\n1\tY\nprogress\nerror 57014\n42\n",
                "\(progressed.stdout)")

            // The same subscription through FETCH, with the snapshot: the five rows, then a progress row.
            let fetchedProgress = try await Self.subscriber(
                "fetch", port: port, bootstrap: bootstrap, topic: "sub_view",
                statement: "SUBSCRIBE (SELECT shout FROM loud WHERE shout <> 'A') WITH (PROGRESS)", snapshot: 4,
                steps: [])
            #expect(fetchedProgress.status == 0, "\(fetchedProgress.stderr)")
            #expect(
                fetchedProgress.stdout
                    == "progress\n1\tB\n1\tC\n1\tX\n1\tY\nprogress\nfetch-empty 0\ntimeout-rows 0 waited yes\nwaiting-fetch error 57014\n42\n",
                "\(fetchedProgress.stdout)")

            // What is not supported says so, with its SQLSTATE.
            for (statement, state) in [
                ("SUBSCRIBE sub_copy AS OF 1;", "0A000"), ("SUBSCRIBE sub_copy ENVELOPE UPSERT (KEY (text));", "0A000"),
                ("SUBSCRIBE sub_copy WITH (FETCH_SIZE = 1);", "42601"),
                ("DECLARE c CURSOR FOR SUBSCRIBE sub_copy;", "25P01"), ("SUBSCRIBE nowhere;", "42P01"),
            ] {
                let refused = try await bed.failingSQL(statement)
                #expect(refused.contains("ERROR:  \(state):"), "\(statement): \(refused)")
            }
            let hint = try await bed.failingSQL("SUBSCRIBE sub_copy UP TO 5;")
            #expect(hint.contains("WITH (SNAPSHOT = bool, PROGRESS = bool)"), "\(hint)")
            // A query over the catalog cannot change: its snapshot is all there is, and COPY ends.
            #expect(
                try await bed.sql("COPY (SUBSCRIBE (SELECT name FROM mz_sources WHERE name = 'sub_copy')) TO STDOUT;")
                    .split(separator: "\t").dropFirst().joined(separator: "\t") == "1\tsub_copy\n")
            try await bed.stop()
        }
    }

    @Test func upsertUpdatesAndTombstonesAreRetractions() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let records = [("k1", "v1"), ("k2", "v2")].map {
                PeerRecord(partition: 0, key: Array($0.0.utf8), value: Array($0.1.utf8))
            }
            try await peer.produce(records: records, topic: "sub_up", createPartitions: 1)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE sub_up FROM KAFKA CONNECTION kafka_conn (TOPIC 'sub_up')
                    KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE UPSERT;
                """)
            try await bed.waitFor("SELECT count(*) FROM sub_up;", toBe: "2\n")
            let output = try await Self.subscriber(
                "copy", port: bed.port, bootstrap: tansu.bootstrap, topic: "sub_up",
                statement: "COPY (SUBSCRIBE sub_up) TO STDOUT", snapshot: 2,
                steps: [
                    Step(key: "k1", value: "v1b", rows: 2), Step(key: "k2", value: nil, rows: 1),
                    Step(key: "k3", value: "v3", rows: 1),
                    // The subscribed relation goes: the subscription ends with the error, the session goes on.
                    Step(sql: "DROP SOURCE sub_up"),
                ])
            #expect(output.status == 0, "\(output.stderr)\n\(bed.server.output.suffix(2000))")
            #expect(
                output.stdout == """
                    0\t1\tk1\tv1
                    0\t1\tk2\tv2
                    1\t-1\tk1\tv1
                    1\t1\tk1\tv1b
                    2\t-1\tk2\tv2
                    3\t1\tk3\tv3
                    error 42P01
                    42

                    """)
            try await bed.stop()
        }
    }
}
