/// PostgreSQL's text form of one-dimensional arrays (`{a,"b c",NULL}`, `[0:1]={1,2}`) and of `int2vector` /
/// `oidvector` (`1 2`, numbered from 0): how pg_catalog's array columns are kept in the storage engine.
struct PGArrayText: Equatable {
    var lowerBound: Int
    var elements: [String?]

    init(lowerBound: Int = 1, elements: [String?]) {
        self.lowerBound = lowerBound
        self.elements = elements
    }

    /// Reads either form; nil when the text is neither.
    init?(parsing text: String) {
        var characters = Substring(text.drop { $0 == " " })
        lowerBound = 1
        if characters.first == "[" {
            guard let colon = characters.firstIndex(of: ":"), let close = characters.firstIndex(of: "]"),
                let low = Int(characters[characters.index(after: characters.startIndex)..<colon])
            else { return nil }
            lowerBound = low
            characters = characters[characters.index(after: close)...]
            guard characters.first == "=" else { return nil }
            characters = characters.dropFirst()
        }
        guard characters.first == "{" else {
            // int2vector and oidvector: space-separated numbers from subscript 0.
            let words = text.split(separator: " ").map(String.init)
            guard words.allSatisfy({ Int64($0) != nil }) else { return nil }
            lowerBound = 0
            elements = words
            return
        }
        guard characters.last == "}" else { return nil }
        let body = characters.dropFirst().dropLast()
        elements = []
        if body.allSatisfy({ $0 == " " }) { return }
        var current = ""
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for character in body {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if character == ",", !quoted {
                elements.append(Self.element(current, quoted: wasQuoted))
                current = ""
                wasQuoted = false
            } else {
                current.append(character)
            }
        }
        guard !quoted, !escaped else { return nil }
        elements.append(Self.element(current, quoted: wasQuoted))
    }

    private static func element(_ text: String, quoted: Bool) -> String? {
        if quoted { return text }
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return trimmed.uppercased() == "NULL" ? nil : trimmed
    }

    /// The upper bound of the first dimension, nil for an empty array (as `array_upper` answers).
    var upperBound: Int? { elements.isEmpty ? nil : lowerBound + elements.count - 1 }

    func element(at position: Int) -> String? {
        let index = position - lowerBound
        guard index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    /// PostgreSQL's output: elements quoted when they must be, a bounds prefix when they do not start at 1.
    var text: String {
        let body = elements.map { element -> String in
            guard let element else { return "NULL" }
            let needsQuotes =
                element.isEmpty || element.uppercased() == "NULL"
                || element.contains { "{},\"\\ \t\n".contains($0) }
            guard needsQuotes else { return element }
            var escaped = ""
            for character in element {
                if character == "\"" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return "\"" + escaped + "\""
        }
        let prefix = lowerBound == 1 || elements.isEmpty ? "" : "[\(lowerBound):\(lowerBound + elements.count - 1)]="
        return prefix + "{" + body.joined(separator: ",") + "}"
    }
}
