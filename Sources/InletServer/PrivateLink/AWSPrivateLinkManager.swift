import AWS
import Crypto
import Foundation
import Logging
import SQL
import ServiceLifecycle

/// Where the server makes PrivateLink interface endpoints: `--aws-region`, `--aws-vpc-id`, `--aws-subnet-ids`,
/// `--aws-security-group-ids` and, for tests and private API endpoints, `--aws-endpoint-url`.
public struct AWSPrivateLinkSettings: Sendable, Equatable {
    public var region: String
    public var vpcID: String
    public var subnetIDs: [String]
    public var securityGroupIDs: [String]
    public var endpointURL: String?

    public init(region: String, vpcID: String, subnetIDs: [String], securityGroupIDs: [String], endpointURL: String?) {
        self.region = region
        self.vpcID = vpcID
        self.subnetIDs = subnetIDs
        self.securityGroupIDs = securityGroupIDs
        self.endpointURL = endpointURL
    }
}

/// The PrivateLink endpoint lifecycle: for every AWS PRIVATELINK connection in the catalog, an interface endpoint
/// in the configured VPC, found again after a restart, polled until it settles, deleted with the connection.
///
/// `sync` (called after DDL and at start) says which connections exist; `run` does the AWS work, one child task
/// per connection, and stops with the server. Each state is reported through `record` (the catalog's status
/// history) and each available endpoint's DNS names are published to `endpoints` for the router.
public actor AWSPrivateLinkManager: Service {
    /// A connection as the manager knows it: `id` is its principal (`arn:aws:iam::ACCOUNT:role/PREFIX_ID`), which
    /// tells one server's connection from another's in a shared VPC, unlike the catalog's own ids.
    public typealias Connection = (id: String, name: String, definition: PrivateLinkConnectionDefinition)

    enum Command: Sendable {
        case bringUp(id: String, name: String, definition: PrivateLinkConnectionDefinition)
        case tearDown(id: String, name: String)
    }

    /// The tag that names the Inlet connection an endpoint belongs to, by its principal (which a rename does not
    /// change and another server's catalog does not share).
    public static let connectionTag = "inlet:principal"

    /// A CreateVpcEndpoint client token for the connection (at most 64 ASCII characters, as EC2 asks).
    static func clientToken(for id: String) -> String {
        "inlet-" + SHA256.hash(data: Array(id.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    public nonisolated let endpoints: AWSPrivateLinkEndpoints
    let ec2: EC2Client
    let settings: AWSPrivateLinkSettings
    let record: @Sendable (_ connection: String, _ status: String) async -> Void
    let pollBackoff: AWSRetryPolicy
    /// How often a settled endpoint (available, rejected, expired) is looked at again.
    let watchInterval: Duration
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger
    private var tracked: [String: String] = [:]  // connection id → name
    private var lastReported: [String: String] = [:]  // connection id → status
    private let commands: AsyncStream<Command>
    private let commandSink: AsyncStream<Command>.Continuation

    public init(
        settings: AWSPrivateLinkSettings,
        ec2: EC2Client,
        endpoints: AWSPrivateLinkEndpoints,
        pollBackoff: AWSRetryPolicy = AWSRetryPolicy(maxAttempts: .max, baseDelay: .seconds(1), maxDelay: .seconds(30)),
        watchInterval: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "inlet.privatelink"),
        record: @escaping @Sendable (_ connection: String, _ status: String) async -> Void
    ) {
        self.settings = settings
        self.ec2 = ec2
        self.endpoints = endpoints
        self.pollBackoff = pollBackoff
        self.watchInterval = watchInterval
        self.sleep = sleep
        self.logger = logger
        self.record = record
        (commands, commandSink) = AsyncStream.makeStream(of: Command.self)
    }

    /// Brings the tracked set in step with the catalog's AWS PRIVATELINK connections: new ones get an endpoint,
    /// vanished ones lose theirs.
    public func sync(_ connections: [Connection]) {
        let current = Dictionary(connections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, name) in tracked where current[id] == nil {
            tracked[id] = nil
            commandSink.yield(.tearDown(id: id, name: name))
        }
        for (id, connection) in current where tracked[id] == nil {
            tracked[id] = connection.name
            commandSink.yield(.bringUp(id: id, name: connection.name, definition: connection.definition))
        }
    }

    private func isTracked(_ id: String) -> Bool { tracked[id] != nil }

    /// Records the standing's status unless it is the last one recorded for the connection, and tells the
    /// endpoint table where the connection stands (for the advice the router and VALIDATE CONNECTION give).
    private func report(_ standing: PrivateLinkStanding, id: String, name: String) async {
        endpoints.note(connection: name, standing)
        guard lastReported[id] != standing.status else { return }
        lastReported[id] = standing.status
        await record(name, standing.status)
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await command in commands.cancelOnGracefulShutdown() {
                switch command {
                case .bringUp(let id, let name, let definition):
                    group.addTask { await self.bringUp(id: id, name: name, definition: definition) }
                case .tearDown(let id, let name):
                    group.addTask { await self.tearDown(id: id, name: name) }
                }
            }
            group.cancelAll()
        }
    }

    /// Describe the service, find or create the endpoint, then watch it while the connection exists (a new one is
    /// requested when the endpoint is deleted behind Inlet's back).
    func bringUp(id: String, name: String, definition: PrivateLinkConnectionDefinition) async {
        let identity = EC2Tag(key: Self.connectionTag, value: id)
        var standing = PrivateLinkStanding(
            status: PrivateLinkEndpointStatus.pendingServiceDiscovery, serviceName: definition.serviceName,
            serviceID: nil, endpointID: nil, principal: id)
        var attempt = 0
        while !Task.isCancelled, isTracked(id) {
            attempt += 1
            do {
                let services = try await ec2.describeVpcEndpointServices(serviceNames: [definition.serviceName])
                guard let service = services.first else {
                    standing.status = PrivateLinkEndpointStatus.pendingServiceDiscovery
                    await report(standing, id: id, name: name)
                    try await sleep(pollBackoff.delay(afterAttempt: attempt, unitRandom: 1))
                    continue
                }
                standing.serviceID = service.serviceID
                guard let subnetIDs = try await subnets(for: definition, connection: name) else {
                    standing.status = PrivateLinkEndpointStatus.failed
                    await report(standing, id: id, name: name)
                    return
                }
                let request = EC2Client.InterfaceEndpointRequest(
                    vpcID: settings.vpcID, serviceName: definition.serviceName, subnetIDs: subnetIDs,
                    securityGroupIDs: settings.securityGroupIDs, clientToken: Self.clientToken(for: id),
                    tags: [identity, EC2Tag(key: "inlet:connection", value: name)])
                let (endpoint, created) = try await ec2.findOrCreateInterfaceEndpoint(request, identifiedBy: identity)
                guard isTracked(id) else {
                    // Dropped while the endpoint was being made: it goes too.
                    if created { _ = try? await ec2.deleteVpcEndpoints(ids: [endpoint.id]) }
                    return
                }
                standing.endpointID = endpoint.id
                if created {
                    standing.status = PrivateLinkEndpointStatus.creatingEndpoint
                    await report(standing, id: id, name: name)
                }
                guard try await watch(endpointID: endpoint.id, standing: &standing, connectionID: id, name: name)
                else { return }
                // The endpoint was deleted outside Inlet: request a new one.
                logger.warning(
                    "PrivateLink endpoint was deleted outside Inlet; requesting a new one",
                    metadata: ["connection": "\(name)", "endpoint": "\(endpoint.id)"])
                standing.endpointID = nil
                attempt = 0
            } catch let error as AWSError where error.awsCode == "InvalidServiceName" {
                // The service does not (yet) allow this account's principal, or does not exist.
                standing.status = PrivateLinkEndpointStatus.pendingServiceDiscovery
                await report(standing, id: id, name: name)
                logger.info("PrivateLink service not visible yet", metadata: ["connection": "\(name)"])
                try? await sleep(pollBackoff.delay(afterAttempt: attempt, unitRandom: 1))
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "PrivateLink endpoint step failed; trying again",
                    metadata: ["connection": "\(name)", "error": "\(error)"])
                try? await sleep(pollBackoff.delay(afterAttempt: attempt, unitRandom: 1))
            }
        }
    }

    /// One configured subnet per availability zone id the connection lists (every configured subnet when it
    /// lists none); nil, after logging the fix, when a listed zone has no configured subnet.
    private func subnets(for definition: PrivateLinkConnectionDefinition, connection name: String) async throws
        -> [String]?
    {
        guard !definition.availabilityZones.isEmpty else { return settings.subnetIDs }
        let known = try await ec2.describeSubnets(ids: settings.subnetIDs)
        var chosen: [String] = []
        var missing: [String] = []
        for zone in definition.availabilityZones {
            if let subnet = known.first(where: { $0.availabilityZoneID == zone }) {
                chosen.append(subnet.id)
            } else {
                missing.append(zone)
            }
        }
        guard missing.isEmpty else {
            logger.error(
                "no configured subnet in the connection's availability zones; add a subnet of each to --aws-subnet-ids",
                metadata: [
                    "connection": "\(name)", "zones": "\(missing.joined(separator: ", "))",
                    "subnets": "\(known.map { "\($0.id) (\($0.availabilityZoneID ?? "?"))" }.joined(separator: ", "))",
                ])
            return nil
        }
        return chosen
    }

    /// Polls the endpoint with backoff until it settles, then every `watchInterval` while the connection exists,
    /// so a later acceptance, rejection, expiry or deletion reaches the history and the router. Returns true when
    /// the endpoint is gone (deleted outside Inlet) and a new one should be requested; false when watching ends.
    private func watch(
        endpointID: String, standing: inout PrivateLinkStanding, connectionID id: String, name: String
    ) async throws -> Bool {
        var attempt = 0
        while !Task.isCancelled, isTracked(id) {
            attempt += 1
            let endpoint = try await ec2.describeVpcEndpoints(ids: [endpointID]).first
            let status =
                endpoint.map { PrivateLinkEndpointStatus.status(ofEndpointState: $0.state) }
                ?? PrivateLinkEndpointStatus.deleted
            if let endpoint, status == PrivateLinkEndpointStatus.available {
                try await publish(endpoint, connection: name)
            } else {
                endpoints.withdraw(connection: name)
            }
            guard isTracked(id) else { return false }
            if status != standing.status { attempt = 1 }
            standing.status = status
            await report(standing, id: id, name: name)
            switch status {
            case PrivateLinkEndpointStatus.deleted, "deleting": return true
            case PrivateLinkEndpointStatus.failed: return false
            default: break
            }
            let delay =
                PrivateLinkEndpointStatus.isSettled(status)
                ? watchInterval : pollBackoff.delay(afterAttempt: attempt, unitRandom: 1)
            try await sleep(delay)
        }
        return false
    }

    /// The endpoint's first DNS entry is its regional name; zonal entries carry the zone's name
    /// (`vpce-…-us-east-1a.vpce-svc-…`), mapped to zone ids with DescribeAvailabilityZones.
    private func publish(_ endpoint: VpcEndpoint, connection: String) async throws {
        let names = endpoint.dnsEntries.compactMap(\.dnsName)
        guard let regional = names.first else { return }
        var zonal: [String: String] = [:]
        if names.count > 1 {
            for zone in try await ec2.describeAvailabilityZones() {
                if let host = names.dropFirst().first(where: { $0.contains("-\(zone.name).") }) {
                    zonal[zone.id] = host
                }
            }
        }
        endpoints.publish(connection: connection, regional: regional, zonal: zonal)
    }

    /// Deletes every endpoint tagged for the connection, then reports `deleted`.
    func tearDown(id: String, name: String) async {
        endpoints.withdraw(connection: name)
        endpoints.note(connection: name, nil)
        lastReported[id] = nil
        do {
            let found = try await ec2.describeVpcEndpoints(filters: [.tag(Self.connectionTag, id)])
            let live = found.filter { !EC2Client.goneStates.contains($0.state.lowercased()) }.map(\.id)
            let failed = live.isEmpty ? [] : try await ec2.deleteVpcEndpoints(ids: live)
            for item in failed {
                logger.error(
                    "cannot delete the PrivateLink endpoint of a dropped connection",
                    metadata: [
                        "connection": "\(name)", "endpoint": "\(item.resourceID ?? "?")",
                        "error": "\(item.code ?? ""): \(item.message ?? "")",
                    ])
            }
            if failed.isEmpty { await record(name, PrivateLinkEndpointStatus.deleted) }
        } catch {
            logger.error(
                "cannot delete the PrivateLink endpoint of a dropped connection; delete it by hand",
                metadata: ["connection": "\(name)", "tag": "\(Self.connectionTag)=\(id)", "error": "\(error)"])
        }
    }
}
