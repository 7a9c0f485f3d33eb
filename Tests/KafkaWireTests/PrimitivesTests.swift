import KafkaWire
import NIOCore
import Testing

@Suite struct PrimitivesTests {
    @Test(arguments: [false, true])
    func stringsRoundTripAndEncodeAsSpecified(compact: Bool) throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaString("héllo", compact: compact)
        buffer.writeKafkaNullableString(nil, compact: compact)
        buffer.writeKafkaString("", compact: compact)
        let expected: [UInt8] =
            compact
            ? [7, 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0, 1]
            : [0, 6, 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0xFF, 0xFF, 0, 0]
        #expect(Array(buffer.readableBytesView) == expected)
        #expect(try buffer.readKafkaString("a", compact: compact) == "héllo")
        #expect(try buffer.readKafkaNullableString("b", compact: compact) == nil)
        #expect(try buffer.readKafkaNullableString("c", compact: compact) == "")
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: [false, true])
    func bytesAndArraysRoundTrip(compact: Bool) throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaBytes(ByteBuffer(bytes: [1, 2, 3]), compact: compact)
        buffer.writeKafkaNullableBytes(nil, compact: compact)
        buffer.writeKafkaInt32Array([7, -1], compact: compact)
        buffer.writeKafkaNullableArray(nil as [Int32]?, compact: compact) { $0.writeInteger($1) }
        buffer.writeKafkaStringArray(["a", "bc"], compact: compact)
        #expect(try buffer.readKafkaBytes("bytes", compact: compact) == ByteBuffer(bytes: [1, 2, 3]))
        #expect(try buffer.readKafkaNullableBytes("null", compact: compact) == nil)
        #expect(try buffer.readKafkaInt32Array("ints", compact: compact) == [7, -1])
        #expect(try buffer.readKafkaNullableArray("nullArray", compact: compact) { try $0.readKafkaInt8("x") } == nil)
        #expect(try buffer.readKafkaStringArray("strings", compact: compact) == ["a", "bc"])
        #expect(buffer.readableBytes == 0)
    }

    @Test func fixedWidthValues() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaBool(true)
        buffer.writeKafkaFloat64(-2.5)
        let uuid = KafkaUUID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
        buffer.writeKafkaUUID(uuid)
        buffer.writeInteger(Int64.min)
        #expect(try buffer.readKafkaBool("flag"))
        #expect(try buffer.readKafkaFloat64("double") == -2.5)
        #expect(try buffer.readKafkaUUID("id") == uuid)
        #expect(try buffer.readKafkaInt64("long") == Int64.min)
        #expect(uuid.bytes == Array(1...16))
        // Kafka prints UUIDs as unpadded URL-safe base64.
        #expect(uuid.description == "AQIDBAUGBwgJCgsMDQ4PEA")
        #expect(KafkaUUID.zero.description == "AAAAAAAAAAAAAAAAAAAAAA")
    }

    @Test func shortReadsThrowNamingTheFieldAndLeaveTheBufferAlone() throws {
        var buffer = ByteBuffer(bytes: [0, 5, 0x61, 0x62])
        let error = try #require(throws: KafkaWireError.self) { try buffer.readKafkaString("Host", compact: false) }
        #expect(error.kind == .truncated)
        #expect(error.field == "Host")
        #expect(buffer.readerIndex == 0)
        var int = ByteBuffer(bytes: [0, 0, 1])
        #expect(throws: KafkaWireError.self) { try int.readKafkaInt32("NodeId") }
        #expect(int.readerIndex == 0)
        var negative = ByteBuffer(bytes: [0xFF, 0xFE])
        let malformed = try #require(throws: KafkaWireError.self) {
            try negative.readKafkaNullableString("Rack", compact: false)
        }
        #expect(malformed.kind == .malformed)
        var null = ByteBuffer(bytes: [0xFF, 0xFF])
        #expect(throws: KafkaWireError.self) { try null.readKafkaString("Name", compact: false) }
    }

    @Test func arrayErrorsNameThePathAndIndex() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaArray([1, 2], compact: true) { buffer, value in
            buffer.writeKafkaArray([value], compact: true) { $0.writeInteger(Int32($1)) }
        }
        buffer.moveWriterIndex(to: buffer.writerIndex - 2)
        let error = try #require(throws: KafkaWireError.self) {
            try buffer.readKafkaArray("Topics", compact: true) { buffer in
                try buffer.readKafkaArray("Partitions", compact: true) { try $0.readKafkaInt32("LeaderId") }
            }
        }
        #expect(error.field == "Topics[1].Partitions[0].LeaderId")
        // A count no body could satisfy fails before allocating.
        var huge = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0])
        #expect(throws: KafkaWireError.self) {
            try huge.readKafkaArray("Brokers", compact: false) { try $0.readKafkaInt8("x") }
        }
    }

    @Test func taggedFieldsKeepUnknownOnesAndReadKnownOnes() throws {
        var buffer = ByteBuffer()
        buffer.writeKafkaTaggedFields([
            KafkaTaggedField(tag: 5, data: ByteBuffer(bytes: [9, 9])),
            KafkaTaggedField(tag: 1) { $0.writeInteger(Int32(42)) },
        ])
        // Sorted by tag on the wire: count 2, tag 1 size 4, tag 5 size 2.
        #expect(Array(buffer.readableBytesView) == [2, 1, 4, 0, 0, 0, 42, 5, 2, 9, 9])
        var seen: Int32 = 0
        let unknown = try buffer.readKafkaTaggedFields { tag, data in
            guard tag == 1 else { return false }
            seen = try data.readKafkaInt32("Known")
            return true
        }
        #expect(seen == 42)
        #expect(unknown == [KafkaTaggedField(tag: 5, data: ByteBuffer(bytes: [9, 9]))])
        var empty = ByteBuffer()
        empty.writeEmptyKafkaTaggedFields()
        #expect(try empty.readKafkaTaggedFields().isEmpty)
        var descending = ByteBuffer(bytes: [2, 3, 0, 1, 0])
        #expect(throws: KafkaWireError.self) { try descending.readKafkaTaggedFields() }
    }

    @Test func errorCodesKnowTheirNamesAndRetriability() {
        #expect(KafkaErrorCode.notLeaderOrFollower.rawValue == 6)
        #expect(KafkaErrorCode.notLeaderOrFollower.name == "NOT_LEADER_OR_FOLLOWER")
        #expect(KafkaErrorCode.notLeaderOrFollower.isRetriable)
        #expect(KafkaErrorCode.unknownTopicOrPartition.isRetriable)
        #expect(KafkaErrorCode.leaderNotAvailable.isRetriable)
        #expect(KafkaErrorCode.requestTimedOut.isRetriable)
        #expect(KafkaErrorCode.networkException.isRetriable)
        #expect(KafkaErrorCode.coordinatorLoadInProgress.isRetriable)
        #expect(!KafkaErrorCode.topicAuthorizationFailed.isRetriable)
        #expect(!KafkaErrorCode.saslAuthenticationFailed.isRetriable)
        #expect(KafkaErrorCode.saslAuthenticationFailed.rawValue == 58)
        #expect(KafkaErrorCode.unknownServerError.rawValue == -1)
        #expect(!KafkaErrorCode.noError.isError)
        #expect(KafkaErrorCode(rawValue: 999).name == "UNKNOWN_ERROR_CODE(999)")
        #expect(KafkaErrorCode.offsetOutOfRange.description == "OFFSET_OUT_OF_RANGE (1)")
        #expect(KafkaErrorCode.notLeaderOrFollower.invalidatesMetadata)
        #expect(KafkaErrorCode.unknownTopicOrPartition.invalidatesMetadata)
        #expect(!KafkaErrorCode.requestTimedOut.invalidatesMetadata)
        #expect(!KafkaErrorCode.noError.invalidatesMetadata)
        #expect(KafkaErrorCode.notLeaderOrFollower.explanation.contains("not the current leader"))
        // Every code from -1 to 128 is known (Kafka's table has no gaps in that range).
        #expect((-1...128).allSatisfy { !KafkaErrorCode(rawValue: Int16($0)).name.hasPrefix("UNKNOWN_ERROR_CODE") })
    }
}
