/// Writes names, literals and options back as SQL, for `SHOW CREATE CONNECTION` and `mz_connections.create_sql`.
///
/// Secrets only ever appear by name: connection options never hold a secret's value.
public enum SQLText {
    private static let reserved: Set<String> = [
        "select", "from", "where", "to", "as", "with", "secret", "connection", "create", "drop", "alter", "using",
        "table", "order", "group", "by", "and", "or", "not", "null", "true", "false", "on", "off", "default", "all",
        "cascade", "restrict", "set",
    ]

    /// The identifier, double-quoted when it would not read back the same bare.
    public static func identifier(_ name: String) -> String {
        let isBare =
            name.first.map { $0 == "_" || ($0.isLetter && $0.isLowercase) } == true
            && name.allSatisfy { $0 == "_" || $0 == "$" || $0.isNumber || ($0.isLetter && $0.isLowercase) }
            && !reserved.contains(name)
        return isBare ? name : "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    public static func literal(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }

    public static func value(_ value: OptionValue) -> String {
        switch value {
        case .string(let text): return literal(text)
        case .number(let text): return text
        case .boolean(let flag): return flag ? "true" : "false"
        case .word(let word): return word.uppercased()
        case .secret(let name): return "SECRET " + identifier(name)
        case .list(let values): return "(" + values.map(Self.value).joined(separator: ", ") + ")"
        case .object(let name, let options):
            return identifier(name) + (options.isEmpty ? "" : " (" + self.options(options) + ")")
        case .brokers(let entries):
            return "(" + entries.map(broker).joined(separator: ", ") + ")"
        }
    }

    public static func broker(_ entry: BrokerEntry) -> String {
        var text = entry.isPattern ? "MATCHING " + literal(entry.address) : literal(entry.address)
        switch entry.via {
        case nil: break
        case .sshTunnel(let name): text += " USING SSH TUNNEL " + identifier(name)
        case .privateLink(let name, let options):
            text += " USING AWS PRIVATELINK " + identifier(name)
            if !options.isEmpty { text += " (" + self.options(options) + ")" }
        }
        return text
    }

    public static func options(_ options: [ConnectionOption]) -> String {
        options.map { option in
            switch option.value {
            case .brokers(let entries) where option.name == "BROKER" && entries.count == 1:
                return "BROKER " + broker(entries[0])
            case .object, .brokers, .list:
                return option.name + " " + value(option.value)
            default:
                return option.name + " = " + value(option.value)
            }
        }.joined(separator: ", ")
    }

    /// `CREATE CONNECTION name TO TYPE (options)`.
    public static func createConnection(name: String, type: ConnectionType, options: [ConnectionOption]) -> String {
        "CREATE CONNECTION \(identifier(name)) TO \(type.sqlName) (\(self.options(options)))"
    }

    /// The text with every string literal replaced by `'<REDACTED>'`, for logs: a statement such as
    /// `CREATE SECRET s AS 'value'` can then be logged without its value. Text that does not lex is
    /// replaced whole.
    public static func redacted(_ sql: String) -> String {
        let lexer = Lexer(sql)
        guard let tokens = try? lexer.tokenize() else { return "<statement that does not parse>" }
        var result = ""
        var last = 0
        for token in tokens {
            guard case .string = token.kind else { continue }
            result += lexer.text(from: last, to: token.start) + "'<REDACTED>'"
            last = token.end
        }
        return result + lexer.text(from: last, to: Int.max)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

extension CreateConnection {
    /// Options after `ALTER CONNECTION … SET (…)`: the given options replace those of the same name.
    public static func options(_ current: [ConnectionOption], setting changes: [ConnectionOption]) -> [ConnectionOption]
    {
        var result = current
        for change in changes {
            // BROKER and BROKERS are two spellings of the brokers: setting one replaces the other.
            if change.name == "BROKERS" || change.name == "BROKER",
                let index = result.firstIndex(where: { $0.name == "BROKERS" || $0.name == "BROKER" })
            {
                result[index] = change
            } else if let index = result.firstIndex(where: { $0.name == change.name }) {
                result[index] = change
            } else {
                result.append(change)
            }
        }
        return result
    }

    /// Options after `ALTER CONNECTION … DROP (…)`; dropping an option that is not set is an error.
    public static func options(_ current: [ConnectionOption], dropping names: [String]) throws(SQLError)
        -> [ConnectionOption]
    {
        for name in names where !current.contains(where: { $0.name == name }) {
            throw SQLError.invalidParameter(
                "the connection has no option \(name) to drop; SHOW CREATE CONNECTION lists its options")
        }
        return current.filter { !names.contains($0.name) }
    }
}
