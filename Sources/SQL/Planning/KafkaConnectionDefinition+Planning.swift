extension KafkaConnectionDefinition {
    init(reading reader: inout OptionReader) throws(SQLError) {
        self.init()
        if reader.has("BROKER"), reader.has("BROKERS") {
            throw reader.invalid(
                "give either BROKER or BROKERS, not both; list every broker in BROKERS", option: "BROKERS")
        }
        var entries: [BrokerEntry] = []
        if let option = reader.option("BROKER") {
            switch option.value {
            case .string(let address): entries = [BrokerEntry(address: address, via: nil, position: option.position)]
            case .brokers(let list): entries = list
            default: throw reader.wrongType("BROKER", expected: "a string", example: "BROKER 'broker:9092'")
            }
        }
        if let option = reader.option("BROKERS") {
            guard case .brokers(let list) = option.value else {
                throw reader.wrongType("BROKERS", expected: "a list", example: "BROKERS ('b-1:9092', 'b-2:9092')")
            }
            entries = list
        }
        for entry in entries {
            let route = try Self.route(entry.via)
            if entry.isPattern {
                try Self.checkPattern(entry)
                matching.append(KafkaMatchingRule(pattern: entry.address, route: route))
            } else {
                let (host, port) = try Self.splitAddress(entry)
                if brokers.contains(where: { $0.host.lowercased() == host.lowercased() && $0.port == port }) {
                    throw SQLError(
                        sqlState: "22023", message: "broker '\(host):\(port)' is listed twice; list each broker once",
                        position: entry.position)
                }
                brokers.append(KafkaBrokerRule(host: host, port: port, route: route))
            }
        }

        if reader.has("AWS PRIVATELINK"), reader.has("SSH TUNNEL") {
            throw reader.invalid(
                "give either AWS PRIVATELINK or SSH TUNNEL as the connection-level default, not both",
                option: "SSH TUNNEL")
        }
        if let option = reader.option("AWS PRIVATELINK"), case .object(let name, let options) = option.value {
            let sub = OptionReader(options: options, context: "AWS PRIVATELINK")
            defaultRoute = .privateLink(connection: name, port: try sub.port("PORT"), availabilityZone: nil)
        }
        if let option = reader.option("SSH TUNNEL"), case .object(let name, _) = option.value {
            defaultRoute = .sshTunnel(connection: name)
        }
        if brokers.isEmpty, defaultRoute == nil {
            throw reader.missing(
                "BROKER or BROKERS",
                example: "BROKER 'broker:9092', or BROKERS ('b-1:9092', …), or AWS PRIVATELINK pl (PORT n)")
        }
        if brokers.isEmpty, case .sshTunnel = defaultRoute {
            throw reader.missing(
                "BROKER or BROKERS (the SSH tunnel needs an address to reach)", example: "BROKER 'broker:9092'")
        }

        securityProtocol = try reader.choice("SECURITY PROTOCOL", allowed: Self.securityProtocols)
        saslMechanism = try reader.choice("SASL MECHANISMS", allowed: Self.saslMechanisms)
        saslUsername = try reader.textOrSecret("SASL USERNAME")
        saslPassword = try reader.secret("SASL PASSWORD")
        sslCertificateAuthority = try reader.textOrSecret("SSL CERTIFICATE AUTHORITY")
        sslCertificate = try reader.textOrSecret("SSL CERTIFICATE")
        sslKey = try reader.secret("SSL KEY")
        progressTopic = try reader.text("PROGRESS TOPIC", example: "PROGRESS TOPIC '_inlet_progress'")
        if let option = reader.option("AWS CONNECTION") {
            guard case .object(let name, _) = option.value else {
                throw reader.wrongType(
                    "AWS CONNECTION", expected: "a connection name", example: "AWS CONNECTION = aws_conn")
            }
            awsConnection = name
            if saslMechanism != nil || saslUsername != nil || saslPassword != nil {
                throw reader.invalid(
                    "AWS CONNECTION signs in with IAM (SASL OAUTHBEARER); drop SASL MECHANISMS, SASL USERNAME and "
                        + "SASL PASSWORD, or drop AWS CONNECTION",
                    option: "AWS CONNECTION")
            }
        }

        if saslMechanism != nil || saslUsername != nil || saslPassword != nil {
            for (name, present) in [
                ("SASL MECHANISMS", saslMechanism != nil), ("SASL USERNAME", saslUsername != nil),
                ("SASL PASSWORD", saslPassword != nil),
            ] where !present {
                throw reader.missing(name, example: "SASL MECHANISMS, SASL USERNAME and SASL PASSWORD together")
            }
        }
        if (sslCertificate == nil) != (sslKey == nil) {
            throw reader.missing(
                sslKey == nil ? "SSL KEY" : "SSL CERTIFICATE",
                example: "SSL CERTIFICATE and SSL KEY = SECRET name together for client authentication")
        }
        if let securityProtocol {
            let usesSASL = securityProtocol.hasPrefix("SASL")
            if usesSASL, saslMechanism == nil, awsConnection == nil {
                throw reader.missing(
                    "SASL MECHANISMS",
                    example: "SASL MECHANISMS = 'SCRAM-SHA-512' with SECURITY PROTOCOL \(securityProtocol)")
            }
            if !usesSASL, awsConnection != nil {
                throw reader.invalid(
                    "AWS CONNECTION signs in with SASL; use SECURITY PROTOCOL = 'SASL_SSL' (MSK's IAM listener) "
                        + "or drop SECURITY PROTOCOL",
                    option: "SECURITY PROTOCOL")
            }
            if !usesSASL, saslMechanism != nil {
                throw reader.invalid(
                    "SECURITY PROTOCOL \(securityProtocol) does not use SASL; use SASL_SSL or SASL_PLAINTEXT, or drop the SASL options",
                    option: "SECURITY PROTOCOL")
            }
        }
    }

    static func route(_ via: BrokerVia?) throws(SQLError) -> KafkaRoute {
        switch via {
        case nil:
            return .direct
        case .sshTunnel(let name):
            return .sshTunnel(connection: name)
        case .privateLink(let name, let options):
            let reader = OptionReader(options: options, context: "AWS PRIVATELINK broker")
            return .privateLink(
                connection: name, port: try reader.port("PORT"),
                availabilityZone: try reader.text("AVAILABILITY ZONE", example: "AVAILABILITY ZONE 'use1-az1'"))
        }
    }

    static func splitAddress(_ entry: BrokerEntry) throws(SQLError) -> (String, Int) {
        let address = entry.address.trimmingSpaces
        var host = address
        var port = 9092
        if let colon = address.lastIndex(of: ":"), !address.hasSuffix("]") {
            host = String(address[..<colon])
            guard let number = Int(address[address.index(after: colon)...]), (1...65535).contains(number) else {
                throw SQLError(
                    sqlState: "22023",
                    message: "broker '\(address)' has an invalid port; write 'host:port', e.g. 'b-1.example:9092'",
                    position: entry.position)
            }
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" "), !host.contains("*") else {
            throw SQLError(
                sqlState: "22023",
                message:
                    "broker '\(address)' is not a host:port address; write 'host:port', or MATCHING '\(address)' USING … for a pattern",
                position: entry.position)
        }
        return (host, port)
    }

    static func checkPattern(_ entry: BrokerEntry) throws(SQLError) {
        let pattern = entry.address
        var core = Substring(pattern)
        if core.hasPrefix("*") { core = core.dropFirst() }
        if core.hasSuffix("*") { core = core.dropLast() }
        guard !core.isEmpty, !core.contains("*") else {
            throw SQLError(
                sqlState: "22023",
                message:
                    "MATCHING pattern '\(pattern)' may use * only as a leading or trailing wildcard, e.g. '*.msk.internal:9096' or 'b-*'",
                position: entry.position)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
