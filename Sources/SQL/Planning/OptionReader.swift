/// Reads typed values out of a list of written options, with errors that name the option and the fix.
struct OptionReader {
    let options: [ConnectionOption]
    let context: String

    init(options: [ConnectionOption], context: String) {
        self.options = options
        self.context = context
    }

    func option(_ name: String) -> ConnectionOption? {
        options.first { $0.name == name }
    }

    func has(_ name: String) -> Bool { option(name) != nil }

    func checkNames(_ allowed: [String]) throws(SQLError) {
        for option in options where !allowed.contains(option.name) {
            throw SQLError.syntax(
                "\(context) has no option \(option.name); expected one of: \(allowed.joined(separator: ", "))",
                position: option.position)
        }
    }

    func invalid(_ message: String, option name: String) -> SQLError {
        SQLError(sqlState: "22023", message: message, position: option(name)?.position)
    }

    func wrongType(_ name: String, expected: String, example: String) -> SQLError {
        let found = option(name)?.value.kindDescription ?? "nothing"
        return SQLError(
            sqlState: "22023", message: "\(name) takes \(expected), not \(found); write \(example)",
            position: option(name)?.position)
    }

    func missing(_ name: String, example: String) -> SQLError {
        SQLError(sqlState: "22023", message: "\(context) requires \(name); add \(example)")
    }

    func text(_ name: String, example: String) throws(SQLError) -> String? {
        guard let option = option(name) else { return nil }
        switch option.value {
        case .string(let text): return text
        case .secret: throw wrongType(name, expected: "text", example: example)
        default: throw wrongType(name, expected: "a string", example: example)
        }
    }

    func requiredText(_ name: String, example: String) throws(SQLError) -> String {
        guard let value = try text(name, example: example) else { throw missing(name, example: example) }
        return value
    }

    /// A string or a bare word, upper-cased and checked against `allowed`.
    func choice(_ name: String, allowed: [String]) throws(SQLError) -> String? {
        guard let option = option(name) else { return nil }
        let value: String
        switch option.value {
        case .string(let text), .word(let text): value = text.uppercased()
        default:
            throw wrongType(
                name, expected: "one of \(allowed.joined(separator: ", "))", example: "\(name) '\(allowed[0])'")
        }
        guard allowed.contains(value) else {
            throw invalid("\(name) must be one of \(allowed.joined(separator: ", ")), not '\(value)'", option: name)
        }
        return value
    }

    func textOrSecret(_ name: String) throws(SQLError) -> TextOrSecret? {
        guard let option = option(name) else { return nil }
        switch option.value {
        case .string(let text): return .text(text)
        case .secret(let secret): return .secret(secret)
        default: throw wrongType(name, expected: "a string or SECRET name", example: "\(name) = SECRET name")
        }
    }

    func secret(_ name: String) throws(SQLError) -> String? {
        guard let option = option(name) else { return nil }
        guard case .secret(let secret) = option.value else {
            throw SQLError(
                sqlState: "22023",
                message: "\(name) must be a secret, not \(option.value.kindDescription); store the value with "
                    + "CREATE SECRET name AS '…' and write \(name) = SECRET name",
                position: option.position)
        }
        return secret
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(SQLError) -> Int? {
        guard let option = option(name) else { return nil }
        guard case .number(let text) = option.value, let value = Int(text) else {
            throw wrongType(name, expected: "an integer", example: "\(name) \(range.lowerBound)")
        }
        guard range.contains(value) else {
            throw invalid(
                "\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", option: name)
        }
        return value
    }

    func port(_ name: String) throws(SQLError) -> Int? {
        try integer(name, in: 1...65535)
    }

    func textList(_ name: String) throws(SQLError) -> [String]? {
        guard let option = option(name) else { return nil }
        let values: [OptionValue]
        switch option.value {
        case .list(let list): values = list
        case .string: values = [option.value]
        default: throw wrongType(name, expected: "a list of strings", example: "\(name) ('a', 'b')")
        }
        var result: [String] = []
        for value in values {
            guard case .string(let text) = value else {
                throw wrongType(name, expected: "a list of strings", example: "\(name) ('a', 'b')")
            }
            result.append(text)
        }
        return result
    }
}
