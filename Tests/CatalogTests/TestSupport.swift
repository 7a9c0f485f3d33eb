import Foundation
import InletServer
import SQL

@testable import Catalog

/// A fresh data directory under the system temp folder, removed when the test's value goes away.
final class TemporaryDataDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-catalog-\(UUID().uuidString)")
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func engine(
        awsAccountID: String = CatalogConfiguration.defaultAWSAccountID, validator: (any ConnectionValidator)? = nil
    ) throws -> InletEngine {
        try InletEngine(
            settings: InletEngineSettings(
                dataDirectory: url, awsAccountID: awsAccountID, connectionValidator: validator))
    }
}

extension CatalogSession {
    /// Runs a simple-query string and returns every statement's result.
    func run(_ sql: String) async throws -> [StatementResult] {
        var results: [StatementResult] = []
        try await executeSimple(sql) { results.append($0) }
        return results
    }

    /// The rows of the last statement of `sql`.
    func rows(_ sql: String) async throws -> [[String?]] {
        try await run(sql).last?.rows ?? []
    }

    /// The SQLError that `sql` fails with, or nil when it succeeds.
    func error(_ sql: String) async -> SQLError? {
        do {
            _ = try await run(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return SQLError.internal("not an SQLError: \(error)")
        }
    }
}

/// The MSK guide's statements with the placeholders filled in, exactly as the guide writes them otherwise.
enum SeedGuide {
    static let privateLink = """
        CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
            SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc',
            AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
        );
        """

    static let principalQuery = """
        SELECT principal
            FROM mz_aws_privatelink_connections plc
            JOIN mz_connections c ON plc.id = c.id
            WHERE c.name = 'privatelink_svc';
        """

    static let kafka = """
        CREATE CONNECTION kafka_connection TO KAFKA (
            BROKERS (
                'b-1.hostname-1:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9001),
                'b-2.hostname-2:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9002),
                'b-3.hostname-3:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9003)
            ),
            -- Authentication details
            -- Depending on the authentication method your MSK cluster is using
            SASL MECHANISMS = 'SCRAM-SHA-512',
            SASL USERNAME = SECRET msk_sasl_username,
            SASL PASSWORD = SECRET msk_sasl_password
        );
        """

    static let secrets = """
        CREATE SECRET msk_sasl_username AS 'inlet-user';
        CREATE SECRET msk_sasl_password AS 'correct horse battery staple';
        """
}

/// A validator that records what it saw and accepts (or refuses with a message).
final class RecordingValidator: ConnectionValidator, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [ResolvedConnection] = []
    let refusal: String?

    init(refusal: String? = nil) { self.refusal = refusal }

    func validate(_ connection: ResolvedConnection) async throws {
        lock.withLock { seen.append(connection) }
        if let refusal { throw SQLError.connectionFailure(refusal) }
    }

    var validated: [ResolvedConnection] { lock.withLock { seen } }
}
