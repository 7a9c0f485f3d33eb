import Testing

@testable import KafkaClient

/// The ordering rules of several Produce requests in flight per partition, without a broker.
@Suite struct ProduceSequencerTests {
    typealias Sequencer = ProduceSequencer<String>

    /// Takes every batch the sequencer lets go now.
    private func drain(_ sequencer: inout Sequencer) -> [UInt64] {
        var sent: [UInt64] = []
        while let next = sequencer.nextToSend() { sent.append(next.sequence) }
        return sent
    }

    private func enqueue(_ sequencer: inout Sequencer, _ count: Int) {
        for i in 0..<count { _ = sequencer.enqueue("b\(i)") }
    }

    @Test func pipelinesUpToTheLimitInOrder() {
        var sequencer = Sequencer(maxInFlight: 3)
        enqueue(&sequencer, 5)
        #expect(drain(&sequencer) == [0, 1, 2])
        #expect(sequencer.succeeded(0) == [.acknowledged(sequence: 0)])
        #expect(drain(&sequencer) == [3])
        #expect(sequencer.succeeded(1) == [.acknowledged(sequence: 1)])
        #expect(sequencer.succeeded(2) == [.acknowledged(sequence: 2)])
        #expect(drain(&sequencer) == [4])
        #expect(sequencer.inFlightCount == 2)
        #expect(!sequencer.hasUnsent)
    }

    @Test func aBatchStillBeingBuiltHoldsBackLaterOnes() {
        var sequencer = Sequencer(maxInFlight: 5)
        let first = sequencer.enqueue()
        _ = sequencer.enqueue("second")
        #expect(drain(&sequencer) == [])
        #expect(sequencer.hasUnsent)
        sequencer.built(first, "first")
        let sent = [sequencer.nextToSend(), sequencer.nextToSend()].compactMap { $0 }
        #expect(sent.map(\.sequence) == [0, 1])
        #expect(sent.map(\.batch) == ["first", "second"])
    }

    @Test func retriableFailureWaitsForInFlightThenResendsOneAtATime() {
        var sequencer = Sequencer(maxInFlight: 4)
        enqueue(&sequencer, 6)
        #expect(drain(&sequencer) == [0, 1, 2, 3])
        // The connection breaks: batch 1 fails first, 0 was already acknowledged, 2 and 3 fail too.
        #expect(sequencer.failed(1, .retriable) == [])
        #expect(sequencer.isRecovering)
        #expect(drain(&sequencer) == [], "nothing is written while answers are outstanding")
        #expect(sequencer.succeeded(0) == [.acknowledged(sequence: 0)])
        #expect(sequencer.failed(2, .retriable) == [])
        #expect(drain(&sequencer) == [], "batch 3 is still in flight")
        #expect(sequencer.failed(3, .retriable) == [])
        // Resent oldest first, one request at a time.
        #expect(drain(&sequencer) == [1])
        #expect(sequencer.succeeded(1) == [.acknowledged(sequence: 1)])
        #expect(drain(&sequencer) == [2])
        #expect(sequencer.failed(2, .retriable) == [], "a resend can fail again")
        #expect(drain(&sequencer) == [2])
        #expect(sequencer.succeeded(2) == [.acknowledged(sequence: 2)])
        #expect(drain(&sequencer) == [3])
        #expect(sequencer.succeeded(3) == [.acknowledged(sequence: 3)])
        #expect(!sequencer.isRecovering)
        // Pipelining again.
        #expect(drain(&sequencer) == [4, 5])
    }

    @Test func aLaterAcknowledgementFailsTheEarlierBatchInsteadOfReordering() {
        var sequencer = Sequencer(maxInFlight: 3)
        enqueue(&sequencer, 4)
        #expect(drain(&sequencer) == [0, 1, 2])
        #expect(sequencer.failed(0, .retriable) == [])
        #expect(sequencer.succeeded(1) == [.wouldReorder(sequence: 0), .acknowledged(sequence: 1)])
        #expect(!sequencer.isRecovering)
        #expect(sequencer.succeeded(2) == [.acknowledged(sequence: 2)])
        #expect(drain(&sequencer) == [3])
        #expect(sequencer.unresolvedCount == 1)
    }

    @Test func fatalFailureResolvesOnlyThatBatch() {
        var sequencer = Sequencer(maxInFlight: 2)
        enqueue(&sequencer, 3)
        #expect(drain(&sequencer) == [0, 1])
        #expect(sequencer.failed(0, .fatal) == [.failed(sequence: 0)])
        #expect(!sequencer.isRecovering)
        #expect(drain(&sequencer) == [2])
        #expect(sequencer.succeeded(1) == [.acknowledged(sequence: 1)])
        #expect(sequencer.succeeded(2) == [.acknowledged(sequence: 2)])
        #expect(sequencer.unresolvedCount == 0)
    }

    @Test func anUnbuildableBatchIsSkipped() {
        var sequencer = Sequencer(maxInFlight: 2)
        let broken = sequencer.enqueue()
        _ = sequencer.enqueue("next")
        #expect(sequencer.failed(broken, .fatal) == [.failed(sequence: broken)])
        #expect(drain(&sequencer) == [1])
        sequencer.built(broken, "late")
        #expect(drain(&sequencer) == [])
    }

    @Test func failUnsentLeavesRequestsInFlightAlone() {
        var sequencer = Sequencer(maxInFlight: 2)
        enqueue(&sequencer, 2)
        #expect(drain(&sequencer) == [0, 1])
        #expect(sequencer.failed(0, .retriable) == [])
        _ = sequencer.enqueue("queued")
        _ = sequencer.enqueue()
        #expect(
            sequencer.failUnsent() == [.failed(sequence: 0), .failed(sequence: 2), .failed(sequence: 3)])
        #expect(sequencer.inFlightCount == 1)
        #expect(!sequencer.isRecovering)
        #expect(sequencer.succeeded(1) == [.acknowledged(sequence: 1)])
        #expect(sequencer.unresolvedCount == 0)
    }

    @Test func manyBatchesKeepTheirNumbersAcrossCompaction() {
        var sequencer = Sequencer(maxInFlight: 5)
        var acknowledged: [UInt64] = []
        var overtaken: [UInt64] = []
        for round in 0..<300 {
            enqueue(&sequencer, 3)
            for sequence in drain(&sequencer) {
                if round % 7 == 3 && sequence % 3 == 0 {
                    #expect(sequencer.failed(sequence, .retriable) == [])
                    continue
                }
                for resolution in sequencer.succeeded(sequence) {
                    switch resolution {
                    case .acknowledged(let s): acknowledged.append(s)
                    case .wouldReorder(let s): overtaken.append(s)
                    case .failed: Issue.record("nothing failed fatally")
                    }
                }
            }
        }
        let failedRounds = (0..<300).filter { $0 % 7 == 3 }.map { UInt64($0 * 3) }
        #expect(overtaken == failedRounds)
        #expect(acknowledged == (0..<900).map { UInt64($0) }.filter { !failedRounds.contains($0) })
        #expect(sequencer.unresolvedCount == 0)
        #expect(!sequencer.isRecovering)
    }
}
