import Testing

@testable import KafkaClient

@Suite struct PartitionBuffersTests {
    @Test func aPartitionAtItsLimitHasNoRoomUntilTheReaderTakes() async {
        let buffers = PartitionBuffers(limit: 100)
        buffers.added(60, to: 0)
        buffers.added(100, to: 1)
        let (room, generation) = buffers.withRoom([0, 1, 2])
        #expect(room == [0, 2])
        let waiter = Task { await buffers.waitForRoom(after: generation) }
        buffers.taken(10, from: 0)  // partition 0 had room already: no wake-up needed
        buffers.taken(1, from: 1)
        await waiter.value
        #expect(buffers.withRoom([0, 1, 2]).partitions == [0, 1, 2])
        #expect(buffers.withRoom([1]).generation == generation + 1)
    }

    @Test func waitingReturnsAtOnceWhenRoomCameBeforeAndOnCancellation() async {
        let buffers = PartitionBuffers(limit: 1)
        buffers.added(5, to: 3)
        let generation = buffers.withRoom([3]).generation
        buffers.taken(5, from: 3)
        await buffers.waitForRoom(after: generation)
        buffers.added(5, to: 3)
        let waiter = Task { await buffers.waitForRoom(after: buffers.withRoom([3]).generation) }
        waiter.cancel()
        await waiter.value
    }
}
