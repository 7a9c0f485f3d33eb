import Testing

@testable import KafkaClient

@Suite struct RecordStreamTests {
    @Test func deliversChunksInOrderThenEnds() async throws {
        let stream = RecordStream<Int>(capacity: 10)
        try await stream.send([1, 2])
        try await stream.send([3])
        stream.finish()
        #expect(try await stream.next() == [1, 2])
        #expect(try await stream.next() == [3])
        #expect(try await stream.next() == nil)
    }

    @Test func writerWaitsWhileFullAndResumesWhenRead() async throws {
        let stream = RecordStream<Int>(capacity: 2)
        try await stream.send([1, 2])
        let writer = Task { try await stream.send([3]) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await stream.next() == [1, 2])
        try await writer.value
        #expect(try await stream.next() == [3])
    }

    @Test func failureReachesTheReaderAfterQueuedChunks() async throws {
        struct Boom: Error {}
        let stream = RecordStream<Int>(capacity: 10)
        try await stream.send([1])
        stream.finish(throwing: Boom())
        #expect(try await stream.next() == [1])
        await #expect(throws: Boom.self) { try await stream.next() }
        #expect(try await stream.next() == nil)
    }

    @Test func waitingReaderGetsTheNextChunk() async throws {
        let stream = RecordStream<Int>(capacity: 10)
        let reader = Task { try await stream.next() }
        try await Task.sleep(for: .milliseconds(20))
        try await stream.send([7])
        #expect(try await reader.value == [7])
    }
}
