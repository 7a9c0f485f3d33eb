import KafkaWire
import NIOCore
import NIOEmbedded
import Testing

@Suite struct FramingTests {
    @Test func requestHeaderV2IsWrittenForFlexibleVersions() throws {
        let frame = try KafkaRequestEncoder.encode(
            ApiVersionsRequest(clientSoftwareName: "inlet", clientSoftwareVersion: "1"), version: 3,
            correlationID: 1, clientID: "ab")
        // length 22 | key 18 | version 3 | correlation 1 | client id "ab" (int16 length, even in v2) | no tags |
        // compact "inlet" | compact "1" | no tags
        #expect(
            frame.hexString == "00000016" + "0012" + "0003" + "00000001" + "00026162" + "00"
                + "06696e6c6574" + "0231" + "00")
    }

    @Test func requestHeaderV1IsWrittenForClassicVersions() throws {
        let frame = try KafkaRequestEncoder.encode(
            MetadataRequest(topicNames: nil), version: 1, correlationID: 0x0102_0304, clientID: nil)
        // length 14 | key 3 | version 1 | correlation | null client id | null topics array (all topics)
        #expect(frame.hexString == "0000000e" + "0003" + "0001" + "01020304" + "ffff" + "ffffffff")
        let header = try #require(KafkaRequestHeader.peek(frame: frame.getSlice(at: 4, length: 14)!))
        #expect(header.apiKey == .metadata && header.apiVersion == 1 && header.correlationID == 0x0102_0304)
    }

    @Test func unsupportedVersionsAreRefused() throws {
        let error = try #require(throws: KafkaWireError.self) {
            try KafkaRequestEncoder.encode(
                MetadataRequest(topicNames: nil), version: 13, correlationID: 0, clientID: nil)
        }
        #expect(error.kind == .unsupportedVersion)
    }

    @Test func apiVersionsResponsesUseHeaderV0EvenWhenFlexible() {
        #expect(ApiVersionsRequest.responseHeaderVersion(for: 3) == 0)
        #expect(ApiVersionsRequest.requestHeaderVersion(for: 3) == 2)
        #expect(MetadataRequest.responseHeaderVersion(for: 9) == 1)
        #expect(MetadataRequest.responseHeaderVersion(for: 8) == 0)
    }

    @Test func leftoverBytesAreADecodeErrorNamingTheMessage() throws {
        let response = MetadataResponse(brokers: [], topics: [])
        var body = ByteBuffer()
        body.writeInteger(Int32(5))  // correlation id
        body.writeEmptyKafkaTaggedFields()
        try response.write(into: &body, version: 12)
        body.writeInteger(UInt8(0xAA))
        let error = try #require(throws: KafkaWireError.self) {
            try decodeResponse(MetadataRequest.self, version: 12, frame: body)
        }
        #expect(error.kind == .leftoverBytes)
        #expect(error.messageName == "MetadataResponse v12")
    }

    @Test func shortBodiesAreADecodeErrorNamingMessageAndField() throws {
        var body = ByteBuffer()
        body.writeInteger(Int32(5))
        body.writeEmptyKafkaTaggedFields()
        try MetadataResponse(brokers: [.init(nodeID: 1, host: "b-1", port: 9092)], topics: [])
            .write(into: &body, version: 12)
        // correlation id, header tags, throttle, broker count, node id: 14 bytes; then 2 of the 4 bytes of Host.
        let short = body.getSlice(at: 0, length: 16)!
        let error = try #require(throws: KafkaWireError.self) {
            try decodeResponse(MetadataRequest.self, version: 12, frame: short)
        }
        #expect(error.kind == .truncated)
        #expect(error.messageName == "MetadataResponse v12")
        #expect(error.field == "Brokers[0].Host")
        #expect("\(error)".contains("MetadataResponse v12"))
    }

    static func threeFrames() throws -> (stream: ByteBuffer, bodies: [ByteBuffer]) {
        var stream = ByteBuffer()
        var bodies: [ByteBuffer] = []
        for (index, host) in ["a", String(repeating: "b", count: 300), ""].enumerated() {
            let response = MetadataResponse(brokers: [.init(nodeID: Int32(index), host: host, port: 1)], topics: [])
            var frame = try KafkaResponseEncoder.encode(
                response, for: MetadataRequest.self, version: 9, correlationID: Int32(index))
            bodies.append(frame.getSlice(at: 4, length: frame.readableBytes - 4)!)
            stream.writeBuffer(&frame)
        }
        return (stream, bodies)
    }

    @Test func frameDecoderYieldsFramesFedWhole() throws {
        let (stream, bodies) = try Self.threeFrames()
        #expect(try decodeInChunks(stream, sizes: [stream.readableBytes]) == bodies)
    }

    @Test func frameDecoderYieldsFramesFedByteByByte() throws {
        let (stream, bodies) = try Self.threeFrames()
        #expect(try decodeInChunks(stream, sizes: Array(repeating: 1, count: stream.readableBytes)) == bodies)
    }

    @Test(arguments: [1, 2, 3, 42, 1234])
    func frameDecoderYieldsFramesFedInRandomChunks(seed: UInt64) throws {
        let (stream, bodies) = try Self.threeFrames()
        var generator = ChunkSizeGenerator(seed: seed)
        var sizes: [Int] = []
        var total = 0
        while total < stream.readableBytes {
            let size = Int.random(in: 1...64, using: &generator)
            sizes.append(size)
            total += size
        }
        let frames = try decodeInChunks(stream, sizes: sizes)
        #expect(frames == bodies)
        let decoded = try frames.map { try decodeResponse(MetadataRequest.self, version: 9, frame: $0) }
        #expect(decoded.map { $0.brokers[0].host.count } == [1, 300, 0])
    }

    @Test func oversizeAndNegativeFramesAreErrors() throws {
        let decoder = KafkaFrameDecoder(maxFrameSize: 1024)
        var big = ByteBuffer(bytes: [0, 0, 4, 1])
        #expect(throws: KafkaWireError.self) { try decoder.nextFrame(from: &big) }
        var negative = ByteBuffer(bytes: [0xFF, 0, 0, 0])
        #expect(throws: KafkaWireError.self) { try decoder.nextFrame(from: &negative) }
        // An HTTP or TLS answer to a Kafka request reads as an absurd length.
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder()))
        #expect(throws: KafkaWireError.self) { try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 400 Bad")) }
        _ = try? channel.finish()
    }

    /// Feeds `stream` through a real `ByteToMessageHandler` in chunks of the given sizes.
    func decodeInChunks(_ stream: ByteBuffer, sizes: [Int]) throws -> [ByteBuffer] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder()))
        var remaining = stream
        var frames: [ByteBuffer] = []
        for size in sizes where remaining.readableBytes > 0 {
            let chunk = remaining.readSlice(length: min(size, remaining.readableBytes))!
            try channel.writeInbound(chunk)
            while let frame = try channel.readInbound(as: ByteBuffer.self) { frames.append(frame) }
        }
        #expect(try channel.finish().isClean)
        return frames
    }
}

/// A seeded generator so chunk sizes are random but reproducible.
struct ChunkSizeGenerator: RandomNumberGenerator {
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
