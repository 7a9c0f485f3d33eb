/// Turns a schema's JSON into an `AvroSchema`, keeping the named types defined so far so that later
/// references to them (by full name, or by short name within the same namespace) resolve.
struct AvroSchemaParser {
    /// Named types by full name, once their definition is complete.
    private var named: [String: AvroSchema] = [:]
    /// Names whose definitions are being parsed, to refuse recursive types with a clear message.
    private var defining: Set<String> = []

    mutating func parse(_ json: AvroJSON, namespace: String?, path: String) throws(DecodeError) -> AvroSchema {
        switch json {
        case .string(let name):
            return try reference(name, namespace: namespace, path: path)
        case .array(let branches):
            var schemas: [AvroSchema] = []
            for (index, branch) in branches.enumerated() {
                let schema = try parse(branch, namespace: namespace, path: "\(path)[\(index)]")
                if case .union = schema {
                    throw DecodeError("invalid Avro schema at \(path)[\(index)]: a union cannot contain a union")
                }
                if schemas.contains(where: { Self.sameBranchKind($0, schema) }) {
                    throw DecodeError(
                        "invalid Avro schema at \(path)[\(index)]: the union already has a branch of type \(schema.typeName)"
                    )
                }
                schemas.append(schema)
            }
            return .union(schemas)
        case .object(let members):
            guard let type = members["type"] else {
                throw DecodeError("invalid Avro schema at \(path): an object needs a \"type\"")
            }
            let base: AvroSchema
            switch type {
            case .string("record"), .string("error"): base = try record(json, namespace: namespace, path: path)
            case .string("enum"): base = try enumeration(json, namespace: namespace, path: path)
            case .string("fixed"): base = .fixed(try fixed(json, namespace: namespace, path: path))
            case .string("array"):
                guard let items = members["items"] else {
                    throw DecodeError("invalid Avro schema at \(path): an array needs \"items\"")
                }
                base = .array(try parse(items, namespace: namespace, path: "\(path).items"))
            case .string("map"):
                guard let values = members["values"] else {
                    throw DecodeError("invalid Avro schema at \(path): a map needs \"values\"")
                }
                base = .map(try parse(values, namespace: namespace, path: "\(path).values"))
            default:
                base = try parse(type, namespace: namespace, path: path)
            }
            guard case .string(let logical) = members["logicalType"] else { return base }
            return Self.logical(logical, over: base, members) ?? base
        default:
            throw DecodeError("invalid Avro schema at \(path): expected a type name, an object or a union's array")
        }
    }

    private static func sameBranchKind(_ a: AvroSchema, _ b: AvroSchema) -> Bool {
        switch (a.underlying, b.underlying) {
        case (.record(let x), .record(let y)): return x.name == y.name
        case (.enumeration(let x), .enumeration(let y)): return x.name == y.name
        case (.fixed(let x), .fixed(let y)): return x.name == y.name
        case (.array, .array), (.map, .map): return true
        case (.record, _), (.enumeration, _), (.fixed, _), (_, .record), (_, .enumeration), (_, .fixed): return false
        case (let x, let y): return x == y
        }
    }

    /// A logical type over its underlying type, or nil when the annotation is unknown or invalid: then the
    /// specification says the underlying type is used as it is.
    private static func logical(_ name: String, over base: AvroSchema, _ members: [String: AvroJSON]) -> AvroSchema? {
        switch (name, base) {
        case ("decimal", .bytes), ("decimal", .fixed):
            guard case .number(let precisionText) = members["precision"], let precision = Int(precisionText),
                precision > 0
            else { return nil }
            var scale = 0
            if let scaleJSON = members["scale"] {
                guard case .number(let scaleText) = scaleJSON, let value = Int(scaleText), value >= 0 else {
                    return nil
                }
                scale = value
            }
            guard scale <= precision else { return nil }
            var fixed: AvroFixed?
            if case .fixed(let underlying) = base {
                // A fixed of n bytes holds at most floor(log10(2^(8n-1) - 1)) digits.
                let maximum = underlying.size == 0 ? 0 : Int(Double(8 * underlying.size - 1) * 0.30102999566398120)
                guard precision <= maximum else { return nil }
                fixed = underlying
            }
            return .decimal(AvroDecimal(precision: precision, scale: scale, fixed: fixed))
        case ("uuid", .string): return .uuid
        case ("date", .int): return .date
        case ("time-millis", .int): return .timeMillis
        case ("time-micros", .long): return .timeMicros
        case ("timestamp-millis", .long): return .timestampMillis
        case ("timestamp-micros", .long): return .timestampMicros
        case ("local-timestamp-millis", .long): return .localTimestampMillis
        case ("local-timestamp-micros", .long): return .localTimestampMicros
        default: return nil
        }
    }

    private func reference(_ name: String, namespace: String?, path: String) throws(DecodeError) -> AvroSchema {
        switch name {
        case "null": return .null
        case "boolean": return .boolean
        case "int": return .int
        case "long": return .long
        case "float": return .float
        case "double": return .double
        case "bytes": return .bytes
        case "string": return .string
        default: break
        }
        let candidates = name.contains(".") || namespace == nil ? [name] : ["\(namespace!).\(name)", name]
        for candidate in candidates {
            if let schema = named[candidate] { return schema }
            if defining.contains(candidate) {
                throw DecodeError(
                    "unsupported Avro schema at \(path): \(candidate) refers to itself (recursive types are not supported)"
                )
            }
        }
        throw DecodeError(
            "invalid Avro schema at \(path): unknown type \"\(name)\" (named types must be defined before use)")
    }

    /// The full name and namespace of a named type's definition.
    private func fullName(_ json: AvroJSON, namespace: String?, path: String) throws(DecodeError) -> (String, String?) {
        guard let name = json["name"]?.stringValue else {
            throw DecodeError("invalid Avro schema at \(path): a named type needs a \"name\"")
        }
        var space = namespace
        var short = name
        if let dot = name.lastIndex(of: ".") {
            space = String(name[..<dot])
            short = String(name[name.index(after: dot)...])
        } else if case .string(let given) = json["namespace"] {
            space = given.isEmpty ? nil : given
        }
        for part in (space.map { $0.split(separator: ".", omittingEmptySubsequences: false) } ?? []) + [
            Substring(short)
        ]
        where !Self.isValidName(part) {
            throw DecodeError("invalid Avro schema at \(path): \"\(name)\" is not a valid name")
        }
        let full = space.map { "\($0).\(short)" } ?? short
        guard named[full] == nil && !defining.contains(full) else {
            throw DecodeError("invalid Avro schema at \(path): \(full) is defined twice")
        }
        return (full, space)
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private func aliases(_ json: AvroJSON, namespace: String?, qualify: Bool) -> [String] {
        guard case .array(let values) = json["aliases"] else { return [] }
        return values.compactMap(\.stringValue).map { alias in
            qualify && !alias.contains(".") ? namespace.map { "\($0).\(alias)" } ?? alias : alias
        }
    }

    private mutating func record(_ json: AvroJSON, namespace: String?, path: String) throws(DecodeError)
        -> AvroSchema
    {
        let (name, space) = try fullName(json, namespace: namespace, path: path)
        guard case .array(let fieldsJSON) = json["fields"] else {
            throw DecodeError("invalid Avro schema at \(path) (\(name)): a record needs a \"fields\" array")
        }
        defining.insert(name)
        var fields: [AvroField] = []
        for fieldJSON in fieldsJSON {
            guard let fieldName = fieldJSON["name"]?.stringValue, Self.isValidName(Substring(fieldName)) else {
                throw DecodeError("invalid Avro schema at \(path) (\(name)): a field needs a valid \"name\"")
            }
            let fieldPath = "\(name).\(fieldName)"
            guard !fields.contains(where: { $0.name == fieldName }) else {
                throw DecodeError("invalid Avro schema at \(fieldPath): the field is defined twice")
            }
            guard let typeJSON = fieldJSON["type"] else {
                throw DecodeError("invalid Avro schema at \(fieldPath): a field needs a \"type\"")
            }
            let type = try parse(typeJSON, namespace: space, path: fieldPath)
            let defaultValue = fieldJSON["default"]
            if let defaultValue {
                do throws(DecodeError) {
                    _ = try AvroDefault.value(defaultValue, type)
                } catch {
                    throw DecodeError("invalid Avro schema at \(fieldPath): the default \(error.reason)")
                }
            }
            fields.append(
                AvroField(
                    name: fieldName, type: type, defaultValue: defaultValue,
                    aliases: aliases(fieldJSON, namespace: nil, qualify: false), doc: fieldJSON["doc"]?.stringValue))
        }
        defining.remove(name)
        let schema = AvroSchema.record(
            AvroRecord(
                name: name, aliases: aliases(json, namespace: space, qualify: true), doc: json["doc"]?.stringValue,
                fields: fields))
        named[name] = schema
        return schema
    }

    private mutating func enumeration(_ json: AvroJSON, namespace: String?, path: String) throws(DecodeError)
        -> AvroSchema
    {
        let (name, space) = try fullName(json, namespace: namespace, path: path)
        guard case .array(let symbolsJSON) = json["symbols"] else {
            throw DecodeError("invalid Avro schema at \(path) (\(name)): an enum needs a \"symbols\" array")
        }
        var symbols: [String] = []
        for symbol in symbolsJSON {
            guard let text = symbol.stringValue, Self.isValidName(Substring(text)), !symbols.contains(text) else {
                throw DecodeError("invalid Avro schema at \(path) (\(name)): symbols must be unique valid names")
            }
            symbols.append(text)
        }
        let defaultSymbol = json["default"]?.stringValue
        if let defaultSymbol, !symbols.contains(defaultSymbol) {
            throw DecodeError(
                "invalid Avro schema at \(path) (\(name)): the default \"\(defaultSymbol)\" is not a symbol")
        }
        let schema = AvroSchema.enumeration(
            AvroEnum(
                name: name, aliases: aliases(json, namespace: space, qualify: true), doc: json["doc"]?.stringValue,
                symbols: symbols, defaultSymbol: defaultSymbol))
        named[name] = schema
        return schema
    }

    private mutating func fixed(_ json: AvroJSON, namespace: String?, path: String) throws(DecodeError) -> AvroFixed {
        let (name, space) = try fullName(json, namespace: namespace, path: path)
        guard case .number(let sizeText) = json["size"], let size = Int(sizeText), size >= 0 else {
            throw DecodeError("invalid Avro schema at \(path) (\(name)): a fixed needs a non-negative \"size\"")
        }
        let fixed = AvroFixed(name: name, aliases: aliases(json, namespace: space, qualify: true), size: size)
        named[name] = .fixed(fixed)
        return fixed
    }
}
