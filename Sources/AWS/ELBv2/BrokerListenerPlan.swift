/// One TCP listener and one IP target group per Kafka broker on a network load balancer, the listener's port
/// derived from the broker's node id (`listenerBase + id`), so ports never shift as brokers come and go.
///
/// A load balancer cannot speak Kafka: a client that reached broker 1 through a listener meant for broker 2 would
/// be told NOT_LEADER. One listener per broker, each forwarding to exactly that broker's address, lets the
/// client's route table (`PORT n` per broker) send each broker's connections to its own listener.
public struct BrokerListenerPlan: Sendable, Hashable {
    /// A broker as metadata advertises it, with the IP address the load balancer's target must use.
    public struct Broker: Sendable, Hashable {
        public var nodeID: Int
        public var host: String
        public var port: Int
        /// The IPv4 address of the broker inside the VPC (an NLB `ip` target needs an address, not a name).
        public var targetIP: String
        /// The availability zone id (`use1-az1`) of the broker, when known, for the SQL statement's routes.
        public var availabilityZone: String?

        public init(nodeID: Int, host: String, port: Int, targetIP: String, availabilityZone: String? = nil) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.targetIP = targetIP
            self.availabilityZone = availabilityZone
        }

        /// `host:port` as metadata advertises it.
        public var advertised: String { "\(host):\(port)" }
        /// `IP:PORT`, where the target group sends the listener's connections.
        public var target: String { "\(targetIP):\(port)" }
    }

    /// What the load balancer needs for one broker.
    public struct Entry: Sendable, Hashable {
        public var broker: Broker
        /// The listener's port on the load balancer: `listenerBase + nodeID`.
        public var listenerPort: Int
        /// The target group's name (`PREFIX-broker-ID`; AWS allows 32 characters, letters, digits and hyphens).
        public var targetGroupName: String
    }

    /// 9000: MSK's brokers 1, 2, 3 get the seed guide's ports 9001, 9002, 9003, clear of the brokers' own 9092–9098.
    public static let defaultListenerBase = 9000
    /// Target groups are `inlet-broker-ID` unless a prefix is chosen.
    public static let defaultNamePrefix = "inlet"

    public var listenerBase: Int
    /// One entry per broker, by node id.
    public var entries: [Entry]

    /// Why `namePrefix` cannot make target group names for node ids up to `maxNodeID`, nil when it can.
    public static func namePrefixProblem(_ namePrefix: String, maxNodeID: Int = 9999) -> String? {
        let name = "\(namePrefix)-broker-\(maxNodeID)"
        guard !namePrefix.isEmpty, name.count <= 32, !name.hasPrefix("-"), !namePrefix.hasPrefix("internal-"),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            return "target group name '\(name)' is not valid (AWS allows up to 32 letters, digits and hyphens, "
                + "not starting with a hyphen or 'internal-')"
        }
        return nil
    }

    /// The plan for `brokers`; throws when a port would leave 1…65535 or a target group name would be invalid.
    public init(brokers: [Broker], listenerBase: Int, namePrefix: String) throws {
        self.listenerBase = listenerBase
        var entries: [Entry] = []
        for broker in brokers.sorted(by: { $0.nodeID < $1.nodeID }) {
            let port = listenerBase + broker.nodeID
            guard (1...65535).contains(port), broker.nodeID >= 0 else {
                throw AWSError.configuration(
                    "broker \(broker.nodeID) (\(broker.advertised)) would get listener port \(port), outside "
                        + "1–65535; choose a --listener-base between 0 and \(65535 - broker.nodeID)")
            }
            let name = "\(namePrefix)-broker-\(broker.nodeID)"
            if let problem = Self.namePrefixProblem(namePrefix, maxNodeID: broker.nodeID) {
                throw AWSError.configuration("\(problem); choose a shorter --name-prefix")
            }
            entries.append(Entry(broker: broker, listenerPort: port, targetGroupName: name))
        }
        self.entries = entries
    }

    /// The entry of broker `nodeID`.
    public func entry(nodeID: Int) -> Entry? { entries.first { $0.broker.nodeID == nodeID } }

    /// The node id a listener port stands for, when it lies above the base.
    public func nodeID(ofListenerPort port: Int) -> Int? { port > listenerBase ? port - listenerBase : nil }
}
