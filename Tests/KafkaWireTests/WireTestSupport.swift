import KafkaWire
import NIOCore
import Testing

/// Writes `request` in `version`, reads it back, and checks the value and the bytes survive the trip.
func expectRequestRoundTrip<R: KafkaReadableRequest & Equatable>(
    _ request: R, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var buffer = ByteBuffer()
    try request.write(into: &buffer, version: version)
    let bytes = buffer
    let decoded = try R(from: &buffer, version: version)
    #expect(buffer.readableBytes == 0, "leftover bytes in \(R.self) v\(version)", sourceLocation: sourceLocation)
    #expect(decoded == request, "\(R.self) v\(version)", sourceLocation: sourceLocation)
    var again = ByteBuffer()
    try decoded.write(into: &again, version: version)
    #expect(again == bytes, "\(R.self) v\(version) bytes differ", sourceLocation: sourceLocation)
    // Every strict prefix of the body is rejected with an error, never a crash or a silent success.
    try expectTruncationsRejected(bytes, sourceLocation: sourceLocation) { buffer in
        _ = try R(from: &buffer, version: version)
    }
}

/// Frames `response` as a broker would, decodes it through `KafkaResponseDecoder`, and checks value and bytes.
func expectResponseRoundTrip<R: KafkaRequest>(
    _ response: R.Response, for _: R.Type, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) throws where R.Response: KafkaWritableResponse & Equatable {
    var framed = try KafkaResponseEncoder.encode(response, for: R.self, version: version, correlationID: 77)
    let frame = try #require(try KafkaFrameDecoder().nextFrame(from: &framed))
    #expect(KafkaResponseDecoder.peekCorrelationID(frame) == 77, sourceLocation: sourceLocation)
    let decoded = try KafkaResponseDecoder.decode(R.self, version: version, frame: frame)
    #expect(decoded == response, "\(R.Response.self) v\(version)", sourceLocation: sourceLocation)
    var body = ByteBuffer()
    try response.write(into: &body, version: version)
    var again = ByteBuffer()
    try decoded.write(into: &again, version: version)
    #expect(again == body, "\(R.Response.self) v\(version) bytes differ", sourceLocation: sourceLocation)
    try expectTruncationsRejected(body, sourceLocation: sourceLocation) { buffer in
        _ = try R.Response(from: &buffer, version: version)
    }
}

/// Feeds every strict prefix of `bytes` to `read` and expects a `KafkaWireError` each time.
func expectTruncationsRejected(
    _ bytes: ByteBuffer, sourceLocation: SourceLocation, _ read: (inout ByteBuffer) throws -> Void
) throws {
    // Long bodies: check a spread of cut points rather than all of them.
    let count = bytes.readableBytes
    let step = max(1, count / 64)
    for cut in stride(from: 0, to: count, by: step) {
        var prefix = bytes.getSlice(at: bytes.readerIndex, length: cut)!
        do {
            try read(&prefix)
            // A prefix may parse only if it is a complete message by itself, which a strict prefix of a tagged
            // or length-prefixed body never is, except for empty-bodied messages.
            Issue.record("prefix of \(cut)/\(count) bytes was accepted", sourceLocation: sourceLocation)
        } catch is KafkaWireError {
        } catch {
            Issue.record("prefix of \(cut) bytes threw \(error), not KafkaWireError", sourceLocation: sourceLocation)
        }
    }
}

extension ByteBuffer {
    init(hex: String) {
        let digits = Array(hex.filter { !$0.isWhitespace }.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func nibble(_ c: UInt8) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: preconditionFailure("not a hex digit: \(c)")
            }
        }
        var index = 0
        while index + 1 < digits.count {
            bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
            index += 2
        }
        self.init(bytes: bytes)
    }

    var hexString: String {
        readableBytesView.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
