import NIOCore

/// The requests pipelined on one broker connection, matched to responses by correlation id.
///
/// A state machine without I/O: the channel handler asks it for a correlation id when it writes a request,
/// hands it each response's correlation id, and asks it which requests have passed their deadline. `Context`
/// is whatever the handler needs to complete a request (a promise); tests use plain values.
struct InFlightRequests<Context> {
    /// What the handler must remember about a request while it waits for the response.
    struct Request {
        var apiKeyName: String
        var correlationID: Int32
        /// Whether the response header has tagged fields (flexible request other than ApiVersions).
        var flexibleResponseHeader: Bool
        var deadline: NIODeadline
        var context: Context
    }

    enum SendAction {
        /// Write the request with this correlation id.
        case write(correlationID: Int32)
        /// The connection is closed; fail the request with this error.
        case fail(KafkaClientError)
    }

    enum ReceiveAction {
        /// Complete this request with the response body.
        case deliver(Request)
        /// The broker sent a correlation id nobody waits for: close the connection, fail everything.
        case protocolViolation(KafkaClientError, failing: [Request])
        /// An answer to a request sent without expecting one (Produce with acks=0; tansu answers those anyway):
        /// drop it.
        case ignore
    }

    private enum State {
        case open
        case closed(KafkaClientError)
    }

    private var state: State = .open
    private var nextCorrelationID: Int32 = 1
    private var waiting: [Int32: Request] = [:]
    /// Correlation ids in the order requests were written; Kafka answers them in this order.
    private var order: [Int32] = []
    private var orderStart = 0
    /// Correlation ids of recent requests that expect no answer, oldest first (bounded).
    private var unanswered: [Int32] = []
    let broker: BrokerAddress

    init(broker: BrokerAddress) { self.broker = broker }

    var count: Int { waiting.count }
    var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    /// Registers a request; `expectsResponse` is false for Produce with acks=0, which gets no answer.
    mutating func send(
        apiKeyName: String, flexibleResponseHeader: Bool, deadline: NIODeadline, expectsResponse: Bool,
        context: Context
    ) -> SendAction {
        if case .closed(let error) = state { return .fail(error) }
        let id = nextCorrelationID
        nextCorrelationID = nextCorrelationID == Int32.max ? 1 : nextCorrelationID + 1
        if expectsResponse {
            waiting[id] = Request(
                apiKeyName: apiKeyName, correlationID: id, flexibleResponseHeader: flexibleResponseHeader,
                deadline: deadline, context: context)
            order.append(id)
        } else {
            unanswered.append(id)
            if unanswered.count > 2048 { unanswered.removeFirst(1024) }
        }
        return .write(correlationID: id)
    }

    /// Looks up the request a response belongs to; the response header is read up to the correlation id.
    func peek(correlationID: Int32) -> Request? { waiting[correlationID] }

    /// Matches a response to its request.
    mutating func received(correlationID: Int32) -> ReceiveAction {
        guard let request = waiting.removeValue(forKey: correlationID) else {
            if let index = unanswered.firstIndex(of: correlationID) {
                unanswered.removeFirst(index + 1)
                return .ignore
            }
            let error = KafkaClientError(
                .protocolError,
                "broker \(broker) answered correlation id \(correlationID), which no request is waiting for")
            return .protocolViolation(error, failing: close(error))
        }
        compactOrder()
        return .deliver(request)
    }

    /// The requests whose deadline is at or before `now`; once one times out the connection must be closed,
    /// because the broker will still answer it and pipelined answers would arrive late.
    mutating func expired(now: NIODeadline) -> [Request] {
        guard waiting.values.contains(where: { $0.deadline <= now }) else { return [] }
        var timedOut: [Request] = []
        for id in order[orderStart...] {
            if let request = waiting[id], request.deadline <= now {
                timedOut.append(request)
                waiting[id] = nil
            }
        }
        compactOrder()
        return timedOut
    }

    /// The earliest deadline among waiting requests, to schedule the next timeout check.
    var earliestDeadline: NIODeadline? { waiting.values.map(\.deadline).min() }

    /// Closes the machine and returns every request still waiting, in the order they were sent.
    mutating func close(_ error: KafkaClientError) -> [Request] {
        if case .closed = state { return [] }
        state = .closed(error)
        let pending = order[orderStart...].compactMap { waiting[$0] }
        waiting = [:]
        order = []
        orderStart = 0
        return pending
    }

    private mutating func compactOrder() {
        while orderStart < order.count, waiting[order[orderStart]] == nil { orderStart += 1 }
        if orderStart > 1024, orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}
