/// How to read a writer's value into a reader's type, worked out once per pair of schemas by Avro's schema
/// resolution rules, so that decoding a record does no matching.
indirect enum AvroPlan: Sendable {
    case null
    case boolean
    case int
    case long
    case float
    case double
    case bytes
    case string
    case intToLong
    case intToFloat
    case intToDouble
    case longToFloat
    case longToDouble
    case floatToDouble
    case bytesToString
    case stringToBytes
    case fixed(Int)
    /// The reader's index for each writer symbol index, or nil where the writer's symbol is unknown and the
    /// reader has no default.
    case enumeration(readerIndex: [Int?], writerSymbols: [String], readerName: String)
    case array(AvroPlan, itemsMayBeEmpty: Bool)
    case map(AvroPlan)
    case record(steps: [AvroFieldStep], defaults: [AvroValue])
    /// A plan for each writer branch, or the reason that branch cannot be read.
    case writerUnion([Result<AvroPlan, DecodeError>])
    /// A writer's non-union value into one branch of the reader's union.
    case readerUnion(branch: Int, AvroPlan)
}

enum AvroFieldStep: Sendable {
    case read(field: Int, AvroPlan)
    case skip(AvroSchema)
}

extension AvroPlan {
    /// The plan for reading `writer`'s values as `reader`'s, or an error naming where the schemas disagree.
    static func resolve(writer: AvroSchema, reader: AvroSchema, path: String) throws(DecodeError) -> AvroPlan {
        if case .union(let writerBranches) = writer {
            var plans: [Result<AvroPlan, DecodeError>] = []
            for branch in writerBranches {
                do throws(DecodeError) {
                    plans.append(.success(try resolve(writer: branch, reader: reader, path: path)))
                } catch {
                    plans.append(.failure(error))
                }
            }
            // Branches the reader cannot read are errors only when a record uses them, unless none can be read.
            let readable = plans.contains { if case .success = $0 { true } else { false } }
            if !readable, case .failure(let error) = plans.first {
                throw error
            }
            return .writerUnion(plans)
        }
        if case .union(let readerBranches) = reader {
            // The first branch of the same kind, else the first the writer's type promotes to.
            for exact in [true, false] {
                for (index, branch) in readerBranches.enumerated() where !exact || sameKind(writer, branch) {
                    if let plan = try? resolve(writer: writer, reader: branch, path: path) {
                        return .readerUnion(branch: index, plan)
                    }
                }
            }
            throw incompatible(writer, reader, path)
        }
        // Decimals match only with the same precision and scale, or the digits would be read at another scale.
        if case .decimal(let w) = writer, case .decimal(let r) = reader,
            w.precision != r.precision || w.scale != r.scale
        {
            throw incompatible(writer, reader, path)
        }
        switch (writer.underlying, reader.underlying) {
        case (.null, .null): return .null
        case (.boolean, .boolean): return .boolean
        case (.int, .int): return .int
        case (.int, .long): return .intToLong
        case (.int, .float): return .intToFloat
        case (.int, .double): return .intToDouble
        case (.long, .long): return .long
        case (.long, .float): return .longToFloat
        case (.long, .double): return .longToDouble
        case (.float, .float): return .float
        case (.float, .double): return .floatToDouble
        case (.double, .double): return .double
        case (.bytes, .bytes): return .bytes
        case (.bytes, .string): return .bytesToString
        case (.string, .string): return .string
        case (.string, .bytes): return .stringToBytes
        case (.fixed(let w), .fixed(let r)):
            guard namesMatch(writer, reader), w.size == r.size else { throw incompatible(writer, reader, path) }
            return .fixed(r.size)
        case (.enumeration(let w), .enumeration(let r)):
            guard namesMatch(writer, reader) else { throw incompatible(writer, reader, path) }
            let fallback = r.defaultSymbol.flatMap { r.symbols.firstIndex(of: $0) }
            let indices = w.symbols.map { r.symbols.firstIndex(of: $0) ?? fallback }
            return .enumeration(readerIndex: indices, writerSymbols: w.symbols, readerName: r.name)
        case (.array(let w), .array(let r)):
            return .array(try resolve(writer: w, reader: r, path: "\(path)[]"), itemsMayBeEmpty: w.mayBeEmpty)
        case (.map(let w), .map(let r)):
            return .map(try resolve(writer: w, reader: r, path: "\(path){}"))
        case (.record(let w), .record(let r)):
            guard namesMatch(writer, reader) else { throw incompatible(writer, reader, path) }
            return try record(writer: w, reader: r, path: path)
        default:
            throw incompatible(writer, reader, path)
        }
    }

    private static func record(writer: AvroRecord, reader: AvroRecord, path: String) throws(DecodeError) -> AvroPlan {
        var steps: [AvroFieldStep] = []
        var matched = [Bool](repeating: false, count: reader.fields.count)
        for writerField in writer.fields {
            let index =
                reader.fields.firstIndex { $0.name == writerField.name }
                ?? reader.fields.firstIndex { $0.aliases.contains(writerField.name) }
            guard let index, !matched[index] else {
                steps.append(.skip(writerField.type))
                continue
            }
            matched[index] = true
            let readerField = reader.fields[index]
            steps.append(
                .read(
                    field: index,
                    try resolve(writer: writerField.type, reader: readerField.type, path: "\(path).\(readerField.name)")
                ))
        }
        var defaults = [AvroValue](repeating: .null, count: reader.fields.count)
        for (index, field) in reader.fields.enumerated() where !matched[index] {
            guard let json = field.defaultValue else {
                throw DecodeError(
                    "incompatible Avro schemas at \(path).\(field.name): the writer's \(writer.name) has no field "
                        + "\(field.name) and the reader's field has no default; add a \"default\" to the reader's field"
                )
            }
            do throws(DecodeError) {
                defaults[index] = try AvroDefault.value(json, field.type)
            } catch {
                throw DecodeError("invalid Avro schema at \(path).\(field.name): the default \(error.reason)")
            }
        }
        return .record(steps: steps, defaults: defaults)
    }

    /// Named types match when their unqualified names are equal or the reader lists the writer's name as an alias.
    private static func namesMatch(_ writer: AvroSchema, _ reader: AvroSchema) -> Bool {
        guard let writerName = writer.unqualifiedName, let readerName = reader.unqualifiedName else { return false }
        if writerName == readerName { return true }
        return reader.aliases.contains { $0 == writerName || AvroSchema.unqualified($0) == writerName }
    }

    private static func sameKind(_ writer: AvroSchema, _ reader: AvroSchema) -> Bool {
        switch (writer.underlying, reader.underlying) {
        case (.record, .record), (.enumeration, .enumeration), (.fixed, .fixed):
            return writer.unqualifiedName == reader.unqualifiedName
        case (.array, .array), (.map, .map): return true
        case (let w, let r): return w == r
        }
    }

    private static func incompatible(_ writer: AvroSchema, _ reader: AvroSchema, _ path: String) -> DecodeError {
        DecodeError(
            "incompatible Avro schemas at \(path): the writer's \(writer.typeName) cannot be read as the reader's "
                + "\(reader.typeName)")
    }
}
