import NIOCore

/// How `COPY … TO STDOUT` writes rows, as the wire layer needs it (the SQL layer's `CopyTo` without its query).
public struct PGCopyOut: Sendable, Equatable {
    public enum Format: Sendable, Equatable {
        case text, csv, binary
    }

    public var format: Format
    public var header: Bool
    public var delimiter: UInt8
    public var null: String
    public var quote: UInt8
    public var escape: UInt8
    /// CSV: per column, whether it is quoted even when nothing in it needs quoting.
    public var forceQuote: [Bool]

    public init(
        format: Format, header: Bool = false, delimiter: UInt8, null: String, quote: UInt8 = UInt8(ascii: "\""),
        escape: UInt8 = UInt8(ascii: "\""), forceQuote: [Bool] = []
    ) {
        self.format = format
        self.header = header
        self.delimiter = delimiter
        self.null = null
        self.quote = quote
        self.escape = escape
        self.forceQuote = forceQuote
    }

    /// The rows as COPY data: one chunk per row (the header line and the binary signature travel with the first),
    /// as PostgreSQL 15 sends them. Runs before anything is sent, so a column whose type has no binary form is an
    /// error the client gets instead of a broken stream.
    public func encode(columns: [PGColumn], rows: [[String?]]) throws(PGErrorFields) -> PGCopyData {
        let chunks = try encodeChunks(columns: columns, rows: rows, first: true, last: true)
        return PGCopyData(binary: format == .binary, columns: columns.count, chunks: chunks, rows: rows.count)
    }

    /// Part of a streamed copy as CopyData payloads: `first` adds the header line or binary signature (to the first
    /// row's chunk), `last` the binary trailer.
    public func encodeChunks(
        columns: [PGColumn], rows: [[String?]], first: Bool, last: Bool
    ) throws(PGErrorFields) -> [ByteBuffer] {
        var chunks: [ByteBuffer] = []
        chunks.reserveCapacity(rows.count + 2)
        var pending = ByteBuffer()
        if first { try start(columns: columns, into: &pending) }
        for row in rows {
            var line = pending
            pending = ByteBuffer()
            switch format {
            case .binary: try writeBinary(row, columns: columns, to: &line)
            case .text: writeTextRow(row, to: &line)
            case .csv: writeCSVRow(row, to: &line)
            }
            chunks.append(line)
        }
        if last, format == .binary {
            pending.writeInteger(Int16(-1))  // the file trailer
        }
        if pending.readableBytes > 0 { chunks.append(pending) }
        return chunks
    }

    private func start(columns: [PGColumn], into pending: inout ByteBuffer) throws(PGErrorFields) {
        switch format {
        case .binary:
            for column in columns where !PGValueCodec.supportsBinary(type: column.typeOID) {
                throw PGErrorFields(
                    sqlState: "0A000",
                    message: "column \(column.name) has type oid \(column.typeOID), which has no binary COPY form here",
                    hint: "use FORMAT text or FORMAT csv, or cast the column to text")
            }
            pending.writeBytes([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])
            pending.writeInteger(Int32(0))  // flags
            pending.writeInteger(Int32(0))  // header extension length
        case .text, .csv:
            if header {
                for (index, column) in columns.enumerated() {
                    if index > 0 { pending.writeInteger(delimiter) }
                    if format == .csv {
                        writeCSV(column.name, force: false, single: columns.count == 1, to: &pending)
                    } else {
                        writeText(column.name, to: &pending)
                    }
                }
                pending.writeInteger(UInt8(ascii: "\n"))
            }
        }
    }

    // MARK: - Text

    private func writeTextRow(_ row: [String?], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(delimiter) }
            if let value { writeText(value, to: &buffer) } else { buffer.writeString(null) }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A value in COPY's text format: backslash, the delimiter and the control characters PostgreSQL names
    /// (`\b \f \n \r \t \v`) are escaped with a backslash; everything else goes as it is.
    private func writeText(_ value: String, to buffer: inout ByteBuffer) {
        for byte in value.utf8 {
            switch byte {
            case 0x08: buffer.writeBytes([0x5C, UInt8(ascii: "b")])
            case 0x0C: buffer.writeBytes([0x5C, UInt8(ascii: "f")])
            case 0x0A: buffer.writeBytes([0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.writeBytes([0x5C, UInt8(ascii: "r")])
            case 0x09: buffer.writeBytes([0x5C, UInt8(ascii: "t")])
            case 0x0B: buffer.writeBytes([0x5C, UInt8(ascii: "v")])
            case 0x5C, delimiter: buffer.writeBytes([0x5C, byte])
            default: buffer.writeInteger(byte)
            }
        }
    }

    // MARK: - CSV

    private func writeCSVRow(_ row: [String?], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(delimiter) }
            if let value {
                let force = index < forceQuote.count && forceQuote[index]
                writeCSV(value, force: force, single: row.count == 1, to: &buffer)
            } else {
                buffer.writeString(null)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A field quoted when it must be (the delimiter, the quote, a line break; equal to the NULL string, so it
    /// reads back as a value; `\.` alone in a one-column row, which would end the data) or when forced; inside
    /// quotes the quote and escape characters are preceded by the escape character.
    private func writeCSV(_ value: String, force: Bool, single: Bool, to buffer: inout ByteBuffer) {
        let bytes = value.utf8
        var quoted = force || value == null
        if !quoted {
            quoted =
                (single && value == "\\.")
                || bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        }
        guard quoted else {
            buffer.writeString(value)
            return
        }
        buffer.writeInteger(quote)
        for byte in bytes {
            if byte == quote || byte == escape { buffer.writeInteger(escape) }
            buffer.writeInteger(byte)
        }
        buffer.writeInteger(quote)
    }

    // MARK: - Binary

    private func writeBinary(_ row: [String?], columns: [PGColumn], to buffer: inout ByteBuffer) throws(PGErrorFields) {
        buffer.writeInteger(Int16(row.count))
        for (index, value) in row.enumerated() {
            guard let value else {
                buffer.writeInteger(Int32(-1))
                continue
            }
            do {
                var binary = try PGValueCodec.binary(fromText: value, type: columns[index].typeOID)
                buffer.writeInteger(Int32(binary.readableBytes))
                buffer.writeBuffer(&binary)
            } catch let error as PGErrorFields {
                throw error
            } catch {
                throw PGErrorFields(sqlState: "XX000", message: "\(error)")
            }
        }
    }
}

/// Rows encoded for `COPY … TO STDOUT`, ready to send.
public struct PGCopyData: Sendable, Equatable {
    public var binary: Bool
    public var columns: Int
    /// The CopyData payloads, in order.
    public var chunks: [ByteBuffer]
    /// How many rows the chunks hold (for `COPY n`).
    public var rows: Int

    public init(binary: Bool, columns: Int, chunks: [ByteBuffer], rows: Int) {
        self.binary = binary
        self.columns = columns
        self.chunks = chunks
        self.rows = rows
    }

    /// CopyOutResponse, the CopyData messages, CopyDone and `COPY n`.
    public var messages: [PGBackendMessage] {
        [.copyOutResponse(binary: binary, columns: columns)] + chunks.map(PGBackendMessage.copyData)
            + [.copyDone, .commandComplete("COPY \(rows)")]
    }
}
