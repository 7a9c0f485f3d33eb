import NIOCore
import Testing

@testable import PGWire

func encoded(_ messages: [PGBackendMessage]) -> [UInt8] {
    var buffer = ByteBuffer()
    for message in messages { message.encode(into: &buffer) }
    return Array(buffer.readableBytesView)
}

@Suite struct PGBackendEncodingTests {
    @Test func fixedMessages() {
        #expect(encoded([.sslResponse(accepted: false)]) == [UInt8(ascii: "N")])
        #expect(encoded([.sslResponse(accepted: true)]) == [UInt8(ascii: "S")])
        #expect(encoded([.authentication(.ok)]) == bytes(hex: "520000000800000000"))
        #expect(encoded([.readyForQuery(.idle)]) == bytes(hex: "5a0000000549"))
        #expect(encoded([.readyForQuery(.inTransaction)]) == bytes(hex: "5a0000000554"))
        #expect(encoded([.backendKeyData(processID: 7, secretKey: 9)]) == bytes(hex: "4b0000000c0000000700000009"))
        #expect(
            encoded([.parseComplete, .bindComplete, .closeComplete, .noData, .portalSuspended, .emptyQueryResponse])
                == bytes(hex: "3100000004" + "3200000004" + "3300000004" + "6e00000004" + "7300000004" + "4900000004"))
        #expect(encoded([.commandComplete("SELECT 1")]) == bytes(hex: "430000000d53454c454354203100"))
        #expect(
            encoded([.parameterStatus(name: "TimeZone", value: "UTC")])
                == bytes(hex: "530000001154696d655a6f6e6500555443" + "00"))
        #expect(encoded([.parameterDescription([23, 25])]) == bytes(hex: "740000000e0002000000170000" + "0019"))
    }

    @Test func saslMessages() {
        #expect(
            encoded([.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))])
                == bytes(hex: "52000000170000000a" + "534352414d2d5348412d323536" + "0000"))
        var data = ByteBuffer()
        data.writeString("v=x")
        #expect(encoded([.authentication(.saslFinal(data))]) == bytes(hex: "520000000b0000000c" + "763d78"))
    }

    @Test func rowDescriptionAndDataRow() {
        let row = encoded([
            .rowDescription([PGColumnDescription(name: "a", typeOID: 23, typeSize: 4, format: .binary)]),
            .dataRow([ByteBuffer(bytes: [0, 0, 0, 1]), nil]),
        ])
        #expect(
            row
                == bytes(
                    hex: "540000001a0001" + "6100" + "00000000" + "0000" + "00000017" + "0004" + "ffffffff" + "0001"
                        + "4400000012" + "0002" + "00000004" + "00000001" + "ffffffff"))
    }

    @Test func errorResponseCarriesEveryField() {
        let fields = PGErrorFields(
            sqlState: "42601", message: "syntax error", detail: "d", hint: "h", position: 8)
        var expected: [UInt8] = [UInt8(ascii: "E")]
        var body: [UInt8] = []
        for (code, value) in [
            ("S", "ERROR"), ("V", "ERROR"), ("C", "42601"), ("M", "syntax error"), ("D", "d"), ("H", "h"), ("P", "8"),
        ] {
            body.append(UInt8(ascii: Unicode.Scalar(code)!))
            body += Array(value.utf8) + [0]
        }
        body.append(0)
        expected += withUnsafeBytes(of: Int32(body.count + 4).bigEndian, Array.init) + body
        #expect(encoded([.error(fields)]) == expected)
        #expect(encoded([.notice(.notice("hi"))]).first == UInt8(ascii: "N"))
    }

    @Test func negotiateProtocolVersion() {
        #expect(
            encoded([.negotiateProtocolVersion(newestMinor: 0, unrecognizedOptions: ["_pq_.x"])])
                == bytes(hex: "7600000013" + "00030000" + "00000001" + "5f70715f2e7800"))
    }
}
