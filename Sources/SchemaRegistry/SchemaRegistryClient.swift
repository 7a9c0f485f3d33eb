import Foundation
import KafkaClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A client of the Confluent Schema Registry's REST API, as far as reading sources needs it: a schema by its id
/// (cached: ids never change their schema), the latest version of a subject, and the list of subjects (for
/// `VALIDATE CONNECTION`).
///
/// Requests go through the configuration's dialer, so they take the same routes as broker connections.
public final class SchemaRegistryClient: Sendable {
    public let configuration: SchemaRegistryConfiguration
    private let sslContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let schemasByID = NIOLockedValueBox<[Int32: RegisteredSchema]>([:])

    public init(
        configuration: SchemaRegistryConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(SchemaRegistryError) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        if configuration.usesTLS {
            do {
                sslContext = try (configuration.tls ?? KafkaTLSConfiguration()).makeContext()
            } catch {
                throw SchemaRegistryError(
                    .configuration,
                    "cannot set up TLS for the schema registry at \(configuration.url): \(HTTPExchange.reason(error))",
                    underlying: error)
            }
        } else {
            sslContext = nil
        }
    }

    /// `GET /schemas/ids/{id}`, answered from the cache after the first time.
    public func schema(id: Int32) async throws(SchemaRegistryError) -> RegisteredSchema {
        if let cached = schemasByID.withLockedValue({ $0[id] }) { return cached }
        let object = try await getObject("/schemas/ids/\(id)", what: "schema id \(id)")
        guard let text = object["schema"] as? String else {
            throw invalid("/schemas/ids/\(id)", "has no \"schema\" string")
        }
        let schema = RegisteredSchema(id: id, schemaType: object["schemaType"] as? String ?? "AVRO", schema: text)
        schemasByID.withLockedValue { $0[id] = schema }
        return schema
    }

    /// `GET /subjects/{subject}/versions/latest`.
    public func latest(subject: String) async throws(SchemaRegistryError) -> RegisteredSchema {
        let path = "/subjects/\(Self.escape(subject))/versions/latest"
        let object = try await getObject(path, what: "subject \(subject)")
        guard let text = object["schema"] as? String, let id = (object["id"] as? NSNumber)?.int32Value else {
            throw invalid(path, "has no \"schema\" string and \"id\" number")
        }
        let schema = RegisteredSchema(
            id: id, schemaType: object["schemaType"] as? String ?? "AVRO", schema: text,
            subject: object["subject"] as? String ?? subject, version: (object["version"] as? NSNumber)?.intValue)
        schemasByID.withLockedValue { $0[id] = RegisteredSchema(id: id, schemaType: schema.schemaType, schema: text) }
        return schema
    }

    /// `GET /subjects`: the registry's subjects; a cheap request that proves the URL, TLS and credentials.
    public func subjects() async throws(SchemaRegistryError) -> [String] {
        let body = try await get("/subjects", what: "the subject list")
        guard let list = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String] else {
            throw invalid("/subjects", "is not a JSON list of subject names")
        }
        return list
    }

    func getObject(_ path: String, what: String) async throws(SchemaRegistryError) -> [String: Any] {
        let body = try await get(path, what: what)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw invalid(path, "is not a JSON object")
        }
        return object
    }

    /// The body of a 2xx answer; other answers become errors that say what to do.
    private func get(_ path: String, what: String) async throws(SchemaRegistryError) -> [UInt8] {
        let exchange = HTTPExchange(configuration: configuration, sslContext: sslContext)
        let response = try await exchange.get(path, on: eventLoopGroup.next())
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return response.body }
        let detail = Self.errorBody(response.body)
        let said = detail.message.map { ": \($0)" } ?? ""
        let url = configuration.url + path
        switch status {
        case 401, 403:
            let credentials =
                configuration.username == nil
                ? "it needs credentials; add USERNAME and PASSWORD = SECRET name to the connection"
                : "check USERNAME and the PASSWORD secret (ALTER SECRET …)"
            throw SchemaRegistryError(
                .unauthorized,
                "the schema registry at \(configuration.url) refused GET \(path) with \(status) \(response.status.reasonPhrase)\(said); \(credentials)",
                status: status, registryErrorCode: detail.code)
        case 404:
            throw SchemaRegistryError(
                .notFound, "the schema registry at \(configuration.url) has no \(what) (404\(said))", status: status,
                registryErrorCode: detail.code)
        default:
            throw SchemaRegistryError(
                .server, "GET \(url) answered \(status) \(response.status.reasonPhrase)\(said)", status: status,
                registryErrorCode: detail.code)
        }
    }

    func invalid(_ path: String, _ problem: String) -> SchemaRegistryError {
        SchemaRegistryError(
            .invalidResponse,
            "the answer of \(configuration.url + path) \(problem); is the URL a Confluent-compatible schema registry?")
    }

    /// The registry's error body: `{"error_code": 40403, "message": "Schema not found"}`.
    static func errorBody(_ body: [UInt8]) -> (code: Int?, message: String?) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return (nil, nil)
        }
        return ((object["error_code"] as? NSNumber)?.intValue, object["message"] as? String)
    }

    /// Percent-escapes a subject for a path segment.
    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
