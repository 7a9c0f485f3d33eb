/// `FORMAT CSV WITH n COLUMNS [DELIMITED BY 'c']`: one Kafka record is one CSV row of `n` text columns.
///
/// Quoting follows RFC 4180 with `"` as the quote and `""` for a quote inside a quoted field, so a field may
/// hold the delimiter or a line break; fields are PostgreSQL text, so the row must be UTF-8 without NUL.
public struct CSVDecoder: Sendable {
    private let columnCount: Int
    private let delimiter: UInt8

    /// A decoder for rows of `columnCount` fields separated by `delimiter`.
    ///
    /// The planner checks `DELIMITED BY` before it gets here: the delimiter is one ASCII character other than
    /// `"`, carriage return and line feed, and there is at least one column.
    public init(columnCount: Int, delimiter: UInt8 = UInt8(ascii: ",")) {
        precondition(columnCount > 0, "a CSV source has at least one column")
        precondition(
            delimiter < 0x80 && delimiter != quote && delimiter != lineFeed && delimiter != carriageReturn,
            "a CSV delimiter is one ASCII character other than '\"', CR and LF")
        self.columnCount = columnCount
        self.delimiter = delimiter
    }

    /// The fields of the row in `bytes`, unquoted; a single trailing "\n" or "\r\n" is not part of the row.
    ///
    /// An empty unquoted field is the empty string, not NULL. A `"` inside an unquoted field is kept as it is,
    /// as Materialize's CSV reader does; anything but the delimiter after a closing quote is an error.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> [String] {
        var end = bytes.count
        if end > 0 && bytes[end - 1] == lineFeed {
            end -= 1
            if end > 0 && bytes[end - 1] == carriageReturn {
                end -= 1
            }
        }
        try TextValidation.validate(bytes, to: end)

        var fields: [String] = []
        fields.reserveCapacity(columnCount)
        var found = 0
        var index = 0
        while true {
            let field: Field
            if index < end && bytes[index] == quote {
                field = try quotedField(bytes, openingAt: index, end: end)
            } else {
                field = try unquotedField(bytes, from: index, end: end)
            }
            if found < columnCount {
                fields.append(field.text(bytes))
            }
            found += 1
            index = field.resume
            guard index < end else { break }
            guard bytes[index] == delimiter else {
                let character = ByteDescription.character(in: bytes, at: index, end: end) ?? "byte"
                throw DecodeError(
                    "unexpected \(character) after the closing quote at byte \(index); "
                        + "a quoted field must be followed by the delimiter or the end of the row")
            }
            index += 1
            if index == end {
                // A delimiter at the end of the row opens one last, empty field.
                if found < columnCount {
                    fields.append("")
                }
                found += 1
                break
            }
        }
        guard found == columnCount else {
            throw DecodeError("expected \(columnCount) \(columnCount == 1 ? "column" : "columns"), found \(found)")
        }
        return fields
    }

    /// Where a field's text lies and where the scan resumes (at the delimiter or the end of the row).
    private struct Field {
        var start: Int
        var end: Int
        /// The quoted field's text with each `""` made one `"`, when it had any.
        var unescaped: [UInt8]?
        var resume: Int

        func text(_ bytes: UnsafeRawBufferPointer) -> String {
            if let unescaped {
                return String(decoding: unescaped, as: UTF8.self)
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    private func unquotedField(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) throws(DecodeError) -> Field
    {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == delimiter {
                break
            }
            if byte == lineFeed || byte == carriageReturn {
                throw DecodeError(
                    "line break outside quotes at byte \(index); a record holds one CSV row, "
                        + "so a field with a line break must be quoted")
            }
            index += 1
        }
        return Field(start: start, end: index, unescaped: nil, resume: index)
    }

    private func quotedField(_ bytes: UnsafeRawBufferPointer, openingAt open: Int, end: Int) throws(DecodeError)
        -> Field
    {
        let start = open + 1
        var index = start
        var unescaped: [UInt8] = []
        var hasDoubledQuote = false
        var runStart = start
        while true {
            guard index < end else {
                throw DecodeError("quoted field starting at byte \(open) has no closing quote")
            }
            guard bytes[index] == quote else {
                index += 1
                continue
            }
            guard index + 1 < end && bytes[index + 1] == quote else { break }
            // A doubled quote: keep the text so far and one quote, and go on after the pair.
            unescaped.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...index]))
            hasDoubledQuote = true
            index += 2
            runStart = index
        }
        guard hasDoubledQuote else {
            return Field(start: start, end: index, unescaped: nil, resume: index + 1)
        }
        unescaped.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
        return Field(start: start, end: index, unescaped: unescaped, resume: index + 1)
    }
}

private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
