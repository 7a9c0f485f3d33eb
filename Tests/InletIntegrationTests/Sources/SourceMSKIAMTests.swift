import Foundation
import InletTestSupport
import Testing

/// `CREATE CONNECTION … TO AWS` and a KAFKA connection with `AWS CONNECTION`, driven through psql against a real
/// `inlet serve`: the virtual cluster plays an MSK cluster that accepts only IAM (botocore checks every token
/// against moto's IAM user key), moto's STS answers VALIDATE CONNECTION with signature checking on.
@Suite("Sources: MSK IAM sign-in", .serialized, .timeLimit(.minutes(4)))
struct SourceMSKIAMTests {
    static let wrong = "not-the-aws-secret-key"

    @Test func aSourceReadsThroughIAMAndAWrongKeyIsNamedEverywhere() async throws {
        let moto = try await Moto.start()
        do {
            try await withTansu { tansu in
                let virtual = try await VirtualCluster.start(
                    brokers: 3, tansu: tansu, advertised: "127.0.0.1:{port}",
                    sasl: .mskIAM(
                        .init(
                            keys: [moto.account.accessKeyID: moto.account.secretAccessKey],
                            region: moto.account.region)))
                let bed = try await SourceTestBed.start()
                do {
                    try await Self.run(moto: moto, virtual: virtual, tansu: tansu, bed: bed)
                    try await bed.stop()
                    await virtual.stop()
                } catch {
                    try? await bed.stop()
                    await virtual.stop()
                    throw error
                }
            }
            await moto.stop()
        } catch {
            await moto.stop()
            throw error
        }
    }

    static func awsConnection(_ name: String, secret: String, moto: Moto, extra: String = "") -> String {
        """
        CREATE CONNECTION \(name) TO AWS (
            ACCESS KEY ID = '\(moto.account.accessKeyID)',
            SECRET ACCESS KEY = SECRET \(secret),
            \(extra)REGION = '\(moto.account.region)',
            ENDPOINT = '\(moto.endpoint)'
        );
        """
    }

    static func kafkaConnection(_ name: String, aws: String, virtual: VirtualCluster, validate: Bool = true) -> String {
        """
        CREATE CONNECTION \(name) TO KAFKA (
            BROKERS (\(virtual.initialBrokers.map { "'\($0.advertised)'" }.joined(separator: ", "))),
            SECURITY PROTOCOL = 'SASL_PLAINTEXT',
            AWS CONNECTION = \(aws)
        )\(validate ? "" : " WITH (VALIDATE = false)");
        """
    }

    static func run(moto: Moto, virtual: VirtualCluster, tansu: Tansu, bed: SourceTestBed) async throws {
        let producer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
        let first = networkSourceRecords(0..<300, partitions: 3, tag: "iam")
        try await producer.produce(records: first, topic: "events", createPartitions: 3)

        // The AWS connection: its keys sign STS GetCallerIdentity (VALIDATE) and each broker's MSK IAM token.
        try await bed.sql(
            "CREATE SECRET aws_secret AS '\(moto.account.secretAccessKey)';\n"
                + awsConnection("aws_conn", secret: "aws_secret", moto: moto))
        #expect(try await bed.sql("VALIDATE CONNECTION aws_conn;").contains("VALIDATE"))
        #expect(try await bed.sql("SELECT name, type FROM mz_connections WHERE name = 'aws_conn';") == "aws_conn|aws\n")
        let shown = try await bed.sql("SHOW CREATE CONNECTION aws_conn;")
        #expect(shown.contains("SECRET ACCESS KEY = SECRET aws_secret"), "\(shown)")
        #expect(!shown.contains(moto.account.secretAccessKey))

        // A KAFKA connection that signs in with it (validated: metadata through every broker), then a source.
        try await bed.sql(kafkaConnection("msk", aws: "aws_conn", virtual: virtual))
        try await bed.sql(
            "CREATE SOURCE msk_events FROM KAFKA CONNECTION msk (TOPIC 'events') FORMAT TEXT INCLUDE PARTITION, OFFSET;"
        )
        try await bed.waitForCount("msk_events", first.count)
        try await bed.waitUntilRunning("msk_events")
        let reference = try await referenceRows(producer, topic: "events", count: first.count)
        expectRows(try await bed.sourceRows("msk_events"), areExactly: first, reference: reference)

        // The KAFKA connection depends on the AWS connection.
        let refusedDrop = try await bed.failingSQL("DROP CONNECTION aws_conn;")
        #expect(refusedDrop.contains("msk") && refusedDrop.contains("CASCADE"), "\(refusedDrop)")

        // A wrong secret key: VALIDATE names the AWS connection and STS's verdict; the KAFKA connection's own
        // validation shows the broker's reason; the secret never shows.
        try await bed.sql(
            "CREATE SECRET wrong_secret AS '\(wrong)';\n" + awsConnection("aws_bad", secret: "wrong_secret", moto: moto)
        )
        let badValidate = try await bed.failingSQL("VALIDATE CONNECTION aws_bad;")
        #expect(badValidate.contains("validation of AWS connection aws_bad failed"), "\(badValidate)")
        #expect(badValidate.contains("SignatureDoesNotMatch"), "\(badValidate)")
        let badKafka = try await bed.failingSQL(kafkaConnection("msk_bad", aws: "aws_bad", virtual: virtual))
        #expect(badKafka.contains("SASL OAUTHBEARER authentication as AWS connection aws_bad failed"), "\(badKafka)")
        #expect(badKafka.contains("does not match; its secret access key is wrong"), "\(badKafka)")
        #expect(badKafka.contains("VALIDATE CONNECTION aws_bad"), "\(badKafka)")
        for text in [badValidate, badKafka] { #expect(!text.contains(wrong)) }

        // The running source's key turns wrong and the server restarts: the source stalls with the broker's reason
        // and a hint at the AWS connection; the right key makes it run again, no record lost or doubled.
        try await bed.sql("ALTER SECRET aws_secret AS '\(wrong)';")
        try await bed.restart()
        let second = networkSourceRecords(300..<450, partitions: 3, tag: "iam")
        try await producer.produce(records: second, topic: "events")
        let stalled = try await bed.waitForStatus("msk_events") { $0.status == "stalled" }
        #expect(
            stalled.error?.contains("SASL OAUTHBEARER authentication as AWS connection aws_conn failed") == true,
            "\(stalled)")
        #expect(stalled.hint?.contains("AWS CONNECTION that connection msk names") == true, "\(stalled)")
        #expect(!(stalled.error ?? "").contains(wrong) && !(stalled.details ?? "").contains(wrong))
        try await bed.sql("ALTER SECRET aws_secret AS '\(moto.account.secretAccessKey)';")
        let all = first + second
        try await bed.waitForCount("msk_events", all.count)
        try await bed.waitUntilRunning("msk_events")
        let allReference = try await referenceRows(producer, topic: "events", count: all.count)
        expectRows(try await bed.sourceRows("msk_events"), areExactly: all, reference: allReference)
        #expect(!bed.server.output.contains(wrong) && !bed.server.output.contains(moto.account.secretAccessKey))

        // ASSUME ROLE ARN: VALIDATE assumes the role through moto's STS.
        try await bed.sql(
            awsConnection(
                "aws_role", secret: "aws_secret", moto: moto,
                extra: "ASSUME ROLE ARN = '\(moto.account.mskRoleARN)', ASSUME ROLE SESSION NAME = 'inlet-test',\n    ")
        )
        #expect(try await bed.sql("VALIDATE CONNECTION aws_role;").contains("VALIDATE"))

        try await bed.sql("DROP CONNECTION aws_conn CASCADE;")
        #expect(try await bed.sql("SELECT count(*) FROM mz_connections WHERE name IN ('aws_conn', 'msk');") == "0\n")
    }
}
