import Foundation
import InletTestSupport
import Testing

/// Polls a PostgreSQL query (psql against the database `inlet serve --storage` writes to) until its output
/// satisfies `condition`, failing after `timeout`.
@discardableResult
func waitInPostgreSQL(
    _ server: PostgreSQL, _ query: String, timeout: Duration = .seconds(90), bed: SourceTestBed? = nil,
    sourceLocation: SourceLocation = #_sourceLocation, until condition: (String) -> Bool
) async throws -> String {
    let deadline = ContinuousClock.now + timeout
    var last = ""
    while ContinuousClock.now < deadline {
        do {
            last = try await server.psql(query)
            if condition(last) { return last }
        } catch {
            last = "\(error)"
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record(
        "\(query) never satisfied the condition in PostgreSQL; last answer: \(last)\n\(bed?.server.output.suffix(3000) ?? "")",
        sourceLocation: sourceLocation)
    return last
}

/// The schema `inlet serve --storage` made for the source whose relation is `relation` (`inlet_<source id>`).
func sourceSchema(_ server: PostgreSQL, relation: String, bed: SourceTestBed) async throws -> String {
    let query = "SELECT table_schema FROM information_schema.tables WHERE table_name = '\(relation)';"
    let schema = try await waitInPostgreSQL(server, query, bed: bed) { $0.hasPrefix("inlet_") }
    return schema.trimmingCharacters(in: .whitespacesAndNewlines)
}
