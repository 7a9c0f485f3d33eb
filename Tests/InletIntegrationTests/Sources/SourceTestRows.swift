import Foundation
import InletTestSupport
import Testing

/// Exact reads for the source tests: rows with every value as psql prints it (NULL apart from text), the
/// result types a client sees in RowDescription, and the expected text of Kafka metadata columns.
extension SourceTestBed {
    /// psql's NULL marker in `rows(_:)`; no test value contains it.
    static let nullMarker = "⟨null⟩"

    /// The rows of `query` as psql prints them, NUL between fields and U+001E between rows, so values may hold
    /// `|` and line breaks; NULL is nil.
    func rows(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String?]] {
        let script = """
            \\set QUIET 1
            \\pset fieldsep_zero on
            \\pset recordsep '\\036'
            \\pset null '\(Self.nullMarker)'
            \(query)
            """
        let output = try await sql(script, sourceLocation: sourceLocation)
        return Self.parseRows(output)
    }

    static func parseRows(_ output: String) -> [[String?]] {
        guard !output.isEmpty else { return [] }
        var body = Substring(output)
        if body.hasSuffix("\n") { body.removeLast() }
        return body.split(separator: "\u{1E}", omittingEmptySubsequences: false).map { record in
            record.split(separator: "\0", omittingEmptySubsequences: false).map {
                $0 == nullMarker ? nil : String($0)
            }
        }
    }

    /// The result columns of `query` as psycopg reads them from RowDescription: name and type OID.
    func resultTypes(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [ResultType] {
        let script = """
            import json, sys, psycopg
            connection = psycopg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="alice", dbname="inlet",
                                         sslmode="disable", autocommit=True)
            cursor = connection.execute(sys.argv[2])
            print(json.dumps([[column.name, column.type_code] for column in cursor.description]))
            """
        let result = try await runClient("python3", ["-c", script, String(port), query])
        #expect(result.status == 0, "psycopg failed: \(result.stderr)", sourceLocation: sourceLocation)
        let pairs = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[Any]] ?? []
        return pairs.map { ResultType(name: $0[0] as? String ?? "", oid: $0[1] as? Int ?? 0) }
    }

    /// The stored source id of `name` (`mz_sources.id`).
    func sourceID(_ name: String) async throws -> String {
        try await sql("SELECT id FROM mz_sources WHERE name = '\(name)';").trimmingCharacters(in: .newlines)
    }

    /// Waits until the source's statistics count `errors` decode errors (they are written about once a second).
    func waitForDecodeErrors(_ source: String, _ errors: Int, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let id = try await sourceID(source)
        try await waitFor(
            "SELECT decode_errors FROM mz_source_statistics WHERE id = '\(id)';", toBe: "\(errors)\n",
            sourceLocation: sourceLocation)
    }
}

/// One column of a result as RowDescription names it.
struct ResultType: Equatable, CustomStringConvertible {
    var name: String
    var oid: Int

    static let text = 25, bytea = 17, jsonb = 3802, int4 = 23, int8 = 20, timestamp = 1114

    init(name: String, oid: Int) {
        self.name = name
        self.oid = oid
    }

    init(_ name: String, _ oid: Int) { self.init(name: name, oid: oid) }

    var description: String { "\(name):\(oid)" }
}

/// Expected texts, computed here independently of Inlet's own formatting.
enum Expected {
    /// PostgreSQL's bytea output: `\x` and lowercase hex.
    static func bytea(_ bytes: [UInt8]) -> String { "\\x" + hex(bytes) }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// PostgreSQL's text of a `timestamp` for milliseconds since the epoch (UTC), trailing fraction zeros dropped.
    static func timestamp(milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = milliseconds - seconds * 1000
        var text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        if millis != 0 {
            var fraction = String(format: "%03lld", millis)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }

    /// A JSON string as jsonb prints it (only the escapes the tests' texts need).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
