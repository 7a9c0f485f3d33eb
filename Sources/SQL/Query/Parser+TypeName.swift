extension Parser {
    static let intervalFieldWords: Set<String> = ["year", "month", "day", "hour", "minute", "second"]

    /// A type name after `::`, `AS` in `CAST`, or before the string of a typed literal. `constant` is set for a
    /// typed literal, where `char` and `bit` get no default length (as in gram.y's ConstTypename).
    mutating func parseTypeName(constant: Bool = false) throws(SQLError) -> TypeName {
        let position = sourcePosition
        guard case .identifier(let word, let quoted) = current.kind else { throw unexpected("a type name") }
        var type: TypeName
        if !quoted, let builtin = try parseBuiltinType(word, constant: constant) {
            type = builtin
        } else {
            guard quoted || !Keywords.reserved.contains(word) else { throw unexpected("a type name") }
            index += 1
            var parts = [word]
            while current.isSymbol("."), case .identifier = peek().kind {
                index += 1
                parts.append(try parseLabel("a type name"))
            }
            type = TypeName(QualifiedName(parts, position: position))
            type.modifiers = try parseTypeModifiers()
        }
        type.position = position
        while true {
            if current.isSymbol("[") {
                index += 1
                if case .number = current.kind {
                    type.arrayBounds.append(try parseInteger("an array bound"))
                } else {
                    type.arrayBounds.append(nil)
                }
                try expectSymbol("]")
            } else if current.isKeyword("array") {
                index += 1
                if acceptSymbol("[") {
                    type.arrayBounds.append(try parseInteger("an array bound"))
                    try expectSymbol("]")
                } else {
                    type.arrayBounds.append(nil)
                }
            } else {
                return type
            }
        }
    }

    /// `(10, 2)` after a type name, or nothing.
    mutating func parseTypeModifiers() throws(SQLError) -> [Int] {
        guard acceptSymbol("(") else { return [] }
        var modifiers: [Int] = []
        repeat {
            let negative = acceptSymbol("-")
            let value = try parseInteger("an integer type modifier")
            modifiers.append(negative ? -value : value)
        } while acceptSymbol(",")
        try expectSymbol(")")
        return modifiers
    }

    /// The types SQL spells with keywords, folded into PostgreSQL's names; nil when `word` is not one.
    mutating func parseBuiltinType(_ word: String, constant: Bool) throws(SQLError) -> TypeName? {
        func simple(_ name: String, modifiers: [Int] = []) -> TypeName {
            TypeName(QualifiedName([name], position: sourcePosition), modifiers: modifiers)
        }
        switch word {
        case "int", "integer", "smallint", "bigint", "real", "boolean":
            index += 1
            let names = [
                "int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8", "real": "float4",
                "boolean": "bool",
            ]
            return simple(names[word] ?? word)
        case "double" where peek().isKeyword("precision"):
            index += 2
            return simple("float8")
        case "float":
            let floatPosition = current.position
            index += 1
            let precision = try parseTypeModifiers()
            guard let bits = precision.first else { return simple("float8") }
            guard precision.count == 1, (1...53).contains(bits) else {
                throw SQLError.syntax("precision for type float must be between 1 and 53 bits", position: floatPosition)
            }
            return simple(bits <= 24 ? "float4" : "float8")
        case "decimal", "dec", "numeric":
            index += 1
            return simple("numeric", modifiers: try parseTypeModifiers())
        case "char", "character", "varchar", "nchar", "national":
            if word == "national" {
                guard peek().isKeyword("char") || peek().isKeyword("character") else { return nil }
                index += 1
            }
            index += 1
            let varying = word == "varchar" || accept("varying")
            let modifiers = try parseTypeModifiers()
            if varying { return simple("varchar", modifiers: modifiers) }
            return simple("bpchar", modifiers: modifiers.isEmpty && !constant ? [1] : modifiers)
        case "bit":
            index += 1
            let varying = accept("varying")
            let modifiers = try parseTypeModifiers()
            if varying { return simple("varbit", modifiers: modifiers) }
            return simple("bit", modifiers: modifiers.isEmpty && !constant ? [1] : modifiers)
        case "timestamp", "time":
            index += 1
            let modifiers = try parseTypeModifiers()
            var withTimeZone = false
            if accept(["with", "time", "zone"]) {
                withTimeZone = true
            } else {
                _ = accept(["without", "time", "zone"])
            }
            return simple(withTimeZone ? word + "tz" : word, modifiers: modifiers)
        case "interval":
            index += 1
            var type = simple("interval")
            if current.isSymbol("(") {
                type.modifiers = try parseTypeModifiers()
                return type
            }
            type.intervalFields = try parseIntervalFields()
            if type.intervalFields != nil { type.modifiers = try parseTypeModifiers() }
            return type
        default:
            return nil
        }
    }

    /// `YEAR`, `DAY TO SECOND`, … after `interval`; nil when none follows.
    mutating func parseIntervalFields() throws(SQLError) -> String? {
        guard let first = current.keyword, Self.intervalFieldWords.contains(first) else { return nil }
        index += 1
        guard current.isKeyword("to") else { return first }
        index += 1
        guard let last = current.keyword, Self.intervalFieldWords.contains(last) else {
            throw unexpected("an interval field (MONTH, HOUR, MINUTE or SECOND) after TO")
        }
        index += 1
        return first + " to " + last
    }
}
