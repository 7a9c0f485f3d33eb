import KafkaWire
import NIOCore
import Testing

/// Real frames with random bytes overwritten must decode or fail with `KafkaWireError`; never trap, hang or
/// allocate without bound.
@Suite struct CorruptFrameTests {
    func mutations(of hex: String, seed: UInt64, count: Int = 400) -> [ByteBuffer] {
        let original = Array(ByteBuffer(hex: hex).readableBytesView)
        var generator = ChunkSizeGenerator(seed: seed)
        return (0..<count).map { _ in
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                // Favour the values that hit length and count fields hardest.
                bytes[index] = [0x00, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &generator)]
                    .randomElement(using: &generator)!
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            return ByteBuffer(bytes: bytes)
        }
    }

    func expectOnlyWireErrors<R: KafkaRequest>(_: R.Type, version: Int16, hex: String, seed: UInt64) {
        var accepted = 0
        for frame in mutations(of: hex, seed: seed) {
            do {
                _ = try decodeResponse(R.self, version: version, frame: frame)
                accepted += 1
            } catch is KafkaWireError {
            } catch {
                Issue.record("\(R.self) v\(version): \(error) is not a KafkaWireError")
            }
        }
        // Some mutations only touch values (offsets, ids) and still decode; most must be rejected.
        #expect(accepted < 400, "\(R.self) v\(version)")
    }

    @Test func capturedResponses() {
        expectOnlyWireErrors(ApiVersionsRequest.self, version: 3, hex: TansuFrames.apiVersionsResponseV3, seed: 1)
        expectOnlyWireErrors(MetadataRequest.self, version: 12, hex: TansuFrames.metadataResponseV12, seed: 2)
        expectOnlyWireErrors(ProduceRequest.self, version: 10, hex: TansuFrames.produceResponseV10, seed: 3)
        expectOnlyWireErrors(FetchRequest.self, version: 16, hex: TansuFrames.fetchResponseV16, seed: 4)
        expectOnlyWireErrors(ListOffsetsRequest.self, version: 7, hex: TansuFrames.listOffsetsResponseV7, seed: 5)
        expectOnlyWireErrors(OffsetFetchRequest.self, version: 9, hex: TansuFrames.offsetFetchResponseV9, seed: 6)
        expectOnlyWireErrors(
            FindCoordinatorRequest.self, version: 2, hex: TansuFrames.findCoordinatorResponseV2, seed: 7)
        expectOnlyWireErrors(CreateTopicsRequest.self, version: 4, hex: TansuFrames.createTopicsResponseV4, seed: 8)
        expectOnlyWireErrors(DeleteTopicsRequest.self, version: 4, hex: TansuFrames.deleteTopicsResponseV4, seed: 9)
        expectOnlyWireErrors(OffsetCommitRequest.self, version: 9, hex: TansuFrames.offsetCommitResponseV9, seed: 10)
        expectOnlyWireErrors(JoinGroupRequest.self, version: 5, hex: TansuFrames.joinGroupResponseV5, seed: 11)
        expectOnlyWireErrors(SyncGroupRequest.self, version: 3, hex: TansuFrames.syncGroupResponseV3, seed: 12)
    }

    @Test func hugeCountsFailFastWithoutReserving() throws {
        // Metadata v1 claiming Int32.max brokers in a 20-byte body.
        var body = ByteBuffer()
        body.writeInteger(Int32(1))  // correlation id
        body.writeInteger(Int32.max)  // broker count
        body.writeBytes(Array(repeating: 0, count: 12))
        let error = try #require(throws: KafkaWireError.self) {
            try decodeResponse(MetadataRequest.self, version: 1, frame: body)
        }
        #expect(error.field == "Brokers")
        #expect(error.messageName == "MetadataResponse v1")
    }
}
