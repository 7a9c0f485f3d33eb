/// Decodes Debezium change events written with one envelope schema into the changes of a relation whose columns
/// are the reader envelope's `after` fields.
///
/// Built once per (writer, reader) pair like `AvroRowDecoder`: the writer's envelope is resolved against the
/// reader's `after` and `op` only, so `before`, `source` and the rest are skipped without being read into values,
/// and the `after` row is read by the same column program as a plain record (added fields with defaults, removed
/// fields, promotions).
public struct AvroDebeziumDecoder: Sendable {
    public let writer: AvroSchema
    public let reader: AvroSchema
    private let steps: [Step]
    /// The `after` row when the writer has no `after` field (the reader's default, which can only be null).
    private let afterWhenMissing: AfterBranch?
    /// `op` when the writer has none (the reader's default), or nil.
    private let opWhenMissing: String?

    private enum Step: Sendable {
        case skip(AvroSchema)
        /// The writer's `after`: one branch per writer union branch, or one for a writer that is not a union.
        case after([AfterBranch], isUnion: Bool)
        case op(AvroPlan)
    }

    private enum AfterBranch: Sendable {
        case null
        case row(AvroRowProgram)
        case unreadable(DecodeError)
    }

    /// A decoder of events written with `writer` read as `reader`'s envelope (an error names where the schemas
    /// disagree, or why `reader` is not an envelope).
    public init(writer: AvroSchema, reader: AvroSchema) throws(DecodeError) {
        self.writer = writer
        self.reader = reader
        let row = try AvroDebezium.rowRecord(of: reader)
        guard case .record(let envelope) = reader else { throw DecodeError("not a Debezium envelope") }
        let kept = envelope.fields.filter { $0.name == "after" || $0.name == "op" }
        let narrowed = AvroRecord(name: envelope.name, aliases: envelope.aliases, doc: nil, fields: kept)
        let plan = try AvroPlan.resolve(
            writer: writer, reader: .record(narrowed), path: AvroSchema.unqualified(envelope.name))
        guard case .record(let fieldSteps, let defaults) = plan else {
            throw DecodeError("the writer's \(writer.typeName) is not a Debezium envelope record")
        }
        var steps: [Step] = []
        var read = [Bool](repeating: false, count: kept.count)
        for step in fieldSteps {
            switch step {
            case .skip(let schema):
                steps.append(.skip(schema))
            case .read(let field, let fieldPlan):
                read[field] = true
                if kept[field].name == "op" {
                    steps.append(.op(fieldPlan))
                } else if case .writerUnion(let branches) = fieldPlan {
                    let compiled = branches.map { branch -> AfterBranch in
                        switch branch {
                        case .success(let plan): return Self.branch(plan, kept[field].type, row)
                        case .failure(let error): return .unreadable(error)
                        }
                    }
                    steps.append(.after(compiled, isUnion: true))
                } else {
                    steps.append(.after([Self.branch(fieldPlan, kept[field].type, row)], isUnion: false))
                }
            }
        }
        var afterWhenMissing: AfterBranch?
        var opWhenMissing: String?
        for (index, field) in kept.enumerated() where !read[index] {
            if field.name == "op" {
                opWhenMissing = Self.string(defaults[index])
            } else {
                afterWhenMissing = .null
            }
        }
        self.steps = steps
        self.afterWhenMissing = afterWhenMissing
        self.opWhenMissing = opWhenMissing
    }

    /// The number of columns an `after` row decodes into.
    public var columnCount: Int {
        guard let row = try? AvroDebezium.rowRecord(of: reader) else { return 0 }
        return row.fields.count
    }

    /// How one writer branch of `after` is read into the reader's `after` type.
    private static func branch(_ plan: AvroPlan, _ type: AvroSchema, _ row: AvroRecord) -> AfterBranch {
        switch plan {
        case .null: return .null
        case .readerUnion(let branch, let inner):
            guard case .union(let branches) = type, branch < branches.count else {
                return .unreadable(DecodeError("the writer's after cannot be read as the reader's \(type.typeName)"))
            }
            return Self.branch(inner, branches[branch], row)
        case .record(let steps, let defaults):
            return .row(AvroRowProgram(row, steps: steps, defaults: defaults))
        default:
            return .unreadable(DecodeError("the writer's after is not a record of the reader's \(row.name)"))
        }
    }

    private static func string(_ value: AvroValue) -> String? {
        switch value {
        case .string(let text): return text
        case .union(_, let inner): return string(inner)
        default: return nil
        }
    }

    /// Decodes one event, which must take all of `bytes`, into its change: `c`, `r` and `u` with an `after` row
    /// upsert it, `d` without one deletes; any other combination is an error that says which.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> AvroDebeziumChange {
        var input = AvroReader(bytes)
        var after = afterWhenMissing
        var row: [AvroCell]?
        var failure: DecodeError?
        var op = opWhenMissing
        for step in steps {
            switch step {
            case .skip(let schema):
                try input.skip(schema)
            case .op(let plan):
                op = Self.string(try input.read(plan))
            case .after(let branches, let isUnion):
                let start = input.index
                let branch = isUnion ? branches[try input.readUnionIndex(branches.count)] : branches[0]
                after = branch
                switch branch {
                case .null: break
                case .row(let program):
                    (row, failure) = try program.read(&input, defaults: program.defaultCells)
                case .unreadable(let error):
                    throw DecodeError("the writer's after at byte \(start) cannot be read: \(error.reason)")
                }
            }
        }
        try input.expectEnd()
        if let failure { throw DecodeError("after: \(failure.reason)") }
        switch (op, row) {
        case (nil, let row?), ("c", let row?), ("r", let row?), ("u", let row?):
            return .upsert(row)
        case (nil, nil), ("d", nil):
            return .delete
        case ("d", _?):
            throw DecodeError("malformed Debezium event: op d (delete) has an after row; a delete's after is null")
        case (let op?, nil) where op == "c" || op == "r" || op == "u":
            let missing = after == nil ? "the writer's envelope has no after field" : "after is null"
            throw DecodeError("malformed Debezium event: op \(op) has no row (\(missing)); only op d deletes")
        case (let op?, _):
            throw DecodeError(
                "Debezium op '\(op)' is not c, r, u or d: truncate (t) and message (m) events change no row here")
        }
    }
}
