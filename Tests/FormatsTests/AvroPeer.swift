import Formats
import Foundation

/// fastavro, an independent Avro implementation, encoding values for the decoder to read back.
///
/// It runs `testpeers/avro_encode.py` with the `python3` on PATH; a missing fastavro fails the test with the
/// bootstrap hint rather than skipping it.
enum AvroPeer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The bytes fastavro writes for each value (JSON, as `avro_encode.py` describes) with `schema`.
    static func encode(_ schema: String, _ values: [String]) throws -> [[UInt8]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", try script().path, schema]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data((values.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "avro_encode.py failed (\(process.terminationStatus)): "
                    + String(decoding: errorData, as: UTF8.self)
                    + " (fastavro comes from scripts/bootstrap --test)")
        }
        let lines = String(decoding: outputData, as: UTF8.self).split(separator: "\n")
        guard lines.count == values.count, lines.allSatisfy({ $0.first == ":" }) else {
            throw Failure(description: "avro_encode.py printed \(lines.count) lines for \(values.count) values")
        }
        return lines.map { line in
            var bytes: [UInt8] = []
            var index = line.index(after: line.startIndex)
            while index < line.endIndex {
                let next = line.index(index, offsetBy: 2)
                bytes.append(UInt8(line[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
    }

    static func encode(_ schema: String, _ value: String) throws -> [UInt8] {
        try encode(schema, [value])[0]
    }

    /// fastavro's bytes for `value` under `writer`, decoded as `reader` (the writer's schema when nil).
    static func roundTrip(_ writer: String, _ value: String, reader: String? = nil) throws -> AvroValue {
        let bytes = try encode(writer, value)
        let writerSchema = try AvroSchema(parsing: writer)
        let decoder = try AvroDecoder(writer: writerSchema, reader: try AvroSchema(parsing: reader ?? writer))
        return try bytes.withUnsafeBytes { try decoder.decode($0) }
    }

    /// The repository's `testpeers/avro_encode.py`, found upwards from this file with symlinks resolved.
    private static func script() throws -> URL {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("testpeers/avro_encode.py")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw Failure(description: "testpeers/avro_encode.py not found above \(#filePath)")
    }
}
