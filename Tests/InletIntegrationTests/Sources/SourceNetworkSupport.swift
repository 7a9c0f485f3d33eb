import Foundation
import InletTestSupport
import Testing

// What the source tests through private networks share: records whose bytes are awkward on purpose, exact reads of
// a source's rows through psql, its status in mz_source_statuses, and the comparison of every row with what
// confluent-kafka reads from the topic.

/// Records for the private-network source tests: partition `index % partitions`, values with tabs, `|`, quotes,
/// backslashes, line breaks and multi-byte UTF-8 (and every 50th one empty), so a byte that moves shows.
func networkSourceRecords(_ range: Range<Int>, partitions: Int, tag: String) -> [PeerRecord] {
    range.map { index in
        let partition = index % partitions
        let value =
            index % 50 == 49
            ? "" : "\(tag) r\(index) p\(partition)\t| \"quoted\" back\\slash ünïcödé ✓ 🚀\nline two of r\(index)"
        return PeerRecord(
            partition: partition, timestamp: 1_700_000_000_000 + Int64(index), key: Array("k\(index)".utf8),
            value: Array(value.utf8))
    }
}

/// One row of a source that includes its partition and offset.
struct SourceRow: Hashable, Comparable, CustomStringConvertible {
    var partition: Int
    var offset: Int64
    var text: [UInt8]

    static func < (lhs: SourceRow, rhs: SourceRow) -> Bool { (lhs.partition, lhs.offset) < (rhs.partition, rhs.offset) }

    var description: String { "p\(partition)@\(offset) \(String(decoding: text, as: UTF8.self).debugDescription)" }
}

/// A source's state as `mz_source_statuses` shows it, with the hint from `details`.
struct SourceStatusRow: CustomStringConvertible {
    var status: String
    var error: String?
    var details: String?

    /// `details->>'hint'`.
    var hint: String? {
        guard let details, let object = try? JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: Any]
        else { return nil }
        return object["hint"] as? String
    }

    var description: String { "\(status) error=\(error ?? "NULL") details=\(details ?? "NULL")" }
}

extension SourceTestBed {
    /// Every row of `relation` (made with `INCLUDE PARTITION, OFFSET`), in partition and offset order.
    func sourceRows(_ relation: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [SourceRow]
    {
        try await rows(
            "SELECT partition, \"offset\", text FROM \(relation) ORDER BY partition, \"offset\";",
            sourceLocation: sourceLocation
        ).map { fields in
            guard fields.count == 3, let partition = fields[0].flatMap({ Int($0) }),
                let offset = fields[1].flatMap({ Int64($0) })
            else {
                Issue.record("unexpected row of \(relation): \(fields)", sourceLocation: sourceLocation)
                return SourceRow(partition: -1, offset: -1, text: [])
            }
            return SourceRow(
                partition: partition, offset: offset, text: Array((fields[2] ?? Self.nullMarker).utf8))
        }
    }

    /// The `text` column of `relation`, sorted by its bytes (for a source without partition and offset columns).
    func sortedTexts(_ relation: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[UInt8]] {
        try await rows("SELECT text FROM \(relation);", sourceLocation: sourceLocation)
            .map { Array((($0.first ?? nil) ?? Self.nullMarker).utf8) }.sorted {
                $0.lexicographicallyPrecedes($1)
            }
    }

    /// The source's current row in `mz_source_statuses`.
    func sourceStatus(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> SourceStatusRow
    {
        let rows = try await rows(
            "SELECT status, error, details FROM mz_source_statuses WHERE name = '\(source)';",
            sourceLocation: sourceLocation)
        guard let row = rows.first, row.count == 3 else {
            Issue.record("no status row for \(source): \(rows)", sourceLocation: sourceLocation)
            return SourceStatusRow(status: "", error: nil, details: nil)
        }
        return SourceStatusRow(status: row[0] ?? "", error: row[1], details: row[2])
    }

    /// Polls `mz_source_statuses` until the source's row satisfies `condition`; fails after `timeout`.
    @discardableResult
    func waitForStatus(
        _ source: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: (SourceStatusRow) -> Bool
    ) async throws -> SourceStatusRow {
        let deadline = ContinuousClock.now + timeout
        var last = SourceStatusRow(status: "", error: nil, details: nil)
        while ContinuousClock.now < deadline {
            last = try await sourceStatus(source, sourceLocation: sourceLocation)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record(
            "source \(source) never reached the expected status; last: \(last)\n\(server.output.suffix(4000))",
            sourceLocation: sourceLocation)
        return last
    }

    /// Waits until the source is `running` with no error.
    @discardableResult
    func waitUntilRunning(
        _ source: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> SourceStatusRow {
        try await waitForStatus(source, timeout: timeout, sourceLocation: sourceLocation) {
            $0.status == "running" && $0.error == nil
        }
    }

    /// Waits until `relation` holds `count` rows.
    func waitForCount(
        _ relation: String, _ count: Int, timeout: Duration = .seconds(60),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await waitFor(
            "SELECT count(*) FROM \(relation);", toBe: "\(count)\n", timeout: timeout, sourceLocation: sourceLocation)
    }
}

/// The topic as confluent-kafka reads it, as rows: the reference every source row is compared with.
func referenceRows(_ peer: LibrdkafkaPeer, topic: String, count: Int) async throws -> [SourceRow] {
    try await peer.consume(topic: topic, count: count).map {
        SourceRow(partition: $0.partition ?? -1, offset: $0.offset ?? -1, text: $0.value ?? [])
    }.sorted()
}

/// Checks that `rows` are exactly `produced`: per partition the produced values in order, at offsets 0, 1, 2, … (so
/// nothing is lost, doubled or moved), and that they equal what confluent-kafka itself reads from the topic.
func expectRows(
    _ rows: [SourceRow], areExactly produced: [PeerRecord], reference: [SourceRow],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var expected: [SourceRow] = []
    for (partition, records) in Dictionary(grouping: produced, by: { $0.partition ?? -1 }) {
        for (offset, record) in records.enumerated() {
            expected.append(SourceRow(partition: partition, offset: Int64(offset), text: record.value ?? []))
        }
    }
    expected.sort()
    #expect(reference == expected, "confluent-kafka reads the topic as produced", sourceLocation: sourceLocation)
    #expect(
        rows.count == expected.count, "rows: \(rows.count), produced: \(expected.count)", sourceLocation: sourceLocation
    )
    let wrong = zip(rows, expected).filter { $0.0 != $0.1 }
    #expect(
        wrong.isEmpty, "\(wrong.count) rows differ, first: \(wrong.prefix(3).map { "\($0.0) ≠ \($0.1)" })",
        sourceLocation: sourceLocation)
}
