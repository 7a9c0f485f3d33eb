import NIOCore
import Testing

@testable import KafkaClient

@Suite struct InFlightRequestsTests {
    let broker = BrokerAddress(nodeID: 1, host: "b-1.kafka.internal", port: 9096)
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func send(
        _ m: inout InFlightRequests<String>, _ name: String, at deadline: NIODeadline? = nil,
        expectsResponse: Bool = true
    ) -> Int32? {
        if case .write(let id) = m.send(
            apiKeyName: "Fetch", flexibleResponseHeader: true, deadline: deadline ?? t0,
            expectsResponse: expectsResponse, context: name)
        {
            return id
        }
        return nil
    }

    @Test func pipelinedRequestsAreMatchedByCorrelationID() {
        var machine = InFlightRequests<String>(broker: broker)
        let a = send(&machine, "a", at: t0)
        let b = send(&machine, "b", at: t0)
        #expect(a == 1 && b == 2)
        #expect(machine.count == 2)
        guard case .deliver(let first) = machine.received(correlationID: 1) else {
            Issue.record("correlation id 1 not delivered")
            return
        }
        #expect(first.context == "a")
        guard case .deliver(let second) = machine.received(correlationID: 2) else {
            Issue.record("correlation id 2 not delivered")
            return
        }
        #expect(second.context == "b")
        #expect(machine.count == 0)
    }

    @Test func unknownCorrelationIDClosesAndFailsEverything() {
        var machine = InFlightRequests<String>(broker: broker)
        _ = send(&machine, "a", at: t0)
        guard case .protocolViolation(let error, let failing) = machine.received(correlationID: 99) else {
            Issue.record("expected a protocol violation")
            return
        }
        #expect(error.code == .protocolError)
        #expect(failing.map(\.context) == ["a"])
        guard
            case .fail = machine.send(
                apiKeyName: "Fetch", flexibleResponseHeader: false, deadline: t0, expectsResponse: true, context: "c")
        else {
            Issue.record("a closed machine must refuse new requests")
            return
        }
    }

    @Test func requestsWithoutResponseAreNotTracked() {
        var machine = InFlightRequests<String>(broker: broker)
        guard
            case .write(let id) = machine.send(
                apiKeyName: "Produce", flexibleResponseHeader: false, deadline: t0, expectsResponse: false,
                context: "acks0")
        else {
            Issue.record("acks=0 produce must be written")
            return
        }
        #expect(id == 1)
        #expect(machine.count == 0)
        #expect(send(&machine, "next", at: t0) == 2)
    }

    @Test func deadlinesExpireOnlyWhenReached() {
        var machine = InFlightRequests<String>(broker: broker)
        _ = send(&machine, "early", at: t0 + .seconds(1))
        _ = send(&machine, "late", at: t0 + .seconds(5))
        #expect(machine.earliestDeadline == t0 + .seconds(1))
        #expect(machine.expired(now: t0).isEmpty)
        #expect(machine.expired(now: t0 + .seconds(2)).map(\.context) == ["early"])
        #expect(machine.count == 1)
        #expect(machine.close(KafkaClientError(.timeout, "x")).map(\.context) == ["late"])
    }

    @Test func closeReturnsPendingInSendOrder() {
        var machine = InFlightRequests<String>(broker: broker)
        for name in ["a", "b", "c"] { _ = send(&machine, name, at: t0) }
        _ = machine.received(correlationID: 2)
        #expect(machine.close(KafkaClientError(.connectionClosed, "gone")).map(\.context) == ["a", "c"])
        #expect(machine.close(KafkaClientError(.connectionClosed, "again")).isEmpty)
    }

    // MARK: Answers to requests sent without expecting one (Produce with acks=0): tansu sends them anyway.

    @Test func anAnswerToAnAcksZeroProduceIsDroppedAndTheConnectionStays() {
        var machine = InFlightRequests<String>(broker: broker)
        let quiet = send(&machine, "acks0", expectsResponse: false)
        let fetch = send(&machine, "fetch", expectsResponse: true)
        guard case .ignore = machine.received(correlationID: quiet!) else {
            Issue.record("the answer to an acks=0 request must be dropped")
            return
        }
        guard case .deliver(let request) = machine.received(correlationID: fetch!) else {
            Issue.record("the request after it must still be answered")
            return
        }
        #expect(request.context == "fetch")
        #expect(machine.isOpen)
    }

    @Test func aSecondAnswerToTheSameRequestIsStillAViolation() {
        var machine = InFlightRequests<String>(broker: broker)
        let quiet = send(&machine, "acks0", expectsResponse: false)!
        guard case .ignore = machine.received(correlationID: quiet) else {
            Issue.record("first answer dropped")
            return
        }
        guard case .protocolViolation = machine.received(correlationID: quiet) else {
            Issue.record("a repeated correlation id must close the connection")
            return
        }
        #expect(!machine.isOpen)
    }

    @Test func aBrokerThatNeverAnswersThemKeepsTheMemoryBounded() {
        var machine = InFlightRequests<String>(broker: broker)
        var last: Int32 = 0
        for _ in 0..<10_000 { last = send(&machine, "acks0", expectsResponse: false)! }
        // The most recent ones are still recognised; the oldest were forgotten.
        guard case .ignore = machine.received(correlationID: last) else {
            Issue.record("a recent acks=0 request must be recognised")
            return
        }
        guard case .protocolViolation = machine.received(correlationID: 1) else {
            Issue.record("a long-forgotten correlation id is a violation")
            return
        }
    }
}
