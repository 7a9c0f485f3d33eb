/// Keeps the batches of one partition in order while several Produce requests are in flight, without I/O.
///
/// Batches are numbered as they are closed and written to the leader strictly in that order; up to
/// `maxInFlight` wait for their answers at once. A retriable failure (connection lost, leader moved) stops new
/// writes: the producer waits until every request in flight has answered, then resends the failed batches one
/// at a time, oldest first, and resumes pipelining once the last of them is acknowledged. So a later batch never overtakes an
/// earlier one silently. When a later batch was acknowledged although an earlier one failed (the broker took
/// the later one), resending the earlier one would put its records after the later ones: such a batch is
/// failed with `.wouldReorder` instead of being resent. Like every producer without idempotence, a batch
/// whose answer was lost may be written twice.
///
/// The producer drives it: `enqueue` when a batch is closed, `built` once its bytes are ready, `nextToSend`
/// while a connection to the leader is at hand, then `succeeded` or `failed` with the broker's answer.
struct ProduceSequencer<Batch> {
    /// How a request for a batch ended, as far as ordering is concerned.
    enum Outcome: Equatable {
        /// The batch was not written and may be resent (connection lost, timeout, leader moved).
        case retriable
        /// The batch was not written and will not be (refused by the broker, retries exhausted).
        case fatal
    }

    /// What the producer must tell the waiters of a batch.
    enum Resolution: Equatable {
        case acknowledged(sequence: UInt64)
        case failed(sequence: UInt64)
        /// Not resent: a later batch of the partition has been acknowledged already.
        case wouldReorder(sequence: UInt64)
    }

    private enum Stage {
        case building
        case ready
        case inFlight
        case awaitingResend
    }

    private struct Entry {
        var sequence: UInt64
        var stage: Stage
        var batch: Batch?
    }

    let maxInFlight: Int
    private var entries: [Entry] = []
    /// Index of the first entry still in `entries` (entries before it are resolved and dropped lazily).
    private var head = 0
    private var nextSequence: UInt64 = 0
    private var inFlight = 0
    private var awaitingResend = 0
    /// The resent batch in flight: pipelining resumes only once it is acknowledged.
    private var resendInFlight: UInt64?

    init(maxInFlight: Int) {
        precondition(maxInFlight >= 1)
        self.maxInFlight = maxInFlight
    }

    /// True while failed batches wait to be resent (one request at a time until they are through).
    var isRecovering: Bool { awaitingResend > 0 || resendInFlight != nil }

    /// Batches neither acknowledged nor failed yet.
    var unresolvedCount: Int { entries.count - head }

    var inFlightCount: Int { inFlight }

    /// Whether some batch still has to be written (now or once it is built).
    var hasUnsent: Bool { unresolvedCount > inFlight }

    /// Numbers a newly closed batch; pass `batch` when it is ready at once, or call `built` later.
    mutating func enqueue(_ batch: Batch? = nil) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        entries.append(Entry(sequence: sequence, stage: batch == nil ? .building : .ready, batch: batch))
        return sequence
    }

    /// The bytes of batch `sequence` are ready to be written.
    mutating func built(_ sequence: UInt64, _ batch: Batch) {
        guard let index = index(of: sequence), entries[index].stage == .building else { return }
        entries[index].stage = .ready
        entries[index].batch = batch
    }

    /// The next batch to write now, if ordering and the in-flight limit allow one; it counts as in flight.
    mutating func nextToSend() -> (sequence: UInt64, batch: Batch)? {
        if isRecovering {
            // Recovering: one request at a time, the oldest failed batch first, after everything else answered.
            guard inFlight == 0, awaitingResend > 0,
                let index = entries[head...].firstIndex(where: { $0.stage == .awaitingResend })
            else { return nil }
            entries[index].stage = .inFlight
            awaitingResend -= 1
            inFlight += 1
            resendInFlight = entries[index].sequence
            return (entries[index].sequence, entries[index].batch!)
        }
        guard inFlight < maxInFlight else { return nil }
        // Batches are written in order: the first one not yet written must be ready.
        guard let index = entries[head...].firstIndex(where: { $0.stage != .inFlight }),
            entries[index].stage == .ready
        else { return nil }
        entries[index].stage = .inFlight
        inFlight += 1
        return (entries[index].sequence, entries[index].batch!)
    }

    /// The broker acknowledged batch `sequence`. Earlier batches waiting to be resent can no longer keep
    /// their place and are resolved as `.wouldReorder`.
    mutating func succeeded(_ sequence: UInt64) -> [Resolution] {
        guard let index = index(of: sequence), entries[index].stage == .inFlight else { return [] }
        let overtaken = entries[head..<index].filter { $0.stage == .awaitingResend }.map(\.sequence)
        if resendInFlight == sequence { resendInFlight = nil }
        inFlight -= 1
        remove(at: index)
        var resolutions: [Resolution] = []
        for earlier in overtaken {
            awaitingResend -= 1
            remove(at: self.index(of: earlier)!)
            resolutions.append(.wouldReorder(sequence: earlier))
        }
        resolutions.append(.acknowledged(sequence: sequence))
        return resolutions
    }

    /// Batch `sequence` was not written (or its answer was lost). `.retriable` keeps it for a resend in order;
    /// `.fatal` resolves it as failed.
    mutating func failed(_ sequence: UInt64, _ outcome: Outcome) -> [Resolution] {
        guard let index = index(of: sequence) else { return [] }
        if resendInFlight == sequence { resendInFlight = nil }
        switch (entries[index].stage, outcome) {
        case (.inFlight, .retriable):
            entries[index].stage = .awaitingResend
            inFlight -= 1
            awaitingResend += 1
            return []
        case (.building, .retriable), (.ready, .retriable), (.awaitingResend, .retriable):
            return []
        case (let stage, .fatal):
            if stage == .inFlight { inFlight -= 1 }
            if stage == .awaitingResend { awaitingResend -= 1 }
            remove(at: index)
            return [.failed(sequence: sequence)]
        }
    }

    /// Resolves every batch not in flight as failed (the partition cannot be written: unknown topic, retries
    /// exhausted while looking for the leader). In-flight batches still get their answers.
    mutating func failUnsent() -> [Resolution] {
        let unsent = entries[head...].filter { $0.stage != .inFlight }.map(\.sequence)
        return unsent.flatMap { failed($0, .fatal) }
    }

    // MARK: Storage

    private func index(of sequence: UInt64) -> Int? {
        // Entries are sorted by sequence; resolved ones in the middle are gone, so search.
        guard head < entries.count, sequence >= entries[head].sequence else { return nil }
        let guess = head + Int(sequence - entries[head].sequence)
        if guess < entries.count, entries[guess].sequence == sequence { return guess }
        var low = head
        var high = min(guess, entries.count - 1)
        while low <= high {
            let middle = (low + high) / 2
            if entries[middle].sequence == sequence { return middle }
            if entries[middle].sequence < sequence { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Drops a resolved entry (the counters are the caller's business).
    private mutating func remove(at index: Int) {
        if index == head {
            entries[index].batch = nil
            head += 1
            if head == entries.count || head > 64 && head * 2 > entries.count {
                entries.removeFirst(head)
                head = 0
            }
        } else {
            entries.remove(at: index)
        }
    }
}
