import AWS
import Foundation

extension ServerConfiguration {
    /// Reads a JSON configuration file on top of the defaults; see docs/configuration.md for the format.
    ///
    /// Relative paths in the file (data directory, TLS files) are resolved against the file's directory.
    public static func load(file path: String) throws -> ServerConfiguration {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError("cannot read configuration file \(path): \(error.localizedDescription)")
        }
        return try parse(json: data, source: path, baseDirectory: url.deletingLastPathComponent().path)
    }

    /// Parses the JSON configuration format; `source` names the file in error messages.
    public static func parse(json data: Data, source: String = "configuration", baseDirectory: String? = nil) throws
        -> ServerConfiguration
    {
        let file: FileFormat
        do {
            file = try JSONDecoder().decode(FileFormat.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ConfigurationError("\(source): missing key '\(key.stringValue)' at \(Self.path(context))")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ConfigurationError(
                "\(source): wrong value type at \(Self.path(context)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigurationError("\(source): not valid JSON at \(Self.path(context)): \(context.debugDescription)")
        } catch {
            throw ConfigurationError("\(source): \(error)")
        }
        func resolve(_ path: String) -> String {
            guard let baseDirectory, !path.hasPrefix("/") else { return path }
            return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
        }

        var configuration = ServerConfiguration()
        if let listen = file.listen { configuration.listen = try ListenAddress(parsing: listen) }
        if let dataDir = file.data_dir { configuration.dataDirectory = resolve(dataDir) }
        if let storage = file.storage { configuration.storage = try ServerConfiguration.storageURL(storage) }
        if let allow = file.allow_unauthenticated_remote { configuration.allowsUnauthenticatedRemote = allow }
        for user in file.users ?? [] {
            guard (user.password == nil) != (user.scram_verifier == nil) else {
                throw ConfigurationError(
                    "\(source): user '\(user.name)' needs exactly one of 'password' or 'scram_verifier'")
            }
            configuration.users.append(
                UserCredential(name: user.name, password: user.password, scramVerifier: user.scram_verifier))
        }
        if let tls = file.tls {
            configuration.tls = TLSFiles(certificatePath: resolve(tls.certificate), keyPath: resolve(tls.key))
        }
        if let aws = file.aws {
            if let account = aws.account_id { configuration.aws.accountID = account }
            if let prefix = aws.role_prefix { configuration.aws.rolePrefix = prefix }
            if let base = aws.listener_base { configuration.aws.listenerBase = base }
            if let prefix = aws.target_group_prefix { configuration.aws.targetGroupPrefix = prefix }
        }
        for endpoint in file.privatelink_endpoints ?? [] {
            configuration.privateLinkEndpoints.append(
                PrivateLinkEndpoint(
                    serviceName: endpoint.service_name, availabilityZone: endpoint.availability_zone,
                    host: endpoint.host))
        }
        try configuration.validate()
        return configuration
    }

    /// Checks what can be checked without touching the network or the disk.
    public func validate() throws {
        if !aws.accountID.allSatisfy(\.isNumber) || aws.accountID.count != 12 {
            throw ConfigurationError("AWS account id '\(aws.accountID)' must be 12 digits")
        }
        if !(0...65534).contains(aws.listenerBase) {
            throw ConfigurationError(
                "AWS listener base \(aws.listenerBase) is outside 0–65534 (broker N's listener is base + N); "
                    + "choose one such as 9000 (aws.listener_base, --aws-listener-base)")
        }
        if let problem = BrokerListenerPlan.namePrefixProblem(aws.targetGroupPrefix) {
            throw ConfigurationError(
                "AWS target group prefix '\(aws.targetGroupPrefix)': \(problem); choose a shorter one "
                    + "(aws.target_group_prefix, --aws-target-group-prefix)")
        }
        var seen = Set<String>()
        for user in users where !seen.insert(user.name).inserted {
            throw ConfigurationError("user '\(user.name)' is configured twice; keep one entry")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "top level" : path
    }

    // The file's shape, with the JSON keys spelled as users write them.
    private struct FileFormat: Decodable {
        struct User: Decodable {
            var name: String
            var password: String?
            var scram_verifier: String?
        }
        struct TLS: Decodable {
            var certificate: String
            var key: String
        }
        struct AWS: Decodable {
            var account_id: String?
            var role_prefix: String?
            var listener_base: Int?
            var target_group_prefix: String?
        }
        struct Endpoint: Decodable {
            var service_name: String
            var availability_zone: String?
            var host: String
        }
        var listen: String?
        var data_dir: String?
        var storage: String?
        var users: [User]?
        var tls: TLS?
        var aws: AWS?
        var privatelink_endpoints: [Endpoint]?
        var allow_unauthenticated_remote: Bool?
    }
}
