import NIOCore
import Testing

@testable import PGWire

/// Byte vectors captured from real clients (psql 15 and psycopg 3.3 against a recording socket).
enum CapturedBytes {
    static let psqlSSLRequest = "0000000804d2162f"
    static let psqlStartup =
        "00000039000300007573657200616c69636500646174616261736500696e6c6574006170706c69636174696f6e5f6e616d65"
        + "007073716c0000"
    static let psqlQuery = "510000000d73656c656374203100"
    static let psycopgStartup = "00000021000300007573657200626f6200646174616261736500696e6c65740000"
    /// Parse, Bind, Describe portal, Execute, Sync for `SELECT name FROM mz_connections WHERE id = %s` with 'u1'.
    static let psycopgExtendedQuery =
        "50000000390053454c454354206e616d652046524f4d206d7a5f636f6e6e656374696f6e73205748455245206964203d2024310000"
        + "0100000000420000001600000001000000010000000275310001000044000000065000450000000900000000005300000004"
}

func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return out
}

/// Feeds `input` to a fresh decoder in the given chunk sizes and returns every message.
func decodeAll(_ input: [UInt8], chunks: [Int]? = nil) throws -> [PGFrontendMessage] {
    var decoder = PGFrontendMessageDecoder()
    var buffer = ByteBuffer()
    var messages: [PGFrontendMessage] = []
    var offset = 0
    var sizes = chunks ?? [input.count]
    while offset < input.count {
        let size = min(sizes.isEmpty ? input.count : sizes.removeFirst(), input.count - offset)
        buffer.writeBytes(input[offset..<offset + size])
        offset += size
        while let message = try decoder.decode(buffer: &buffer) { messages.append(message) }
    }
    #expect(buffer.readableBytes == 0)
    return messages
}

@Suite struct PGFrontendDecodingTests {
    let psqlSession = bytes(
        hex: CapturedBytes.psqlSSLRequest + CapturedBytes.psqlStartup + CapturedBytes.psqlQuery)
    let psycopgSession = bytes(hex: CapturedBytes.psycopgStartup + CapturedBytes.psycopgExtendedQuery)

    var expectedPsql: [PGFrontendMessage] {
        [
            .sslRequest,
            .startup(
                PGStartupMessage(parameters: [("user", "alice"), ("database", "inlet"), ("application_name", "psql")])),
            .query("select 1"),
        ]
    }

    var expectedPsycopg: [PGFrontendMessage] {
        var value = ByteBuffer()
        value.writeString("u1")
        return [
            .startup(PGStartupMessage(parameters: [("user", "bob"), ("database", "inlet")])),
            .parse(PGParse(name: "", query: "SELECT name FROM mz_connections WHERE id = $1", parameterTypes: [0])),
            .bind(
                PGBind(
                    portal: "", statement: "", parameterFormats: [.text], parameters: [value], resultFormats: [.text])),
            .describe(.portal("")),
            .execute(portal: "", maxRows: 0),
            .sync,
        ]
    }

    @Test func psqlBytesWhole() throws {
        // The SSLRequest arrives alone (psql waits for the answer), then the rest at once.
        #expect(try decodeAll(psqlSession, chunks: [8, psqlSession.count - 8]) == expectedPsql)
    }

    @Test func psqlBytesOneByOne() throws {
        #expect(try decodeAll(psqlSession, chunks: Array(repeating: 1, count: psqlSession.count)) == expectedPsql)
    }

    @Test func psycopgBytesWholeAndByteByByte() throws {
        #expect(try decodeAll(psycopgSession) == expectedPsycopg)
        #expect(
            try decodeAll(psycopgSession, chunks: Array(repeating: 1, count: psycopgSession.count)) == expectedPsycopg)
    }

    @Test func randomChunks() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let chunks = (0..<psycopgSession.count).map { _ in Int.random(in: 1...17, using: &generator) }
            #expect(try decodeAll(psycopgSession, chunks: chunks) == expectedPsycopg)
        }
    }

    @Test func partialInputLeavesTheBufferAlone() throws {
        let startup = bytes(hex: CapturedBytes.psycopgStartup)
        var buffer = ByteBuffer(bytes: startup.dropLast())
        let before = buffer
        #expect(try PGFrontendMessage.decodeStartupPacket(from: &buffer) == nil)
        #expect(buffer == before)
        var query = ByteBuffer(bytes: bytes(hex: CapturedBytes.psqlQuery).prefix(7))
        let queryBefore = query
        #expect(try PGFrontendMessage.decodeMessage(from: &query) == nil)
        #expect(query == queryBefore)
    }

    @Test func bytesPipelinedAfterSSLRequestAreRefused() throws {
        let input = bytes(hex: CapturedBytes.psqlSSLRequest + CapturedBytes.psqlStartup)
        #expect(throws: PGWireError("received unencrypted data after SSL request")) { try decodeAll(input) }
    }

    @Test func everyMessageRoundTrips() throws {
        var value = ByteBuffer()
        value.writeInteger(Int32(42))
        var sasl = ByteBuffer()
        sasl.writeString("n,,n=,r=abc")
        let messages: [PGFrontendMessage] = [
            .cancelRequest(processID: 12, secretKey: -5),
            .gssEncryptionRequest,
            .startup(PGStartupMessage(protocolMajor: 3, protocolMinor: 2, parameters: [("user", "u")])),
            .authenticationResponse(sasl),
            .query("SELECT 1; SELECT 2"),
            .parse(PGParse(name: "s1", query: "SELECT $1, $2", parameterTypes: [23, 25])),
            .bind(
                PGBind(
                    portal: "p", statement: "s1", parameterFormats: [.binary, .text], parameters: [value, nil],
                    resultFormats: [.binary])),
            .describe(.statement("s1")),
            .execute(portal: "p", maxRows: 10),
            .close(.portal("p")),
            .close(.statement("s1")),
            .flush,
            .sync,
            .terminate,
        ]
        for message in messages {
            var buffer = ByteBuffer()
            message.encode(into: &buffer)
            let decoded: PGFrontendMessage?
            switch message {
            case .cancelRequest, .gssEncryptionRequest, .startup, .sslRequest:
                decoded = try PGFrontendMessage.decodeStartupPacket(from: &buffer)
            default:
                decoded = try PGFrontendMessage.decodeMessage(from: &buffer)
            }
            #expect(decoded == message)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func leftoverBytesNameTheMessage() throws {
        // A Sync with a one-byte body.
        var buffer = ByteBuffer(bytes: [UInt8(ascii: "S"), 0, 0, 0, 5, 0])
        #expect(throws: PGWireError("Sync message has 1 unread bytes at its end")) {
            try PGFrontendMessage.decodeMessage(from: &buffer)
        }
    }

    @Test func invalidFormatCodeAndLengthsAreErrors() throws {
        var bind = ByteBuffer()
        PGFrontendMessage.bind(
            PGBind(portal: "", statement: "", parameterFormats: [], parameters: [], resultFormats: [.text])
        )
        .encode(into: &bind)
        bind.setInteger(Int16(7), at: bind.writerIndex - 2)
        #expect(throws: PGWireError.self) { try PGFrontendMessage.decodeMessage(from: &bind) }

        var huge = ByteBuffer(bytes: [UInt8(ascii: "Q"), 0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: PGWireError.self) { try PGFrontendMessage.decodeMessage(from: &huge) }

        var shortStartup = ByteBuffer(bytes: [0, 0, 0, 4])
        #expect(throws: PGWireError.self) { try PGFrontendMessage.decodeStartupPacket(from: &shortStartup) }

        var unknown = ByteBuffer(bytes: [UInt8(ascii: "?"), 0, 0, 0, 4])
        #expect(throws: PGWireError.self) { try PGFrontendMessage.decodeMessage(from: &unknown) }
    }

    /// Until the connection handler opens the gate (AuthenticationOk), a typed message longer than a password or
    /// SASL message needs is refused from its length prefix alone; afterwards the normal limit applies.
    @Test func messagesBeforeAuthenticationAreCapped() throws {
        let gate = PGAuthenticationGate()
        var decoder = PGFrontendMessageDecoder(gate: gate)
        var buffer = ByteBuffer(bytes: bytes(hex: CapturedBytes.psqlStartup))
        guard case .startup = try decoder.decode(buffer: &buffer) else {
            Issue.record("the startup packet did not decode")
            return
        }
        var query = ByteBuffer(bytes: [UInt8(ascii: "Q")])
        query.writeInteger(Int32(4 + 100_000))
        let prefix = query
        #expect(throws: PGWireError.self) { try decoder.decode(buffer: &query) }

        gate.open()
        query = prefix
        #expect(try decoder.decode(buffer: &query) == nil)  // waits for the body
        query.writeBytes(Array(repeating: UInt8(ascii: "x"), count: 99_999) + [0])
        #expect(try decoder.decode(buffer: &query) == .query(String(repeating: "x", count: 99_999)))
    }
}
