import NIOCore
import Testing

@testable import KafkaClient

@Suite struct KafkaPartitionerTests {
    // The vectors of Kafka's own UtilsTest.testMurmur2.
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func murmur2MatchesTheJavaClient(input: String, expected: Int32) {
        #expect(KafkaPartitioner.murmur2(Array(input.utf8)) == expected)
    }

    @Test func keyedRecordsStayOnOnePartitionAndUnkeyedRotate() {
        var counter = 0
        let key = ByteBuffer(string: "customer-42")
        let first = KafkaPartitioner.murmur2.partition(key: key, partitionCount: 6, counter: &counter)
        for _ in 0..<5 {
            #expect(KafkaPartitioner.murmur2.partition(key: key, partitionCount: 6, counter: &counter) == first)
        }
        #expect(first == Int32((KafkaPartitioner.murmur2(Array("customer-42".utf8)) & 0x7fff_ffff) % 6))
        let spread = (0..<6).map { _ in
            KafkaPartitioner.roundRobin.partition(key: key, partitionCount: 3, counter: &counter)
        }
        #expect(spread == [0, 1, 2, 0, 1, 2])
    }
}
