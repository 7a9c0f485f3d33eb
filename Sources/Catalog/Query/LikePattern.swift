/// PostgreSQL's LIKE: `%` any run, `_` one character, `\` (or the ESCAPE character; none for `ESCAPE ''`)
/// escapes; case-sensitive (SQLite's LIKE is not).
struct LikePattern: Sendable {
    private enum Element: Equatable {
        case literal(Character)
        case one
        case any
    }

    private let elements: [Element]

    init(_ pattern: String) {
        self.init(pattern, escape: "\\")
    }

    init(_ pattern: String, escape: Character?) {
        var elements: [Element] = []
        var escaped = false
        for character in pattern {
            if escaped {
                elements.append(.literal(character))
                escaped = false
            } else if character == escape {
                escaped = true
            } else if character == "%" {
                if elements.last != .any { elements.append(.any) }
            } else if character == "_" {
                elements.append(.one)
            } else {
                elements.append(.literal(character))
            }
        }
        if escaped, let escape { elements.append(.literal(escape)) }
        self.elements = elements
    }

    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        // matched[j]: the first i elements match the first j characters.
        var matched = [Bool](repeating: false, count: characters.count + 1)
        matched[0] = true
        for element in elements {
            var next = [Bool](repeating: false, count: characters.count + 1)
            switch element {
            case .any:
                var reachable = false
                for index in 0...characters.count {
                    reachable = reachable || matched[index]
                    next[index] = reachable
                }
            case .one:
                for index in 0..<characters.count where matched[index] { next[index + 1] = true }
            case .literal(let character):
                for index in 0..<characters.count where matched[index] && characters[index] == character {
                    next[index + 1] = true
                }
            }
            matched = next
        }
        return matched[characters.count]
    }
}
