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
        try values.map { value in try server.encode(schema, value) }
    }

    /// One `avro_encode.py --serve` for all the tests, answering a line per request.
    private static let server = Server()

    private final class Server: @unchecked Sendable {
        private let lock = NSLock()
        private var process: Process?
        private var input: FileHandle?
        private var output: FileHandle?
        private var errors: Pipe?
        private var buffered = Data()

        func encode(_ schema: String, _ value: String) throws -> [UInt8] {
            lock.lock()
            defer { lock.unlock() }
            if process == nil {
                try start()
            }
            // A raw newline cannot be inside a JSON string, so it is whitespace and one request stays one line.
            let request = "[\(schema), \(value)]".split(separator: "\n").joined(separator: " ")
            do {
                try input!.write(contentsOf: Data((request + "\n").utf8))
            } catch {
                // The script has exited (fastavro missing?); its standard error says why.
            }
            let line = try readLine()
            guard line.first == ":" else {
                throw Failure(description: "fastavro cannot encode \(value) with \(schema): \(line.dropFirst())")
            }
            var bytes: [UInt8] = []
            var index = line.index(after: line.startIndex)
            while index < line.endIndex {
                let next = line.index(index, offsetBy: 2)
                bytes.append(UInt8(line[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }

        private func start() throws {
            // A script that exits at once must be a failure with its reason, not a SIGPIPE for the test process.
            signal(SIGPIPE, SIG_IGN)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", try script().path, "--serve"]
            let input = Pipe()
            let output = Pipe()
            let errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            self.process = process
            self.input = input.fileHandleForWriting
            self.output = output.fileHandleForReading
            self.errors = errors
        }

        private func readLine() throws -> String {
            while true {
                if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffered[..<newline], as: UTF8.self)
                    buffered.removeSubrange(...newline)
                    return line
                }
                let more = output!.availableData
                guard !more.isEmpty else {
                    process!.waitUntilExit()
                    let status = process!.terminationStatus
                    let reason = String(decoding: errors!.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process = nil
                    throw Failure(
                        description: "avro_encode.py exited (\(status)): \(reason)"
                            + " (fastavro comes from scripts/bootstrap --test)")
                }
                buffered.append(more)
            }
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
