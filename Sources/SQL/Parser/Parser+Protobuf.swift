extension Parser {
    /// After `PROTOBUF`: `[MESSAGE 'pkg.Msg'] USING CONFLUENT SCHEMA REGISTRY CONNECTION c` or `MESSAGE 'pkg.Msg'
    /// USING SCHEMA '\x…'`, the hex of a serialized `FileDescriptorSet` as Materialize writes it (`protoc
    /// --include_imports --descriptor_set_out`).
    mutating func parseProtobufFormat() throws(SQLError) -> ProtobufFormat {
        var message: String?
        if accept("message") {
            let position = current.position
            let name = try parseString("the message's full name as a string, e.g. MESSAGE 'billing.Batch'")
            let trimmed = name.hasPrefix(".") ? String(name.dropFirst()) : name
            guard !trimmed.isEmpty, !trimmed.contains(" ") else {
                throw SQLError(
                    sqlState: "22023", message: "MESSAGE needs a message's full name, e.g. MESSAGE 'billing.Batch'",
                    position: position)
            }
            message = trimmed
        }
        guard accept("using") else {
            throw unexpected(
                "USING CONFLUENT SCHEMA REGISTRY CONNECTION name, or MESSAGE 'pkg.Msg' USING SCHEMA '\\x…', after "
                    + "PROTOBUF")
        }
        if current.isKeyword("schema") {
            let position = current.position
            index += 1
            guard let message else {
                throw SQLError(
                    sqlState: "42601",
                    message: "FORMAT PROTOBUF USING SCHEMA needs the message to read: write FORMAT PROTOBUF MESSAGE "
                        + "'pkg.Msg' USING SCHEMA '\\x…'", position: position)
            }
            let bytesPosition = current.position
            let text = try parseString("the schema as a string: '\\x' and the hex of a serialized FileDescriptorSet")
            guard let bytes = Self.hexBytes(text), !bytes.isEmpty else {
                throw SQLError(
                    sqlState: "22023",
                    message: "USING SCHEMA needs '\\x' followed by the hex of a serialized FileDescriptorSet (e.g. "
                        + "the output of protoc --include_imports --descriptor_set_out=schema.pb, as "
                        + "'\\x' || encode(pg_read_binary_file('schema.pb'), 'hex'))", position: bytesPosition)
            }
            return ProtobufFormat(schema: .inline(bytes), message: message)
        }
        guard accept(["confluent", "schema", "registry", "connection"]) else {
            throw unexpected("CONFLUENT SCHEMA REGISTRY CONNECTION name or SCHEMA '\\x…' after PROTOBUF … USING")
        }
        let connection = try parseObjectName("the name of a CONFLUENT SCHEMA REGISTRY connection")
        try refuseSubjectStrategy()
        return ProtobufFormat(schema: .registry(connection: connection), message: message)
    }

    /// `\x` and an even number of hex digits, as bytes.
    static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"),
            utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X"),
            utf8.count % 2 == 0
        else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
