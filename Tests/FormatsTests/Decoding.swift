import Formats

/// The decoders fed whole records from byte arrays, as the ingest runtime feeds them Kafka record values.
enum Decoding {
    static func text(_ bytes: [UInt8]) throws -> String {
        try bytes.withUnsafeBytes { try TextFormat.decode($0) }
    }

    static func jsonb(_ text: String) throws -> String {
        try jsonb(Array(text.utf8))
    }

    static func jsonb(_ bytes: [UInt8]) throws -> String {
        try bytes.withUnsafeBytes { try JSONFormat.decode($0) }
    }

    static func csv(_ text: String, columns: Int, delimiter: Character = ",") throws -> [String] {
        try csv(Array(text.utf8), columns: columns, delimiter: delimiter)
    }

    static func csv(_ bytes: [UInt8], columns: Int, delimiter: Character = ",") throws -> [String] {
        let decoder = CSVDecoder(columnCount: columns, delimiter: delimiter.asciiValue!)
        return try bytes.withUnsafeBytes { try decoder.decode($0) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { ByteaText.hex($0) }
    }
}

/// jsonb's key order written out independently of the decoder: fewer UTF-8 bytes first, then bytewise.
func jsonbKeyPrecedes(_ first: String, _ second: String) -> Bool {
    if first.utf8.count != second.utf8.count {
        return first.utf8.count < second.utf8.count
    }
    return first.utf8.lexicographicallyPrecedes(second.utf8)
}

/// A deterministic generator for the property tests, so that a failure names a seed that reproduces it.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
