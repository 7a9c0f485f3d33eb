import AWS
import Catalog
import Foundation
import PostgreSQLStorage
import Routing

/// Everything `inlet serve` needs to run: where to listen, where the data lives, who may log in, TLS, and the
/// AWS settings the catalog uses for PrivateLink connections.
///
/// Defaults make a fresh `inlet serve` work with no file and no flags; a JSON file (see docs/configuration.md)
/// and then command line flags override them, so scripts need no file at all.
public struct ServerConfiguration: Sendable, Equatable {
    /// The PostgreSQL protocol listener, `127.0.0.1:6875` unless configured.
    public var listen: ListenAddress
    /// The directory holding the SQLite catalog, the secret key file and source data.
    public var dataDirectory: String
    /// Users allowed to log in with SCRAM-SHA-256. Empty means trust: any user name is accepted.
    public var users: [UserCredential]
    /// TLS for client connections; nil answers SSLRequest with 'N'.
    public var tls: TLSFiles?
    /// The AWS account and role prefix that make up PrivateLink principals.
    public var aws: AWSSettings
    /// The static PrivateLink endpoint table: endpoint service name (optionally per AZ) to the endpoint's DNS name.
    public var privateLinkEndpoints: [PrivateLinkEndpoint]
    /// How long a client may take from connecting to finishing authentication (PostgreSQL's
    /// `authentication_timeout`), so half-open connections do not pile up.
    public var authenticationTimeout: Duration = .seconds(60)
    /// Whether a listen address other than loopback may go without authentication (no users: every client is
    /// trusted). Off by default, so a server is never opened to the network by accident.
    public var allowsUnauthenticatedRemote = false
    /// Where source relations, offsets and errors live: nil for the embedded SQLite files in the data directory, or
    /// a PostgreSQL database (`--storage postgresql://user@host:port/db`; docs/scale.md).
    public var storage: PostgreSQLStorageURL?

    public init(
        listen: ListenAddress = .default,
        dataDirectory: String = ServerConfiguration.defaultDataDirectory,
        users: [UserCredential] = [],
        tls: TLSFiles? = nil,
        aws: AWSSettings = AWSSettings(),
        privateLinkEndpoints: [PrivateLinkEndpoint] = []
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.users = users
        self.tls = tls
        self.aws = aws
        self.privateLinkEndpoints = privateLinkEndpoints
    }

    public static let defaultDataDirectory = "./inlet-data"

    /// Whether clients log in without a password (no users are configured).
    public var trustsEveryClient: Bool { users.isEmpty }

    /// Refuses to trust every client on an address other clients can reach, unless that is asked for explicitly.
    public func validateExposure() throws {
        guard trustsEveryClient, !listen.isLoopback, !allowsUnauthenticatedRemote else { return }
        throw ConfigurationError(
            "refusing to listen on \(listen) without authentication: every client that reaches it could log in "
                + "as any user and read every relation; configure users (\"users\" in the --config file, see "
                + "docs/configuration.md) so clients log in with SCRAM-SHA-256, listen on loopback "
                + "(--listen 127.0.0.1:PORT), or pass --allow-unauthenticated-remote if the network in front of the "
                + "server is trusted")
    }

    /// The static PrivateLink endpoint table as the router looks endpoints up (AZ-specific name first, then
    /// the service's zone-independent one).
    public var privateLinkEndpointProvider: StaticPrivateLinkEndpoints {
        var provider = StaticPrivateLinkEndpoints()
        for endpoint in privateLinkEndpoints {
            provider.add(
                serviceName: endpoint.serviceName, availabilityZone: endpoint.availabilityZone, host: endpoint.host)
        }
        return provider
    }
}

/// A host and port to listen on, written `HOST:PORT` (`[::1]:6875` for IPv6).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public static let `default` = ListenAddress(host: "127.0.0.1", port: 6875)

    /// Parses `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (loopback).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":") else {
            throw ConfigurationError("listen address '\(text)' has no port; write it as HOST:PORT, e.g. 127.0.0.1:6875")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError("listen address '\(text)' has an invalid port '\(portText)'; use 0-65535")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether only this machine can connect: `localhost`, an address in 127.0.0.0/8, or `::1` (also as an
    /// IPv4-mapped loopback address). Any other name or address (including 0.0.0.0 and ::) counts as reachable.
    public var isLoopback: Bool {
        let name = host.lowercased()
        if name == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, name, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, name, &ipv6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        return Array(bytes[0..<12]) == mappedPrefix && bytes[12] == 127
    }
}

/// A user who logs in with SCRAM-SHA-256: either a password, or a stored verifier in PostgreSQL's
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` form so the file need not hold the password.
public struct UserCredential: Sendable, Equatable {
    public var name: String
    public var password: String?
    public var scramVerifier: String?

    public init(name: String, password: String? = nil, scramVerifier: String? = nil) {
        self.name = name
        self.password = password
        self.scramVerifier = scramVerifier
    }
}

/// PEM files for the server's TLS certificate chain and private key.
public struct TLSFiles: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}

/// The AWS identity behind PrivateLink principals: `arn:aws:iam::<accountID>:role/<rolePrefix>_<connection id>`,
/// and the names VALIDATE CONNECTION's load balancer check expects (`inlet privatelink plan`'s).
public struct AWSSettings: Sendable, Equatable {
    public var accountID: String
    public var rolePrefix: String
    /// Broker N's listener is at `listenerBase + N` (`--aws-listener-base`, `plan --listener-base`).
    public var listenerBase: Int
    /// Target groups are `PREFIX-broker-ID` (`--aws-target-group-prefix`, `plan --name-prefix`).
    public var targetGroupPrefix: String

    /// The documented placeholder account (`000000000000`), used until one is configured; the catalog's default.
    public static let defaultAccountID = CatalogConfiguration.defaultAWSAccountID
    public static let defaultRolePrefix = CatalogConfiguration.defaultRolePrefix

    public init(
        accountID: String = AWSSettings.defaultAccountID, rolePrefix: String = AWSSettings.defaultRolePrefix,
        listenerBase: Int = BrokerListenerPlan.defaultListenerBase,
        targetGroupPrefix: String = BrokerListenerPlan.defaultNamePrefix
    ) {
        self.accountID = accountID
        self.rolePrefix = rolePrefix
        self.listenerBase = listenerBase
        self.targetGroupPrefix = targetGroupPrefix
    }

    /// The IAM principal an endpoint service must allow for the connection with catalog id `connectionID`.
    public func principal(connectionID: String) -> String {
        "arn:aws:iam::\(accountID):role/\(rolePrefix)_\(connectionID)"
    }
}

/// One row of the static PrivateLink endpoint table.
public struct PrivateLinkEndpoint: Sendable, Equatable {
    /// The endpoint service name, e.g. `com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0`.
    public var serviceName: String
    /// An availability zone id such as `use1-az1`, or nil for the endpoint's zone-independent DNS name.
    public var availabilityZone: String?
    /// The endpoint DNS name (or address) that connections go to.
    public var host: String

    public init(serviceName: String, availabilityZone: String? = nil, host: String) {
        self.serviceName = serviceName
        self.availabilityZone = availabilityZone
        self.host = host
    }

    /// Parses the flag form `SERVICE_NAME=HOST` or `SERVICE_NAME@AZ_ID=HOST`.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigurationError(
                "PrivateLink endpoint '\(text)' has no '='; write SERVICE_NAME=HOST or SERVICE_NAME@AZ_ID=HOST")
        }
        let key = text[..<equals]
        let host = String(text[text.index(after: equals)...])
        var service = String(key)
        var zone: String?
        if let at = key.lastIndex(of: "@") {
            service = String(key[..<at])
            zone = String(key[key.index(after: at)...])
            if zone!.isEmpty {
                throw ConfigurationError("PrivateLink endpoint '\(text)' has an empty availability zone after '@'")
            }
        }
        guard !service.isEmpty, !host.isEmpty else {
            throw ConfigurationError(
                "PrivateLink endpoint '\(text)' needs both a service name and a host: SERVICE_NAME[@AZ_ID]=HOST")
        }
        self.init(serviceName: service, availabilityZone: zone, host: host)
    }
}

/// A configuration problem, with what to change.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
