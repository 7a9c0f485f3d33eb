/// Decodes records written in Avro's binary encoding with a writer's schema into values of a reader's schema.
///
/// The two schemas are resolved once, when the decoder is made, so an incompatible writer is found before any
/// record is read, and decoding a record only follows the plan.
public struct AvroDecoder: Sendable {
    public let writer: AvroSchema
    public let reader: AvroSchema
    let plan: AvroPlan

    /// A decoder of records written with the same schema they are read with.
    public init(schema: AvroSchema) {
        // A schema always resolves against itself.
        self = try! AvroDecoder(writer: schema, reader: schema)
    }

    /// A decoder of records written with `writer` into values of `reader`, by Avro's schema resolution rules.
    public init(writer: AvroSchema, reader: AvroSchema) throws(DecodeError) {
        self.writer = writer
        self.reader = reader
        self.plan = try AvroPlan.resolve(writer: writer, reader: reader, path: reader.unqualifiedName ?? "value")
    }

    /// Decodes one record, which must take all of `bytes`.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> AvroValue {
        var input = AvroReader(bytes)
        let value = try input.read(plan)
        guard input.remaining == 0 else {
            throw DecodeError(
                "invalid Avro record: \(input.remaining) bytes left over after the value, at byte \(input.index)")
        }
        return value
    }
}

extension AvroReader {
    mutating func read(_ plan: AvroPlan) throws(DecodeError) -> AvroValue {
        switch plan {
        case .null: return .null
        case .boolean: return .boolean(try readBoolean())
        case .int: return .int(try readInt())
        case .long: return .long(try readLong())
        case .float: return .float(try readFloat())
        case .double: return .double(try readDouble())
        case .bytes: return .bytes(try readBytes())
        case .string: return .string(try readString())
        case .intToLong: return .long(Int64(try readInt()))
        case .intToFloat: return .float(Float(try readInt()))
        case .intToDouble: return .double(Double(try readInt()))
        case .longToFloat: return .float(Float(try readLong()))
        case .longToDouble: return .double(Double(try readLong()))
        case .floatToDouble: return .double(Double(try readFloat()))
        case .bytesToString: return .string(try readString())
        case .stringToBytes: return .bytes(try readBytes())
        case .fixed(let size): return .fixed(try readFixed(size))
        case .enumeration(let readerIndex, let writerSymbols, let readerName):
            let start = index
            let symbol = try readInt()
            guard symbol >= 0 && Int(symbol) < readerIndex.count else {
                throw DecodeError(
                    "invalid Avro record: enum symbol \(symbol) at byte \(start) (the writer's enum has \(readerIndex.count))"
                )
            }
            guard let index = readerIndex[Int(symbol)] else {
                throw DecodeError(
                    "the writer's symbol \(writerSymbols[Int(symbol)]) at byte \(start) is not one of the reader's "
                        + "\(readerName) and the reader's enum has no default")
            }
            return .enumeration(index)
        case .array(let items, let itemsMayBeEmpty):
            var values: [AvroValue] = []
            try readBlocks(itemsMayBeEmpty: itemsMayBeEmpty) { reader throws(DecodeError) in
                values.append(try reader.read(items))
            }
            return .array(values)
        case .map(let values):
            var entries: [AvroMapEntry] = []
            try readBlocks(itemsMayBeEmpty: false) { reader throws(DecodeError) in
                let key = try reader.readString()
                entries.append(AvroMapEntry(key: key, value: try reader.read(values)))
            }
            return .map(entries)
        case .record(let steps, let defaults):
            var values = defaults
            for step in steps {
                switch step {
                case .read(let field, let plan): values[field] = try read(plan)
                case .skip(let schema): try skip(schema)
                }
            }
            return .record(values)
        case .writerUnion(let plans):
            let start = index
            let branch = try readUnionIndex(plans.count)
            switch plans[branch] {
            case .success(let plan): return try read(plan)
            case .failure(let error):
                throw DecodeError(
                    "the writer's union branch \(branch) at byte \(start) cannot be read: \(error.reason)")
            }
        case .readerUnion(let branch, let plan):
            return .union(branch: branch, try read(plan))
        }
    }

    private mutating func readBlocks(
        itemsMayBeEmpty: Bool, _ item: (inout AvroReader) throws(DecodeError) -> Void
    ) throws(DecodeError) {
        var size: Int?
        while true {
            let count = try readBlockCount(itemsMayBeEmpty: itemsMayBeEmpty, size: &size)
            if count == 0 { return }
            let blockEnd = size.map { index + $0 }
            for _ in 0..<count {
                try item(&self)
            }
            if let blockEnd, blockEnd != index {
                throw DecodeError("invalid Avro record: a block's size says it ends at byte \(blockEnd), not \(index)")
            }
        }
    }
}
