import Foundation
import InletTestSupport
import Testing

/// The seed guide end to end through psql against `inlet serve`: secrets, the AWS PRIVATELINK connection, its
/// principal, the KAFKA connection with three brokers behind per-broker NLB listeners over SASL_SSL with
/// SCRAM-SHA-512, and the guide's CREATE SOURCE … FORMAT TEXT as written. Records written by confluent-kafka to
/// partitions led by every broker come out of SELECT byte for byte.
@Suite("Sources: the MSK PrivateLink guide end to end", .serialized, .timeLimit(.minutes(3)))
struct SourcePrivateLinkTests {
    static let partitions = 6

    @Test func theGuidesStatementsIngestEveryRecordByteForByte() async throws {
        try await MSKSourceBed.with { msk in
            let bed = msk.bed
            let produced = networkSourceRecords(0..<1200, partitions: Self.partitions, tag: "msk")
            try await msk.producer.produce(records: produced, topic: "orders", createPartitions: Self.partitions)
            let metadata = try await LibrdkafkaPeer(
                bootstrap: msk.virtual.bootstrap,
                config: [
                    "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "SCRAM-SHA-512",
                    "sasl.username": MSKSourceBed.user, "sasl.password": MSKSourceBed.password,
                ]
            ).metadata(topic: "orders")
            #expect(
                Set((0..<Self.partitions).compactMap { metadata.leader(topic: "orders", partition: $0) }) == [1, 2, 3],
                "every broker leads some partition: \(metadata.topics)")

            let created = try await bed.sql(msk.guideStatements())
            #expect(created == "CREATE SECRET\nCREATE SECRET\nCREATE CONNECTION\nCREATE CONNECTION\n", "\(created)")

            // The guide's step 7: the principal to allow on the endpoint service.
            let id = try await bed.sql("SELECT id FROM mz_connections WHERE name = 'msk_privatelink';")
                .trimmingCharacters(in: .newlines)
            #expect(!id.isEmpty)
            let principal = try await bed.sql(
                """
                SELECT principal
                    FROM mz_aws_privatelink_connections plc
                    JOIN mz_connections c ON plc.id = c.id
                    WHERE c.name = 'msk_privatelink';
                """)
            #expect(principal == "arn:aws:iam::\(MSKSourceBed.accountID):role/inlet_\(id)\n", "\(principal)")

            // The guide's CREATE SOURCE, as written (two spaces before 'xsmall' included).
            let source = try await bed.sql(
                """
                CREATE SOURCE msk_orders
                    FROM KAFKA CONNECTION msk_kafka (TOPIC 'orders')
                    FORMAT TEXT
                    WITH (SIZE  'xsmall');
                """)
            #expect(source == "CREATE SOURCE\n")
            // The same with the partition and offset of every record, to compare row by row.
            try await bed.sql(
                """
                CREATE SOURCE msk_orders_at FROM KAFKA CONNECTION msk_kafka (TOPIC 'orders')
                    FORMAT TEXT INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)

            try await bed.waitForCount("msk_orders", produced.count)
            try await bed.waitForCount("msk_orders_at", produced.count)
            try await bed.waitUntilRunning("msk_orders")
            try await bed.waitUntilRunning("msk_orders_at")
            #expect(
                try await bed.rows("SELECT name, type, size FROM mz_sources WHERE name = 'msk_orders';")
                    == [["msk_orders", "kafka", "xsmall"]])

            let reference = try await referenceRows(msk.producer, topic: "orders", count: produced.count)
            expectRows(try await bed.sourceRows("msk_orders_at"), areExactly: produced, reference: reference)
            #expect(
                try await bed.sortedTexts("msk_orders")
                    == produced.map { $0.value ?? [] }.sorted { $0.lexicographicallyPrecedes($1) },
                "the guide's source holds exactly the produced values")

            // Records written later keep arriving through the same routes.
            let more = networkSourceRecords(1200..<1500, partitions: Self.partitions, tag: "msk")
            try await msk.producer.produce(records: more, topic: "orders")
            try await bed.waitForCount("msk_orders_at", produced.count + more.count)
            try await bed.waitForCount("msk_orders", produced.count + more.count)
            let all = try await referenceRows(msk.producer, topic: "orders", count: produced.count + more.count)
            expectRows(try await bed.sourceRows("msk_orders_at"), areExactly: produced + more, reference: all)

            // Every broker served its own partitions' fetches: no request went through the wrong listener.
            let received = try await msk.virtual.received()
            for broker in 1...3 {
                let fetched = Set(received[broker]?.fetches.flatMap { $0 } ?? [])
                let led = Set((0..<Self.partitions).filter { $0 % 3 + 1 == broker })
                #expect(fetched == led, "broker \(broker) fetched \(fetched), leads \(led)")
            }
        }
    }
}
