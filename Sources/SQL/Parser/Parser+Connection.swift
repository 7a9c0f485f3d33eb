/// The option names each connection type takes, as sequences of keywords; the parser reads the longest
/// name that matches, so `SSL CERTIFICATE` and `SSL CERTIFICATE AUTHORITY` are told apart.
enum OptionNames {
    static let privateLink = ["SERVICE NAME", "AVAILABILITY ZONES"]
    static let sshTunnel = ["HOST", "PORT", "USER", "HOST KEY"]
    static let kafka = [
        "BROKER", "BROKERS", "AWS PRIVATELINK", "SSH TUNNEL", "SECURITY PROTOCOL", "SASL MECHANISMS",
        "SASL USERNAME", "SASL PASSWORD", "SSL CERTIFICATE AUTHORITY", "SSL CERTIFICATE", "SSL KEY", "PROGRESS TOPIC",
        "AWS CONNECTION",
    ]
    static let schemaRegistry = [
        "URL", "USERNAME", "PASSWORD", "SSL CERTIFICATE AUTHORITY", "SSL CERTIFICATE", "SSL KEY", "AWS PRIVATELINK",
        "SSH TUNNEL",
    ]
    static let aws = [
        "ACCESS KEY ID", "SECRET ACCESS KEY", "SESSION TOKEN", "ASSUME ROLE ARN", "ASSUME ROLE SESSION NAME", "REGION",
        "ENDPOINT",
    ]
    /// Inside `USING AWS PRIVATELINK pl (…)` and the connection-level `AWS PRIVATELINK pl (…)`.
    static let privateLinkReference = ["PORT", "AVAILABILITY ZONE"]
    static let with = ["VALIDATE"]

    static func forType(_ type: ConnectionType) -> [String] {
        switch type {
        case .awsPrivateLink: return privateLink
        case .sshTunnel: return sshTunnel
        case .kafka: return kafka
        case .confluentSchemaRegistry: return schemaRegistry
        case .aws: return aws
        }
    }

    /// Every connection option of every type, for `ALTER CONNECTION … SET/DROP`, where the type is not known yet.
    static let all = privateLink + sshTunnel + kafka + schemaRegistry.filter { !kafka.contains($0) } + aws
}

extension Parser {
    mutating func parseCreateConnection() throws(SQLError) -> CreateConnection {
        let ifNotExists = accept(["if", "not", "exists"])
        let name = try parseObjectName("a connection name")
        try expect("to")
        let type: ConnectionType
        if accept(["aws", "privatelink"]) {
            type = .awsPrivateLink
        } else if accept(["ssh", "tunnel"]) {
            type = .sshTunnel
        } else if accept("kafka") {
            type = .kafka
        } else if accept(["confluent", "schema", "registry"]) {
            type = .confluentSchemaRegistry
        } else if accept("aws") {
            type = .aws
        } else {
            throw unexpected("a connection type: AWS, AWS PRIVATELINK, SSH TUNNEL, KAFKA or CONFLUENT SCHEMA REGISTRY")
        }
        try expectSymbol("(")
        let options = try parseOptionList(names: OptionNames.forType(type), context: "\(type.sqlName) connection")
        let validate = try parseWithValidate()
        return CreateConnection(name: name, ifNotExists: ifNotExists, type: type, options: options, validate: validate)
    }

    mutating func parseAlterConnectionAction() throws(SQLError) -> AlterConnectionAction {
        if accept(["rotate", "keys"]) { return .rotateKeys }
        if accept("set") {
            try expectSymbol("(")
            let options = try parseOptionList(names: OptionNames.all, context: "connection")
            return .set(options, validate: try parseWithValidate())
        }
        if accept("drop") || accept("reset") {
            try expectSymbol("(")
            var names: [String] = []
            repeat {
                if current.isSymbol(")") { break }
                let position = current.position
                let name = try parseOptionName(names: OptionNames.all, context: "connection")
                if names.contains(name) {
                    throw SQLError.syntax("option \(name) is listed twice; list it once", position: position)
                }
                names.append(name)
            } while acceptSymbol(",")
            try expectSymbol(")")
            return .drop(names, validate: try parseWithValidate())
        }
        throw unexpected("ROTATE KEYS, SET (…) or DROP (…)")
    }

    /// `[WITH (VALIDATE [=] true|false)]`.
    mutating func parseWithValidate() throws(SQLError) -> Bool? {
        guard accept("with") else { return nil }
        try expectSymbol("(")
        let options = try parseOptionList(names: OptionNames.with, context: "WITH")
        guard let option = options.first else { return nil }
        guard case .boolean(let value) = option.value else {
            throw SQLError(
                sqlState: "22023", message: "VALIDATE takes true or false, not \(option.value.kindDescription)",
                position: option.position)
        }
        return value
    }

    /// Options after the opening `(` up to and including the closing `)`; a trailing comma is allowed.
    mutating func parseOptionList(names: [String], context: String) throws(SQLError) -> [ConnectionOption] {
        var options: [ConnectionOption] = []
        while !current.isSymbol(")") {
            let position = current.position
            let name = try parseOptionName(names: names, context: context)
            if options.contains(where: { $0.name == name }) {
                throw SQLError.syntax("option \(name) is given more than once; keep one", position: position)
            }
            _ = acceptSymbol("=")
            let value = try parseOptionValue(for: name)
            options.append(ConnectionOption(name: name, value: value, position: position))
            guard acceptSymbol(",") else { break }
        }
        try expectSymbol(")")
        return options
    }

    /// Reads the longest known option name; an unknown one is a syntax error listing the valid names.
    mutating func parseOptionName(names: [String], context: String) throws(SQLError) -> String {
        let candidates = names.map { $0.lowercased().split(separator: " ").map(String.init) }
        var words: [String] = []
        var matched: (name: String, count: Int)?
        var offset = 0
        while let word = peek(offset).keyword {
            let attempt = words + [word]
            guard candidates.contains(where: { $0.starts(with: attempt) }) else { break }
            words = attempt
            offset += 1
            if candidates.contains(attempt) { matched = (attempt.joined(separator: " ").uppercased(), offset) }
        }
        guard let matched else {
            var shown: [String] = []
            var probe = 0
            while let word = peek(probe).keyword, probe < 4 {
                shown.append(word.uppercased())
                probe += 1
            }
            let found = shown.isEmpty ? current.summary : shown.joined(separator: " ")
            throw SQLError.syntax(
                "unknown \(context) option \(found); expected one of: \(names.joined(separator: ", "))",
                position: current.position)
        }
        index += matched.count
        return matched.name
    }

    mutating func parseOptionValue(for name: String) throws(SQLError) -> OptionValue {
        switch name {
        case "BROKERS":
            return .brokers(try parseBrokerList())
        case "BROKER":
            let position = current.position
            let address = try parseString("the broker address as a string, e.g. 'broker:9092'")
            if accept("using") {
                return .brokers([BrokerEntry(address: address, via: try parseBrokerVia(), position: position)])
            }
            return .string(address)
        case "AWS PRIVATELINK":
            let connection = try parseObjectName("the name of an AWS PRIVATELINK connection")
            var options: [ConnectionOption] = []
            if acceptSymbol("(") {
                options = try parseOptionList(names: ["PORT"], context: "AWS PRIVATELINK")
            }
            return .object(connection, options)
        case "SSH TUNNEL":
            return .object(try parseObjectName("the name of an SSH TUNNEL connection"), [])
        case "AWS CONNECTION":
            return .object(try parseObjectName("the name of an AWS connection"), [])
        default:
            return try parseValue()
        }
    }

    /// A plain value: `'text'`, a number (`-1000` too), TRUE/FALSE, `SECRET name`, a word, or `( value, … )`
    /// (`[ value, … ]` too, as Materialize writes `START OFFSET = [0, 10]`).
    mutating func parseValue() throws(SQLError) -> OptionValue {
        switch current.kind {
        case .string(let text):
            index += 1
            return .string(text)
        case .number(let text):
            index += 1
            return .number(text)
        // `=-1000` lexes as one operator, so the `=` that parseOptionList skips is still here.
        case .symbol("-"), .symbol("=-"):
            guard case .number(let text) = peek().kind else { throw unexpected("a number after \"-\"") }
            index += 2
            return .number("-" + text)
        case .symbol("("), .symbol("["):
            let closing = current.isSymbol("(") ? ")" : "]"
            index += 1
            var values: [OptionValue] = []
            while !current.isSymbol(closing) {
                values.append(try parseValue())
                guard acceptSymbol(",") else { break }
            }
            try expectSymbol(closing)
            return .list(values)
        case .identifier(let word, let quoted):
            if !quoted, word == "secret", case .identifier = peek().kind {
                index += 1
                return .secret(try parseObjectName("a secret name"))
            }
            index += 1
            if !quoted, word == "true" || word == "on" { return .boolean(true) }
            if !quoted, word == "false" || word == "off" { return .boolean(false) }
            return .word(word)
        default:
            throw unexpected("a value: a string literal, a number, SECRET name, TRUE or FALSE")
        }
    }

    /// `( 'host:port' [USING …] | MATCHING 'pattern' USING …, … )`.
    mutating func parseBrokerList() throws(SQLError) -> [BrokerEntry] {
        try expectSymbol("(")
        var entries: [BrokerEntry] = []
        while !current.isSymbol(")") {
            let position = current.position
            if accept("matching") {
                let pattern = try parseString("the MATCHING pattern as a string, e.g. 'b-*.msk.internal:9096'")
                guard accept("using") else {
                    throw unexpected("USING AWS PRIVATELINK … or USING SSH TUNNEL … after the MATCHING pattern")
                }
                entries.append(
                    BrokerEntry(address: pattern, isPattern: true, via: try parseBrokerVia(), position: position))
            } else {
                let address = try parseString("a broker address as a string, e.g. 'b-1.example:9092', or MATCHING")
                let via = accept("using") ? try parseBrokerVia() : nil
                entries.append(BrokerEntry(address: address, via: via, position: position))
            }
            guard acceptSymbol(",") else { break }
        }
        try expectSymbol(")")
        return entries
    }

    /// After USING: `AWS PRIVATELINK pl [(PORT n, AVAILABILITY ZONE 'z')]` or `SSH TUNNEL t`.
    mutating func parseBrokerVia() throws(SQLError) -> BrokerVia {
        if accept(["aws", "privatelink"]) {
            let connection = try parseObjectName("the name of an AWS PRIVATELINK connection")
            var options: [ConnectionOption] = []
            if acceptSymbol("(") {
                options = try parseOptionList(
                    names: OptionNames.privateLinkReference, context: "AWS PRIVATELINK broker")
            }
            return .privateLink(connection, options)
        }
        if accept(["ssh", "tunnel"]) {
            return .sshTunnel(try parseObjectName("the name of an SSH TUNNEL connection"))
        }
        throw unexpected("AWS PRIVATELINK or SSH TUNNEL after USING")
    }
}
