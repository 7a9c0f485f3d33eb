/// PostgreSQL's keyword categories (its `kwlist.h`), as far as the query grammar needs them.
enum Keywords {
    /// Never a column, table or function name unless quoted.
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
        "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
        "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
        "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
        "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
        "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
        "using", "variadic", "when", "where", "window", "with",
    ]

    /// Function or type names, but never column or table names (nor bare aliases).
    static let typeOrFunctionName: Set<String> = [
        "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
        "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
        "right", "similar", "tablesample", "verbose",
    ]

    /// Column names, but never function or type names (some start special syntax instead).
    static let columnName: Set<String> = [
        "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
        "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national",
        "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row",
        "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
    ]

    /// True when the word can name a column or relation without quotes.
    static func isColumnName(_ word: String) -> Bool {
        !reserved.contains(word) && !typeOrFunctionName.contains(word)
    }

    /// True when the word lexes as itself unquoted: lower case letters, digits, `_` and `$`, not starting with a
    /// digit or `$`.
    static func isSimpleWord(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else {
            return false
        }
        return word.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "$" || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
    }

    /// True when the word needs double quotes to be read back as the same identifier.
    static func needsQuotes(_ word: String) -> Bool {
        !isSimpleWord(word) || reserved.contains(word) || typeOrFunctionName.contains(word)
            || columnName.contains(word)
    }
}
