import Foundation

/// One Kafka record as the independent client (confluent-kafka) writes or reads it, compared byte-exact.
///
/// Input records for `LibrdkafkaPeer.produce` leave `offset` nil; consumed records carry it. Use
/// `withoutOffset` to compare what went in with what came out.
public struct PeerRecord: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// One record header; the value may be null.
    public struct Header: Equatable, Hashable, Sendable {
        public var name: String
        public var value: [UInt8]?

        public init(_ name: String, _ value: [UInt8]?) {
            self.name = name
            self.value = value
        }
    }

    /// The partition (nil on input: librdkafka's partitioner chooses).
    public var partition: Int?
    /// The offset (nil on input).
    public var offset: Int64?
    /// Milliseconds since the epoch (nil on input: "now").
    public var timestamp: Int64?
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]

    public init(
        partition: Int? = nil,
        offset: Int64? = nil,
        timestamp: Int64? = nil,
        key: [UInt8]? = nil,
        value: [UInt8]? = nil,
        headers: [Header] = []
    ) {
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The same record with its offset cleared.
    public var withoutOffset: PeerRecord {
        var copy = self
        copy.offset = nil
        return copy
    }

    public var description: String {
        func show(_ bytes: [UInt8]?) -> String {
            guard let bytes else { return "null" }
            return String(validating: bytes, as: UTF8.self) ?? "\(bytes.count) bytes"
        }
        let headerText = headers.map { "\($0.name)=\(show($0.value))" }.joined(separator: ",")
        return "PeerRecord(p\(partition.map(String.init) ?? "?")@\(offset.map(String.init) ?? "?") "
            + "ts=\(timestamp.map(String.init) ?? "?") key=\(show(key)) value=\(show(value)) headers=[\(headerText)])"
    }
}

extension PeerRecord {
    /// The JSON line the testpeers scripts exchange (bytes as base64, null allowed).
    func jsonLine() -> String {
        func b64(_ bytes: [UInt8]?) -> String {
            guard let bytes else { return "null" }
            return "\"\(Data(bytes).base64EncodedString())\""
        }
        var fields: [String] = []
        if let partition { fields.append("\"partition\":\(partition)") }
        if let offset { fields.append("\"offset\":\(offset)") }
        if let timestamp { fields.append("\"timestamp\":\(timestamp)") }
        fields.append("\"key\":\(b64(key))")
        fields.append("\"value\":\(b64(value))")
        let headerText = headers.map { "[\(jsonString($0.name)),\(b64($0.value))]" }.joined(separator: ",")
        fields.append("\"headers\":[\(headerText)]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Parses the JSON lines printed by rdk_consume.py.
    static func parseLines(_ data: Data) throws -> [PeerRecord] {
        struct Wire: Decodable {
            var partition: Int?
            var offset: Int64?
            var timestamp: Int64?
            var key: String?
            var value: String?
            var headers: [[String?]]?
        }
        var array = Data("[".utf8)
        var first = true
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if !first { array.append(UInt8(ascii: ",")) }
            array.append(contentsOf: line)
            first = false
        }
        array.append(UInt8(ascii: "]"))
        let wires = try JSONDecoder().decode([Wire].self, from: array)
        func bytes(_ text: String?) throws -> [UInt8]? {
            guard let text else { return nil }
            guard let data = Data(base64Encoded: text) else {
                throw PeerError(peer: "rdk_consume", message: "invalid base64 in output: \(text.prefix(40))")
            }
            return [UInt8](data)
        }
        return try wires.map { wire in
            PeerRecord(
                partition: wire.partition, offset: wire.offset, timestamp: wire.timestamp,
                key: try bytes(wire.key), value: try bytes(wire.value),
                headers: try (wire.headers ?? []).map { pair in
                    Header(pair.first.flatMap { $0 } ?? "", try bytes(pair.count > 1 ? pair[1] : nil))
                })
        }
    }
}

private func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
}
