import AWS
import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import Testing

/// MSK IAM sign-in (SASL OAUTHBEARER with a presigned `kafka-cluster:Connect`) against the virtual cluster
/// playing an IAM-guarded MSK: botocore recomputes each token's signature with the key's secret, a wrong
/// secret gets SASL_AUTHENTICATION_FAILED (58) with the reason, and with a short KIP-368 session lifetime a
/// connection that is not re-authenticated in time is closed.
@Suite(.serialized, .timeLimit(.minutes(3))) struct KafkaMSKIAMTests {
    static let key = AWSCredentials(accessKeyID: "AKIAINLETMSKTEST0001", secretAccessKey: "msk/iam+s3cret")

    func withIAMCluster(
        sessionLifetimeMs: Int = 0, _ body: (VirtualCluster, VirtualListenerDialer) async throws -> Void
    ) async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 3, tansu: tansu,
                sasl: .mskIAM(
                    .init(keys: [Self.key.accessKeyID: Self.key.secretAccessKey], sessionLifetimeMs: sessionLifetimeMs))
            )
            var listeners: [String: (host: String, port: Int)] = [:]
            for broker in cluster.initialBrokers {
                listeners[broker.advertised] = (broker.listenHost ?? "127.0.0.1", broker.port)
            }
            do {
                try await body(cluster, VirtualListenerDialer(listeners: listeners))
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        }
    }

    static func configuration(
        _ cluster: VirtualCluster, _ dialer: VirtualListenerDialer, credentials: AWSCredentials = key
    ) -> KafkaConfiguration {
        let tokens = MSKIAMTokenProvider(region: "us-east-1", credentials: StaticCredentialProvider(credentials))
        let sasl = KafkaSASLConfiguration(
            oauthBearerAs: "access key \(credentials.accessKeyID)", failureHint: "check the secret access key",
            tokenProvider: { broker in try await tokens.token(forHost: broker.host).value })
        let first = cluster.initialBrokers[0]
        return KafkaConfiguration(
            bootstrapBrokers: [BrokerAddress(host: first.host, port: first.advertisedPort)], sasl: sasl,
            dialer: dialer, requestTimeout: .seconds(20), retryTimeout: .seconds(30))
    }

    @Test func everyBrokerConnectionSignsInWithIAM() async throws {
        try await withIAMCluster { virtual, dialer in
            let cluster = try KafkaCluster(configuration: Self.configuration(virtual, dialer))
            let topic = "msk-iam"
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: 3)])
            let producer = KafkaProducer(cluster: cluster, configuration: .init())
            for i in 0..<90 {
                try await producer.send(
                    .init(topic: topic, partition: Int32(i % 3), key: nil, value: ByteBuffer(string: "v\(i)")))
            }
            #expect(try await producer.flush() == 90)
            let read = try await consumeWithInlet(cluster, topic: topic, count: 90)
            await cluster.shutdown()
            #expect(Set(read.map { String(buffer: $0.value!) }) == Set((0..<90).map { "v\($0)" }))
            let received = try await virtual.received()
            for broker in virtual.initialBrokers {
                let saslAuthenticate = received[broker.id]?.versions(ofAPI: 36) ?? [:]
                #expect(!saslAuthenticate.isEmpty, "broker \(broker.id) saw no SaslAuthenticate")
            }
        }
    }

    @Test func aWrongSecretIsRefusedWithTheBrokersReason() async throws {
        try await withIAMCluster { virtual, dialer in
            var wrong = Self.key
            wrong.secretAccessKey = "not-the-secret"
            let cluster = try KafkaCluster(configuration: Self.configuration(virtual, dialer, credentials: wrong))
            let error = await #expect(throws: KafkaClientError.self) { try await cluster.refreshMetadata() }
            await cluster.shutdown()
            #expect(error?.code == .sasl)
            #expect(error?.kafkaErrorCode == 58)
            let message = error?.message ?? ""
            #expect(message.contains("SASL OAUTHBEARER authentication as access key \(Self.key.accessKeyID) failed"))
            #expect(message.contains("does not match; its secret access key is wrong"), "\(message)")
            #expect(message.contains("check the secret access key"))
            #expect(!message.contains("not-the-secret") && !message.contains(Self.key.secretAccessKey))
        }
    }

    /// `inlet kafka metadata --aws-iam`: credentials from the environment (the standard chain), region by flag; a
    /// wrong secret fails with the broker's reason and the flag-level fix.
    @Test func theCLISignsInWithAwsIam() async throws {
        try await withIAMCluster { virtual, _ in
            let flags =
                virtual.connectionFlags(virtual.initialBrokers) + [
                    "--security-protocol", "SASL_PLAINTEXT", "--aws-iam", "--aws-region", "us-east-1",
                ]
            func environment(secret: String) -> [String: String] {
                [
                    "AWS_ACCESS_KEY_ID": Self.key.accessKeyID, "AWS_SECRET_ACCESS_KEY": secret,
                    "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials",
                    "AWS_EC2_METADATA_DISABLED": "true",
                ]
            }
            let metadata = try await runInlet(
                ["kafka", "metadata"] + flags, environment: environment(secret: Self.key.secretAccessKey))
            #expect(metadata.status == 0, "\(metadata.stderr)")
            for broker in virtual.initialBrokers {
                #expect(metadata.output.contains("broker \(broker.id) at \(broker.advertised)"), "\(metadata.output)")
            }
            let refused = try await runInlet(
                ["kafka", "metadata"] + flags, environment: environment(secret: "not-the-secret"))
            #expect(refused.status != 0)
            #expect(
                refused.stderr.contains("SASL OAUTHBEARER authentication as the AWS credential chain"),
                "\(refused.stderr)")
            #expect(refused.stderr.contains("does not match; its secret access key is wrong"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("not-the-secret"))
        }
    }

    /// A 3-second session (renewed at 85 %): the consumer keeps reading across several lifetimes on the same
    /// connections, each renewed with SaslHandshake + SaslAuthenticate. The test moves on when the brokers have
    /// counted re-authentications (the control port), not after a sleep.
    @Test func reauthenticationKeepsAConsumerGoingPastTheSessionLifetime() async throws {
        try await withIAMCluster(sessionLifetimeMs: 3_000) { virtual, dialer in
            let cluster = try KafkaCluster(configuration: Self.configuration(virtual, dialer))
            let topic = "msk-iam-reauth"
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: 3)])
            let producer = KafkaProducer(cluster: cluster, configuration: .init())
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: topic, startOffset: .earliest, maxWait: .milliseconds(200)))
            var read: [String] = []
            var written = 0
            var connectionsAtStart: [Int: Int] = [:]
            for round in 0..<4 {
                for _ in 0..<30 {
                    try await producer.send(
                        .init(
                            topic: topic, partition: Int32(written % 3), key: nil,
                            value: ByteBuffer(string: "v\(written)")))
                    written += 1
                }
                _ = try await producer.flush()
                while read.count < written, let chunk = try await consumer.nextChunk() {
                    read += chunk.map { String(buffer: $0.value!) }
                }
                if round == 0 {
                    for broker in try await virtual.brokers() { connectionsAtStart[broker.id] = broker.connections }
                }
                // The consumer's fetch loop keeps running (empty fetches); move on once the brokers have counted
                // one more re-authentication per broker than before this round.
                let target = (round + 1) * virtual.initialBrokers.count
                let deadline = ContinuousClock.now + .seconds(30)
                while try await virtual.reauthentications() < target {
                    try #require(ContinuousClock.now < deadline, "no re-authentication within 30 s")
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            consumer.stop()
            await cluster.shutdown()
            #expect(read.sorted() == (0..<written).map { "v\($0)" }.sorted())
            #expect(try await virtual.reauthentications() >= 4 * virtual.initialBrokers.count)
            // Renewed in place: no broker had to accept a new connection after the first round.
            for broker in try await virtual.brokers() {
                #expect(broker.connections == connectionsAtStart[broker.id], "broker \(broker.id) was redialled")
            }
        }
    }
}
