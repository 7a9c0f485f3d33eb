import AWS

/// The names and security settings the `CREATE CONNECTION … TO KAFKA` statement of `plan --output sql` uses.
struct ListenerPlanSQLNames {
    var connection: String
    var privateLink: String
    /// `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`, as `--security-protocol` gave it.
    var securityProtocol: String
    var saslMechanism: String?
    var saslUsername: String?
    var hasCertificateAuthority: Bool
    var hasClientCertificate: Bool
}

/// The plan as Materialize's (and Inlet's) `CREATE CONNECTION … TO KAFKA (BROKERS (… USING AWS PRIVATELINK pl
/// (PORT n[, AVAILABILITY ZONE 'id'])), …)`: each broker routed to its own listener port.
///
/// Secrets are named, never written: the statement refers to `SECRET name` and a comment says what to create.
extension BrokerListenerPlan {
    func sql(_ names: ListenerPlanSQLNames) -> String {
        var secrets: [(String, String)] = []
        var options: [String] = []
        let proto = names.securityProtocol.uppercased()
        options.append("SECURITY PROTOCOL = '\(proto)'")
        if proto.hasPrefix("SASL") {
            let password = "\(names.connection)_sasl_password"
            options.append("SASL MECHANISMS = '\(names.saslMechanism?.uppercased() ?? "SCRAM-SHA-512")'")
            if let username = names.saslUsername {
                options.append("SASL USERNAME = \(Self.literal(username))")
            } else {
                let secret = "\(names.connection)_sasl_username"
                secrets.append((secret, "the SASL user name"))
                options.append("SASL USERNAME = SECRET \(secret)")
            }
            secrets.append((password, "the SASL password"))
            options.append("SASL PASSWORD = SECRET \(password)")
        }
        if names.hasCertificateAuthority {
            let secret = "\(names.connection)_ssl_ca"
            secrets.append((secret, "the PEM of the CA that signed the brokers' certificates"))
            options.append("SSL CERTIFICATE AUTHORITY = SECRET \(secret)")
        }
        if names.hasClientCertificate {
            let certificate = "\(names.connection)_ssl_certificate"
            let key = "\(names.connection)_ssl_key"
            secrets += [(certificate, "the client certificate's PEM"), (key, "the client key's PEM")]
            options += ["SSL CERTIFICATE = SECRET \(certificate)", "SSL KEY = SECRET \(key)"]
        }

        var lines = ["-- inlet privatelink plan: each broker reaches its own NLB listener (port \(listenerBase) + id)."]
        lines += summaryLines().map { "--   \($0)" }
        if !secrets.isEmpty {
            lines.append("-- Create the secrets first:")
            lines += secrets.map { "--   CREATE SECRET \($0.0) AS '…';  -- \($0.1)" }
        }
        lines.append("CREATE CONNECTION \(names.connection) TO KAFKA (")
        lines.append("    BROKERS (")
        let brokers = entries.map { entry in
            var route = "PORT \(entry.listenerPort)"
            if let zone = entry.broker.availabilityZone { route += ", AVAILABILITY ZONE \(Self.literal(zone))" }
            return
                "        \(Self.literal(entry.broker.advertised)) USING AWS PRIVATELINK \(names.privateLink) (\(route))"
        }
        lines.append(brokers.joined(separator: ",\n"))
        lines.append("    ),")
        lines.append(options.map { "    \($0)" }.joined(separator: ",\n"))
        lines.append(");")
        return lines.joined(separator: "\n") + "\n"
    }

    /// An SQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
