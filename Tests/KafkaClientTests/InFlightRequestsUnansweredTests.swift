import NIOCore
import Testing

@testable import KafkaClient

/// Answers to requests sent without expecting one (Produce with acks=0): tansu sends them anyway.
@Suite struct InFlightRequestsUnansweredTests {
    let broker = BrokerAddress(nodeID: 111, host: "127.0.0.1", port: 9092)
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func send(_ m: inout InFlightRequests<String>, _ name: String, expectsResponse: Bool) -> Int32? {
        if case .write(let id) = m.send(
            apiKeyName: "Produce", flexibleResponseHeader: true, deadline: t0, expectsResponse: expectsResponse,
            context: name)
        {
            return id
        }
        return nil
    }

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
