/// How one column's value is read from a writer's bytes and printed as the reader's PostgreSQL text, compiled
/// once from the resolution plan and the reader's type.
///
/// Scalars go from the bytes to their text with no `AvroValue` in between; records, arrays and maps (jsonb)
/// are read into a value and printed by `AvroText`, as the tree path does. The plan holds no references (what
/// it needs beyond its case is in `AvroColumnTables`), so following it copies nothing that is counted.
enum AvroColumnPlan: Sendable {
    /// The writer's null: SQL NULL.
    case null
    case boolean
    case integer(AvroIntegerSource, AvroIntegerText)
    case float(AvroFloatSource)
    case double(AvroDoubleSource)
    case string(AvroStringText)
    case bytes(AvroBytesText)
    case fixed(Int, AvroBytesText)
    /// The writer's symbols are `tables.symbols[first..<first + count]`; `tables.enumerations[names]` names them.
    case enumeration(first: Int, count: Int, names: Int)
    /// The column for each writer branch is `tables.branches[first..<first + count]`.
    case union(first: Int, count: Int)
    /// A writer's union branch the reader cannot read, for the reason `tables.errors[index]`.
    case unreadable(Int)
    /// Read by `tables.values[index]` into a value and printed by `AvroText.column`.
    case value(Int)
}

/// Which encoding an integer column reads: an int (checked against the int range) or a long.
enum AvroIntegerSource: Sendable {
    case int
    case long
}

/// Which encoding a float column reads, before promotion to float.
enum AvroFloatSource: Sendable {
    case int
    case long
    case float
}

/// Which encoding a double column reads, before promotion to double.
enum AvroDoubleSource: Sendable {
    case int
    case long
    case float
    case double
}

/// The text of an integer column by the reader's type.
enum AvroIntegerText: Sendable {
    case decimal
    case date
    case timeMillis
    case timeMicros
    /// `local` for local-timestamp-millis, which range errors name.
    case timestampMillis(local: Bool)
    case timestampMicros(local: Bool)
}

enum AvroStringText: Sendable {
    case text
    case uuid
}

enum AvroBytesText: Sendable {
    case hex
    /// The decimal `tables.decimals[index]`.
    case decimal(Int)
}

/// What column plans refer to by index: enum symbols, union branches, nested plans.
struct AvroColumnTables: Sendable {
    /// The reader's symbol for each writer symbol of every enum column, or nil where the writer's symbol is
    /// unknown and the reader has no default.
    var symbols: [String?] = []
    /// Each enum column's writer symbols and reader name, for its error messages.
    var enumerations: [(writerSymbols: [String], readerName: String)] = []
    var branches: [AvroColumnPlan] = []
    var errors: [DecodeError] = []
    var values: [(plan: AvroPlan, schema: AvroSchema)] = []
    var decimals: [AvroDecimal] = []
    /// Writer fields the reader does not keep.
    var skips: [AvroSchema] = []
}

extension AvroColumnTables {
    /// The column for reading by `plan` into the reader's `schema`; combinations the direct path does not
    /// know are read into a value, so the answer is always the tree path's.
    mutating func compile(_ plan: AvroPlan, _ schema: AvroSchema) -> AvroColumnPlan {
        switch plan {
        case .null: return .null
        case .writerUnion(let plans):
            let columns = plans.map { branch -> AvroColumnPlan in
                switch branch {
                case .success(let plan): return compile(plan, schema)
                case .failure(let error):
                    errors.append(error)
                    return .unreadable(errors.count - 1)
                }
            }
            branches += columns
            return .union(first: branches.count - columns.count, count: columns.count)
        case .readerUnion(let branch, let inner):
            guard case .union(let readerBranches) = schema, branch < readerBranches.count else {
                return value(plan, schema)
            }
            return compile(inner, readerBranches[branch])
        case .record, .array, .map:
            return value(plan, schema)
        default:
            return scalar(plan, schema) ?? value(plan, schema)
        }
    }

    private mutating func value(_ plan: AvroPlan, _ schema: AvroSchema) -> AvroColumnPlan {
        values.append((plan, schema))
        return .value(values.count - 1)
    }

    private mutating func decimal(_ decimal: AvroDecimal) -> AvroBytesText {
        decimals.append(decimal)
        return .decimal(decimals.count - 1)
    }

    private mutating func scalar(_ plan: AvroPlan, _ schema: AvroSchema) -> AvroColumnPlan? {
        switch plan {
        case .boolean: return schema == .boolean ? .boolean : nil
        case .int:
            switch schema {
            case .int: return .integer(.int, .decimal)
            case .date: return .integer(.int, .date)
            case .timeMillis: return .integer(.int, .timeMillis)
            default: return nil
            }
        case .long: return integer(.long, schema)
        case .intToLong: return integer(.int, schema)
        case .float: return schema == .float ? .float(.float) : nil
        case .intToFloat: return schema == .float ? .float(.int) : nil
        case .longToFloat: return schema == .float ? .float(.long) : nil
        case .double: return schema == .double ? .double(.double) : nil
        case .intToDouble: return schema == .double ? .double(.int) : nil
        case .longToDouble: return schema == .double ? .double(.long) : nil
        case .floatToDouble: return schema == .double ? .double(.float) : nil
        case .string, .bytesToString:
            switch schema {
            case .string: return .string(.text)
            case .uuid: return .string(.uuid)
            default: return nil
            }
        case .bytes, .stringToBytes:
            switch schema {
            case .bytes: return .bytes(.hex)
            case .decimal(let decimal): return decimal.fixed == nil ? .bytes(self.decimal(decimal)) : nil
            default: return nil
            }
        case .fixed(let size):
            switch schema {
            case .fixed: return .fixed(size, .hex)
            case .decimal(let decimal): return decimal.fixed == nil ? nil : .fixed(size, self.decimal(decimal))
            default: return nil
            }
        case .enumeration(let readerIndex, let writerSymbols, let readerName):
            guard case .enumeration(let enumeration) = schema else { return nil }
            guard readerIndex.allSatisfy({ $0.map { $0 < enumeration.symbols.count } ?? true }) else { return nil }
            let first = symbols.count
            symbols += readerIndex.map { $0.map { enumeration.symbols[$0] } }
            enumerations.append((writerSymbols, readerName))
            return .enumeration(first: first, count: readerIndex.count, names: enumerations.count - 1)
        default: return nil
        }
    }

    /// A long value (read as a long, or an int promoted) printed by the reader's long-based type.
    private func integer(_ source: AvroIntegerSource, _ schema: AvroSchema) -> AvroColumnPlan? {
        switch schema {
        case .long: return .integer(source, .decimal)
        case .timeMicros: return .integer(source, .timeMicros)
        case .timestampMillis: return .integer(source, .timestampMillis(local: false))
        case .localTimestampMillis: return .integer(source, .timestampMillis(local: true))
        case .timestampMicros: return .integer(source, .timestampMicros(local: false))
        case .localTimestampMicros: return .integer(source, .timestampMicros(local: true))
        default: return nil
        }
    }
}
