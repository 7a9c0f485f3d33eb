import Testing

@testable import KafkaWire

@Suite struct RecordsCRC32CTests {
    @Test func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// RFC 3720 appendix B.4 (iSCSI); the RFC lists the CRC bytes least significant first.
    @Test func rfc3720Vectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        let readCommand: [UInt8] = [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(CRC32C.checksum(readCommand) == 0xD996_3A56)
    }

    /// The hardware path and the table path agree on every length and alignment, and pieces chain.
    @Test func hardwareAndTableAgree() {
        var generator = SplitMix64(seed: 42)
        let data = (0..<4099).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        data.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4090 - start] {
                    let piece = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let table = CRC32C.advanceWithTable(0xFFFF_FFFF, piece) ^ 0xFFFF_FFFF
                    #expect(CRC32C.checksum(piece) == table, "start \(start) length \(length)")
                    var chained = CRC32C()
                    let middle = length / 3
                    chained.update(UnsafeRawBufferPointer(rebasing: piece[..<middle]))
                    chained.update(UnsafeRawBufferPointer(rebasing: piece[middle...]))
                    #expect(chained.value == table)
                }
            }
        }
    }
}

/// A small deterministic generator so that "random" test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
