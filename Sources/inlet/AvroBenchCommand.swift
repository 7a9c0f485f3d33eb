import ArgumentParser
import Formats
import Foundation

/// `inlet bench avro`: Avro decoding rates of Inlet's paths next to fastavro's on the same bytes, in one run.
///
/// `testpeers/avro_bench.py` writes the records once with fastavro into a file; Inlet decodes them from memory
/// (into column texts, into typed cells, into `AvroValue` only, and by the value and `AvroText.columns`), then
/// the script times fastavro's `schemaless_reader` over the same file. `scripts/bench-avro` builds and runs it.
struct AvroBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro decoding rate of Inlet next to fastavro's schemaless_reader on the same bytes, in one run.")

    @Option(help: "Records to encode and decode.")
    var records: Int = 1_000_000

    @Option(help: "Timed passes over the records for each Inlet path; the median is printed.")
    var passes: Int = 3

    @Option(help: "Folder with avro_bench.py (the repository's testpeers).")
    var peers: String = "testpeers"

    @Option(help: "The Python that runs avro_bench.py (with fastavro).")
    var python: String = "python3"

    func run() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-avro-bench-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        let script = (peers as NSString).appendingPathComponent("avro_bench.py")
        let encoded = try DecodeBench.runPython(
            python, [script, "encode", "--records", "\(records)", "--output", file.path])
        guard let schemaText = encoded["schema"] as? String else {
            throw BenchFailure("avro_bench.py encode printed no schema")
        }
        let corpus = try DecodeBench.Corpus(contentsOf: file)
        let schema = try AvroSchema(parsing: schemaText)
        let rows = AvroRowDecoder(schema: schema)
        let tree = AvroDecoder(schema: schema)
        print(
            "records=\(corpus.count) bytes=\(corpus.byteCount) (\(corpus.byteCount / max(corpus.count, 1)) per record)"
                + " fields=\(rows.columnCount) passes=\(passes)")
        try corpus.checkSameColumns(rows, tree)

        var figures: [(label: String, time: DecodeBench.Time)] = []
        figures.append(("Inlet AvroRowDecoder → column texts", try median { try corpus.decodeRows(rows) }))
        figures.append(("Inlet AvroRowDecoder → typed cells", try median { try corpus.decodeCells(rows) }))
        figures.append(("Inlet AvroRowDecoder → a sink, in place", try median { try corpus.decodeIntoSink(rows) }))
        figures.append(("Inlet AvroDecoder → AvroValue only", try median { try corpus.decodeValues(tree) }))
        figures.append(("Inlet AvroValue + AvroText.columns", try median { try corpus.decodeTexts(tree) }))
        let reference = try DecodeBench.time(
            try DecodeBench.runPython(python, [script, "decode", "--input", file.path]), from: "avro_bench.py decode")
        figures.append(("fastavro schemaless_reader (Python)", reference))
        DecodeBench.printTable(
            figures, reference: reference, referenceName: "fastavro", records: corpus.count, bytes: corpus.byteCount)
    }

    private func median(_ body: () throws -> Void) throws -> DecodeBench.Time {
        try DecodeBench.median(passes: passes, body)
    }
}

/// Counts the columns it is given (and keeps the last, so that reading them is not optimized away).
struct CountingSink: AvroRowSink {
    var columns = 0
    var last = AvroSinkCell.cell(.null)

    mutating func append(_ column: AvroSinkCell) {
        columns += 1
        last = column
    }
}

/// The Avro paths over `avro_bench.py encode`'s records.
extension DecodeBench.Corpus {
    func decodeRows(_ decoder: AvroRowDecoder) throws {
        var columns = 0
        try forEach { record in columns += try decoder.decode(record).count }
        guard columns == count * decoder.columnCount else { throw BenchFailure("columns went missing") }
    }

    func decodeCells(_ decoder: AvroRowDecoder) throws {
        var columns = 0
        try forEach { record in columns += try decoder.decodeCells(record).count }
        guard columns == count * decoder.columnCount else { throw BenchFailure("columns went missing") }
    }

    /// What ingest does: each record's columns appended to a sink, strings and bytes left in the record.
    func decodeIntoSink(_ decoder: AvroRowDecoder) throws {
        var sink = CountingSink()
        try forEach { record in try decoder.decode(record, into: &sink) }
        guard sink.columns == count * decoder.columnCount else { throw BenchFailure("columns went missing") }
    }

    func decodeValues(_ decoder: AvroDecoder) throws {
        var records = 0
        try forEach { record in
            if case .record = try decoder.decode(record) { records += 1 }
        }
        guard records == count else { throw BenchFailure("a record decoded into something else") }
    }

    func decodeTexts(_ decoder: AvroDecoder) throws {
        var columns = 0
        try forEach { record in columns += try AvroText.columns(try decoder.decode(record), decoder.reader).count }
        guard columns > 0 || count == 0 else { throw BenchFailure("no columns") }
    }

    /// Both paths must give the same texts before their speeds mean anything.
    func checkSameColumns(_ rows: AvroRowDecoder, _ tree: AvroDecoder) throws {
        try forEach { record in
            let fast = try rows.decode(record)
            let slow = try AvroText.columns(try tree.decode(record), tree.reader)
            guard fast == slow else { throw BenchFailure("AvroRowDecoder gives \(fast), the tree path \(slow)") }
        }
    }
}
