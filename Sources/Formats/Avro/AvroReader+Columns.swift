extension AvroReader {
    /// Reads one column's value by `plan` and returns it as `Output` (its text, or a cell).
    ///
    /// Malformed bytes throw, as `read(_:)` does; a value that reads but has no PostgreSQL text (a NUL in a
    /// string, a date out of range) goes to `failure` instead and gives NULL, because the tree path reports
    /// such errors only once the whole record has read.
    mutating func column<Output: AvroColumnOutput>(
        _ plan: AvroColumnPlan, _ tables: AvroColumnTables, failure: inout DecodeError?
    ) throws(DecodeError) -> Output {
        switch plan {
        case .null: return .null
        case .boolean: return .boolean(try readBoolean())
        case .integer(let source, let text):
            let value: Int64
            switch source {
            case .int: value = Int64(try readInt())
            case .long: value = try readLong()
            }
            do throws(DecodeError) {
                return try .integer(value, text)
            } catch {
                failure = error
                return .null
            }
        case .float(let source):
            let value: Float
            switch source {
            case .int: value = Float(try readInt())
            case .long: value = Float(try readLong())
            case .float: value = try readFloat()
            }
            return .float(value)
        case .double(let source):
            let value: Double
            switch source {
            case .int: value = Double(try readInt())
            case .long: value = Double(try readLong())
            case .float: value = Double(try readFloat())
            case .double: value = try readDouble()
            }
            return .double(value)
        case .string(let text):
            return try stringText(text, failure: &failure)
        case .bytes(let text):
            let count = try readLength("bytes")
            return try bytesText(count, text, tables, failure: &failure)
        case .fixed(let size, let text):
            return try bytesText(size, text, tables, failure: &failure)
        case .enumeration(let first, let count, let names):
            let start = index
            let symbol = try readInt()
            guard symbol >= 0 && Int(symbol) < count else {
                throw DecodeError(
                    "invalid Avro record: enum symbol \(symbol) at byte \(start) (the writer's enum has \(count))")
            }
            guard let text = tables.symbols[first + Int(symbol)] else {
                let (writerSymbols, readerName) = tables.enumerations[names]
                throw DecodeError(
                    "the writer's symbol \(writerSymbols[Int(symbol)]) at byte \(start) is not one of the reader's "
                        + "\(readerName) and the reader's enum has no default")
            }
            return .text(text)
        case .union(let first, let count):
            let start = index
            let branch = try readUnionIndex(count)
            let plan = tables.branches[first + branch]
            if case .unreadable(let error) = plan {
                throw DecodeError(
                    "the writer's union branch \(branch) at byte \(start) cannot be read: \(tables.errors[error].reason)"
                )
            }
            return try column(plan, tables, failure: &failure)
        case .unreadable(let error):
            throw tables.errors[error]
        case .value(let index):
            let (plan, schema) = tables.values[index]
            let value = try read(plan)
            do throws(DecodeError) {
                return try .value(value, schema)
            } catch {
                failure = error
                return .null
            }
        }
    }

    /// A string's text, or a uuid's; text without a NUL that is all ASCII needs no validating pass.
    private mutating func stringText<Output: AvroColumnOutput>(_ text: AvroStringText, failure: inout DecodeError?)
        throws(DecodeError) -> Output
    {
        let start = index
        let count = try readLength("a string")
        let range = index..<index + count
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        var plain = true
        for byte in slice where byte == 0 || byte >= 0x80 {
            plain = false
            break
        }
        // Text kept as it is: ASCII without NUL, or any valid UTF-8 without NUL.
        if case .text = text, plain || (try? TextFormat.validate(slice)) != nil {
            try skip(count)
            return .utf8(slice, at: range)
        }
        let string: String
        if plain {
            string = String(decoding: slice, as: UTF8.self)
        } else {
            guard let validated = String(validating: slice, as: UTF8.self) else {
                throw DecodeError("invalid Avro record: the string at byte \(start) is not valid UTF-8")
            }
            string = validated
        }
        try skip(count)
        do throws(DecodeError) {
            switch text {
            case .text:
                guard plain || !slice.contains(0) else { throw AvroText.nul(string) }
                return .text(string)
            case .uuid: return .text(try AvroText.uuidText(string))
            }
        } catch {
            failure = error
            return .null
        }
    }

    /// `count` bytes as bytea's hex or a decimal's numeric text.
    private mutating func bytesText<Output: AvroColumnOutput>(
        _ count: Int, _ text: AvroBytesText, _ tables: AvroColumnTables, failure: inout DecodeError?
    ) throws(DecodeError) -> Output {
        guard remaining >= count else { throw truncated("\(count) bytes", at: index) }
        let range = index..<index + count
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        try skip(count)
        switch text {
        case .hex: return .bytea(slice, at: range)
        case .decimal(let decimal):
            do throws(DecodeError) {
                return .text(try AvroText.decimalText(Array(slice), tables.decimals[decimal]))
            } catch {
                failure = error
                return .null
            }
        }
    }
}
