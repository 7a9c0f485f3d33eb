/// `CREATE CONNECTION [IF NOT EXISTS] name TO type (options) [WITH (VALIDATE = bool)]`.
public struct CreateConnection: Hashable, Sendable {
    public var name: String
    public var ifNotExists: Bool
    public var type: ConnectionType
    public var options: [ConnectionOption]
    /// `WITH (VALIDATE = …)`; nil when not written (the default depends on the type).
    public var validate: Bool?

    public init(name: String, ifNotExists: Bool, type: ConnectionType, options: [ConnectionOption], validate: Bool?) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.type = type
        self.options = options
        self.validate = validate
    }
}

/// The kinds of connection Inlet knows, named as in `mz_connections.type`.
public enum ConnectionType: String, Hashable, Sendable, Codable, CaseIterable {
    case awsPrivateLink = "aws-privatelink"
    case sshTunnel = "ssh-tunnel"
    case kafka = "kafka"
    case confluentSchemaRegistry = "confluent-schema-registry"
    case aws = "aws"

    /// How the type is written after `TO`.
    public var sqlName: String {
        switch self {
        case .awsPrivateLink: return "AWS PRIVATELINK"
        case .sshTunnel: return "SSH TUNNEL"
        case .kafka: return "KAFKA"
        case .confluentSchemaRegistry: return "CONFLUENT SCHEMA REGISTRY"
        case .aws: return "AWS"
        }
    }

    /// Whether `CREATE CONNECTION` validates by default (Materialize validates Kafka and schema registry
    /// connections).
    public var validatesByDefault: Bool { self == .kafka || self == .confluentSchemaRegistry }
}

/// `ALTER CONNECTION name …`.
public enum AlterConnectionAction: Hashable, Sendable {
    case rotateKeys
    /// `SET (option = value, …)`: replaces or adds options.
    case set([ConnectionOption], validate: Bool?)
    /// `DROP (option, …)`: removes options.
    case drop([String], validate: Bool?)
}

/// One option of a connection, as written: its canonical upper-case name (`SASL PASSWORD`) and its value.
public struct ConnectionOption: Hashable, Sendable, Codable {
    public var name: String
    public var value: OptionValue
    /// The 1-based position of the option's name in the statement, for errors; not stored.
    public var position: Int?

    public init(name: String, value: OptionValue, position: Int? = nil) {
        self.name = name
        self.value = value
        self.position = position
    }

    private enum CodingKeys: String, CodingKey { case name, value }

    public static func == (lhs: ConnectionOption, rhs: ConnectionOption) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
    }
}

/// The value of a connection option.
public indirect enum OptionValue: Hashable, Sendable, Codable {
    case string(String)
    case number(String)
    case boolean(Bool)
    /// A bare word, e.g. `SECURITY PROTOCOL SASL_SSL`.
    case word(String)
    /// `SECRET name`.
    case secret(String)
    /// `( value, … )`.
    case list([OptionValue])
    /// `name [(option, …)]`, e.g. `AWS PRIVATELINK pl (PORT 9001)` or `SSH TUNNEL t`.
    case object(String, [ConnectionOption])
    /// `BROKERS ( … )`.
    case brokers([BrokerEntry])

    /// How the value is described in errors (never the content of a string).
    public var kindDescription: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .word: return "a word"
        case .secret: return "a secret reference"
        case .list: return "a list"
        case .object: return "an object name"
        case .brokers: return "a broker list"
        }
    }
}

/// One entry of `BROKERS (…)`: a broker address or a `MATCHING` pattern, with how to reach it.
public struct BrokerEntry: Hashable, Sendable, Codable {
    /// `'host:port'`, or the pattern of a `MATCHING` rule.
    public var address: String
    public var isPattern: Bool
    public var via: BrokerVia?
    public var position: Int?

    public init(address: String, isPattern: Bool = false, via: BrokerVia?, position: Int? = nil) {
        self.address = address
        self.isPattern = isPattern
        self.via = via
        self.position = position
    }

    private enum CodingKeys: String, CodingKey { case address, isPattern, via }

    public static func == (lhs: BrokerEntry, rhs: BrokerEntry) -> Bool {
        lhs.address == rhs.address && lhs.isPattern == rhs.isPattern && lhs.via == rhs.via
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(isPattern)
        hasher.combine(via)
    }
}

/// `USING AWS PRIVATELINK pl [(PORT n, AVAILABILITY ZONE 'z')]` or `USING SSH TUNNEL t`.
public enum BrokerVia: Hashable, Sendable, Codable {
    case privateLink(String, [ConnectionOption])
    case sshTunnel(String)
}
