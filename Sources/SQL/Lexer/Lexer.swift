/// Splits SQL text into tokens: words, quoted identifiers, string literals (standard, `E'…'` and
/// dollar-quoted), numbers, `$n` parameters and symbols; skips whitespace and `--` / nested `/* */` comments.
///
/// The parser and the query rewriter share it, so both agree on where strings and comments are.
public struct Lexer: Sendable {
    private let scalars: [Unicode.Scalar]
    /// The text's bytes when it is all ASCII (most statements): then a scalar offset is a byte offset, and token
    /// texts are made from bytes instead of one scalar at a time. Every query is lexed on its way in, so this
    /// shows in the rate of point lookups.
    private let ascii: [UInt8]?

    public init(_ text: String) {
        self.scalars = Array(text.unicodeScalars)
        let bytes = Array(text.utf8)
        self.ascii = bytes.count == scalars.count ? bytes : nil
    }

    /// The text between two scalar offsets, as produced in `Token.start` / `Token.end`.
    public func text(from start: Int, to end: Int) -> String {
        let range = max(0, start)..<min(end, scalars.count)
        if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[range])
        return String(result)
    }

    /// An unquoted word folded to lower case; ASCII words byte by byte, with the same result as `lowercased()`.
    private func word(from start: Int, to end: Int) -> String {
        guard let ascii else { return text(from: start, to: end).lowercased() }
        let bytes = ascii[start..<end]
        guard bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(
            decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
            as: UTF8.self)
    }

    /// Every token of the text, ending with `.endOfInput`.
    public func tokenize() throws(SQLError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while true {
            index = try skipTrivia(from: index)
            guard index < scalars.count else {
                tokens.append(Token(kind: .endOfInput, start: scalars.count, end: scalars.count))
                return tokens
            }
            let token = try lexToken(at: index)
            tokens.append(token)
            index = token.end
        }
    }

    private func peek(_ index: Int) -> Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private func skipTrivia(from start: Int) throws(SQLError) -> Int {
        var index = start
        while let scalar = peek(index) {
            if Self.isWhitespace(scalar) {
                index += 1
            } else if scalar == "-", peek(index + 1) == "-" {
                while let next = peek(index), next != "\n" { index += 1 }
            } else if scalar == "/", peek(index + 1) == "*" {
                var depth = 0
                let opening = index
                repeat {
                    if peek(index) == "/", peek(index + 1) == "*" {
                        depth += 1
                        index += 2
                    } else if peek(index) == "*", peek(index + 1) == "/" {
                        depth -= 1
                        index += 2
                    } else if peek(index) == nil {
                        throw SQLError.syntax("unterminated /* comment; close it with */", position: opening + 1)
                    } else {
                        index += 1
                    }
                } while depth > 0
            } else {
                break
            }
        }
        return index
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || ("\t"..."\r").contains(scalar) }
        return scalar.properties.isWhitespace
    }

    private static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }

    private static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        isWordStart(scalar) || ("0"..."9").contains(scalar) || scalar == "$"
    }

    private static let operatorScalars: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "<", ">", "=", "~", "!", "@", "#", "%", "^", "&", "|", "`", "?",
    ]

    private func lexToken(at start: Int) throws(SQLError) -> Token {
        let scalar = scalars[start]
        if (scalar == "e" || scalar == "E"), peek(start + 1) == "'" {
            let (value, end) = try lexString(openingAt: start + 1, escapes: true)
            return Token(kind: .string(value), start: start, end: end)
        }
        if Self.isWordStart(scalar) {
            var end = start + 1
            while let next = peek(end), Self.isWordPart(next) { end += 1 }
            return Token(kind: .identifier(word(from: start, to: end), quoted: false), start: start, end: end)
        }
        if ("0"..."9").contains(scalar) || (scalar == "." && peek(start + 1).map { ("0"..."9").contains($0) } == true) {
            return lexNumber(at: start)
        }
        switch scalar {
        case "'":
            let (value, end) = try lexString(openingAt: start, escapes: false)
            return Token(kind: .string(value), start: start, end: end)
        case "\"":
            return try lexQuotedIdentifier(at: start)
        case "$":
            return try lexDollar(at: start)
        case "(", ")", ",", ";", "[", "]", ".":
            return Token(kind: .symbol(String(scalar)), start: start, end: start + 1)
        case ":":
            if peek(start + 1) == ":" { return Token(kind: .symbol("::"), start: start, end: start + 2) }
            return Token(kind: .symbol(":"), start: start, end: start + 1)
        default:
            guard Self.operatorScalars.contains(scalar) else {
                throw SQLError.syntax("unexpected character '\(scalar)'", position: start + 1)
            }
            var end = start + 1
            while let next = peek(end), Self.operatorScalars.contains(next),
                !(next == "-" && peek(end + 1) == "-"), !(next == "/" && peek(end + 1) == "*")
            {
                end += 1
            }
            end = Self.operatorEnd(scalars[start..<end], start: start)
            let symbol = text(from: start, to: end)
            return Token(kind: .symbol(symbol == "!=" ? "<>" : symbol), start: start, end: end)
        }
    }

    /// PostgreSQL's rule: a multi-character operator ends in `+` or `-` only when it also contains one of
    /// `~ ! @ # % ^ & | ` ?`, so `a*-1` is `a * -1` and `a<-1` is `a < -1`.
    private static func operatorEnd(_ operatorScalars: ArraySlice<Unicode.Scalar>, start: Int) -> Int {
        var end = operatorScalars.endIndex
        guard end - start > 1, let last = operatorScalars.last, last == "+" || last == "-" else { return end }
        let special: Set<Unicode.Scalar> = ["~", "!", "@", "#", "%", "^", "&", "|", "`", "?"]
        guard !operatorScalars.dropLast().contains(where: special.contains) else { return end }
        while end - start > 1, let last = operatorScalars[start..<end].last, last == "+" || last == "-" {
            end -= 1
        }
        return end
    }

    private func lexNumber(at start: Int) -> Token {
        var end = start
        func digits() { while let next = peek(end), ("0"..."9").contains(next) { end += 1 } }
        digits()
        if peek(end) == ".", peek(end + 1) != "." {
            end += 1
            digits()
        }
        if let e = peek(end), e == "e" || e == "E" {
            var probe = end + 1
            if let sign = peek(probe), sign == "+" || sign == "-" { probe += 1 }
            if let digit = peek(probe), ("0"..."9").contains(digit) {
                end = probe
                digits()
            }
        }
        return Token(kind: .number(text(from: start, to: end)), start: start, end: end)
    }

    /// Reads `'…'` starting at the opening quote; `''` is a quote. Adjacent literals separated by a newline
    /// are not joined (rarely used, and ambiguous in error positions).
    private func lexString(openingAt opening: Int, escapes: Bool) throws(SQLError) -> (String, Int) {
        // Most literals hold no quote or backslash: then the value is the bytes up to the closing quote.
        if let ascii {
            var end = opening + 1
            while end < ascii.count, ascii[end] != UInt8(ascii: "'"), !(escapes && ascii[end] == UInt8(ascii: "\\")) {
                end += 1
            }
            if end < ascii.count, ascii[end] == UInt8(ascii: "'"),
                end + 1 == ascii.count || ascii[end + 1] != ascii[end]
            {
                return (String(decoding: ascii[(opening + 1)..<end], as: UTF8.self), end + 1)
            }
        }
        var value = String.UnicodeScalarView()
        var index = opening + 1
        while true {
            guard let scalar = peek(index) else {
                throw SQLError.syntax("unterminated string literal; close it with '", position: opening + 1)
            }
            if scalar == "'" {
                if peek(index + 1) == "'" {
                    value.append("'")
                    index += 2
                    continue
                }
                return (String(value), index + 1)
            }
            if escapes, scalar == "\\", peek(index + 1) != nil {
                let (escaped, next) = try lexEscape(at: index)
                value.append(escaped)
                index = next
                continue
            }
            value.append(scalar)
            index += 1
        }
    }

    /// One backslash escape of an `E'…'` string, at the backslash: `\n \t \r \b \f`, octal `\ooo`, hexadecimal
    /// `\xhh`, Unicode `\uXXXX` and `\UXXXXXXXX`; any other character stands for itself.
    private func lexEscape(at backslash: Int) throws(SQLError) -> (Unicode.Scalar, Int) {
        guard let next = peek(backslash + 1) else { return ("\\", backslash + 1) }
        func digits(from start: Int, radix: Int, upTo count: Int) -> (UInt32, Int) {
            var value: UInt32 = 0
            var end = start
            while end - start < count, let scalar = peek(end), let digit = Character(scalar).hexDigitValue,
                digit < radix
            {
                value = value * UInt32(radix) + UInt32(digit)
                end += 1
            }
            return (value, end)
        }
        func scalar(_ value: UInt32, _ end: Int) throws(SQLError) -> (Unicode.Scalar, Int) {
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw SQLError.syntax("invalid escape in an E'' string literal", position: backslash + 1)
            }
            return (scalar, end)
        }
        switch next {
        case "n": return ("\n", backslash + 2)
        case "t": return ("\t", backslash + 2)
        case "r": return ("\r", backslash + 2)
        case "b": return ("\u{08}", backslash + 2)
        case "f": return ("\u{0C}", backslash + 2)
        case "0"..."7":
            let (value, end) = digits(from: backslash + 1, radix: 8, upTo: 3)
            return try scalar(value, end)
        case "x" where peek(backslash + 2).flatMap { Character($0).hexDigitValue } != nil:
            let (value, end) = digits(from: backslash + 2, radix: 16, upTo: 2)
            return try scalar(value, end)
        case "u", "U":
            let count = next == "u" ? 4 : 8
            let (value, end) = digits(from: backslash + 2, radix: 16, upTo: count)
            guard end - (backslash + 2) == count else {
                throw SQLError.syntax(
                    "invalid Unicode escape; write \\\(next) followed by \(count) hexadecimal digits",
                    position: backslash + 1)
            }
            return try scalar(value, end)
        default:
            return (next, backslash + 2)
        }
    }

    private func lexQuotedIdentifier(at opening: Int) throws(SQLError) -> Token {
        var value = String.UnicodeScalarView()
        var index = opening + 1
        while true {
            guard let scalar = peek(index) else {
                throw SQLError.syntax("unterminated quoted identifier; close it with \"", position: opening + 1)
            }
            if scalar == "\"" {
                if peek(index + 1) == "\"" {
                    value.append("\"")
                    index += 2
                    continue
                }
                guard !value.isEmpty else {
                    throw SQLError.syntax(
                        "zero-length quoted identifier; put a name between the quotes", position: opening + 1)
                }
                return Token(kind: .identifier(String(value), quoted: true), start: opening, end: index + 1)
            }
            value.append(scalar)
            index += 1
        }
    }

    /// `$1` parameters and `$tag$…$tag$` strings.
    private func lexDollar(at start: Int) throws(SQLError) -> Token {
        var end = start + 1
        if let next = peek(end), ("0"..."9").contains(next) {
            while let digit = peek(end), ("0"..."9").contains(digit) { end += 1 }
            guard let number = Int(text(from: start + 1, to: end)), number > 0 else {
                throw SQLError.syntax("parameters are numbered from $1", position: start + 1)
            }
            return Token(kind: .parameter(number), start: start, end: end)
        }
        while let next = peek(end), next != "$", Self.isWordPart(next) { end += 1 }
        guard peek(end) == "$" else {
            throw SQLError.syntax("unexpected character '$'", position: start + 1)
        }
        let tag = Array(scalars[start...end])
        let bodyStart = end + 1
        var index = bodyStart
        while index + tag.count <= scalars.count {
            if Array(scalars[index..<(index + tag.count)]) == tag {
                return Token(kind: .string(text(from: bodyStart, to: index)), start: start, end: index + tag.count)
            }
            index += 1
        }
        throw SQLError.syntax(
            "unterminated dollar-quoted string; close it with \(String(String.UnicodeScalarView(tag)))",
            position: start + 1)
    }
}
