import KafkaWire
import NIOCore
import Testing

@Suite struct VarintTests {
    @Test(arguments: [Int32.min, -300, -65, -64, -1, 0, 1, 63, 64, 300, Int32.max])
    func varintRoundTrips(_ value: Int32) {
        var buffer = ByteBuffer()
        let written = buffer.writeVarint(value)
        #expect(written == ByteBuffer.varintSize(value))
        #expect(buffer.readVarint() == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: [Int64.min, -1_000_000_000_000, -1, 0, 1, 1_700_000_000_000, Int64.max])
    func varlongRoundTrips(_ value: Int64) {
        var buffer = ByteBuffer()
        #expect(buffer.writeVarlong(value) == ByteBuffer.varlongSize(value))
        #expect(buffer.readVarlong() == value)
    }

    @Test func knownEncodings() {
        // Zig-zag: 0 → 00, -1 → 01, 1 → 02, 150 → ac 02 (protobuf's classic vector, zig-zagged 300).
        var buffer = ByteBuffer()
        buffer.writeVarint(-1)
        buffer.writeVarint(150)
        buffer.writeUnsignedVarint(300)
        #expect(Array(buffer.readableBytesView) == [0x01, 0xAC, 0x02, 0xAC, 0x02])
    }

    @Test func shortInputLeavesTheBufferAlone() {
        var buffer = ByteBuffer(bytes: [0xAC])
        #expect(buffer.readUnsignedVarint() == nil)
        #expect(buffer.readerIndex == 0)
        var overlong = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(overlong.readUnsignedVarint() == nil)
        #expect(overlong.readerIndex == 0)
    }
}
