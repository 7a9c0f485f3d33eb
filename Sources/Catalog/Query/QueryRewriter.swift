import SQL

/// Turns a PostgreSQL/Materialize-flavoured query into SQLite's dialect, token by token (strings and comments are
/// left alone): schema qualifiers `mz_catalog.`, `mz_internal.`, `pg_catalog.`, `public.`, `materialize.public.`
/// are dropped (every relation lives in one SQLite namespace); `$n` becomes `?n`; `::type` casts become
/// `CAST(… AS type)` when they follow a single token, and are dropped otherwise; `ILIKE` becomes `LIKE`
/// (SQLite's LIKE ignores ASCII case).
enum QueryRewriter {
    static let droppedQualifiers: Set<String> = ["mz_catalog", "mz_internal", "pg_catalog", "public", "materialize"]

    /// Bare words PostgreSQL treats as values: replaced by a literal from the session.
    static let sessionWords: Set<String> = ["current_user", "session_user", "current_role", "current_catalog"]

    static func rewrite(_ text: String, context: QueryContext = QueryContext()) throws(SQLError) -> String {
        let lexer = Lexer(text)
        let tokens = try lexer.tokenize()
        var pieces: [String] = []
        var last = 0
        var index = 0
        func emitGap(upTo offset: Int) {
            pieces.append(lexer.text(from: last, to: offset))
        }
        while index < tokens.count {
            let token = tokens[index]
            if case .endOfInput = token.kind { break }
            if case .identifier(let word, _) = token.kind, droppedQualifiers.contains(word), index + 2 < tokens.count,
                tokens[index + 1].isSymbol("."), case .identifier = tokens[index + 2].kind
            {
                emitGap(upTo: token.start)
                last = tokens[index + 2].start
                index += 2
                continue
            }
            switch token.kind {
            case .parameter(let number):
                emitGap(upTo: token.start)
                pieces.append("?\(number)")
                last = token.end
            case .identifier(let word, quoted: false)
            where sessionWords.contains(word) && !tokens[index + 1].isSymbol("(")
                && (index == 0 || !tokens[index - 1].isSymbol(".")):
                emitGap(upTo: token.start)
                pieces.append(SQLText.literal(word == "current_catalog" ? "materialize" : context.user))
                last = token.end
            case .identifier("ilike", quoted: false):
                emitGap(upTo: token.start)
                pieces.append("LIKE")
                last = token.end
            case .symbol("::"):
                // Find the type name: words, optionally followed by `[]` or `(n)`.
                var end = index + 1
                var typeWords: [String] = []
                while end < tokens.count, let word = tokens[end].keyword {
                    typeWords.append(word)
                    end += 1
                    if !["double", "character", "timestamp", "time", "with", "without", "varying"].contains(word) {
                        break
                    }
                }
                var isArray = false
                if end + 1 < tokens.count, tokens[end].isSymbol("["), tokens[end + 1].isSymbol("]") {
                    isArray = true
                    end += 2
                }
                guard !typeWords.isEmpty else {
                    throw SQLError.syntax("expected a type name after ::", position: token.position + 2)
                }
                let type = sqliteType(typeWords.joined(separator: " "), isArray: isArray)
                let previous = tokens[index - 1]
                let standsAlone = index < 2 || !tokens[index - 2].isSymbol(".")
                var castable = false
                switch previous.kind {
                case .string, .number, .parameter, .identifier: castable = standsAlone
                default: castable = false
                }
                if castable, let type, let operand = pieces.popLast() {
                    // `pieces` ends with the previous token's text (its gap came before it).
                    pieces.append("CAST(" + operand + " AS " + type + ")")
                }
                last = tokens[end - 1].end
                index = end
                continue
            default:
                emitGap(upTo: token.start)
                pieces.append(lexer.text(from: token.start, to: token.end))
                last = token.end
            }
            index += 1
        }
        emitGap(upTo: Int.max)
        return pieces.joined()
    }

    /// The SQLite type a PostgreSQL cast maps to, or nil to leave the value as it is.
    static func sqliteType(_ type: String, isArray: Bool) -> String? {
        if isArray { return nil }
        switch type {
        case "int", "int2", "int4", "int8", "integer", "bigint", "smallint", "oid", "regclass": return "INTEGER"
        case "float", "float4", "float8", "real", "double precision", "numeric", "decimal": return "REAL"
        case "text", "varchar", "character varying", "char", "character", "name", "bpchar": return "TEXT"
        default: return nil
        }
    }
}
