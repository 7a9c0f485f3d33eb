import NIOCore
import Testing

@testable import PGWire

/// The state machine's side of streaming, as scripts: which rows go out, when the next batch is asked for, and
/// where a suspended portal resumes. The rows come from the test, as the handler would hand them over.
@Suite struct PGServerStreamingTests {
    /// Stands for the engine's cursor: the machine never calls it (the handler does), it only hands it out.
    final class Rows: PGRowSource {
        func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], PGErrorFields>) -> Void) {}
        func cancel(_ error: PGErrorFields) {}
        func close() {}
    }

    /// A subscription's rows: never exhausted by a short batch.
    final class Updates: PGRowSource {
        func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], PGErrorFields>) -> Void) {}
        func cancel(_ error: PGErrorFields) {}
        func close() {}
        var isContinual: Bool { true }
    }

    let sql = "SELECT n FROM t"

    func bound(_ machine: inout PGServerStateMachine, portal: String = "") {
        _ = machine.received(.parse(PGParse(name: "", query: sql, parameterTypes: [])))
        _ = machine.parseSucceeded(PGStatementShape(parameterTypes: [], columns: [int4Column]))
        _ = machine.received(
            .bind(PGBind(portal: portal, statement: "", parameterFormats: [], parameters: [], resultFormats: [.text])))
    }

    func output(_ rows: [[String?]], _ stream: PGRowStream) -> PGStatementOutput {
        var output = PGStatementOutput(columns: [int4Column], rows: rows, commandTag: "SELECT \(rows.count)")
        output.stream = stream
        return output
    }

    @Test func aSuspendedPortalResumesFromItsRowsThenItsStream() {
        var machine = PGServerStateMachine.ready()
        bound(&machine, portal: "p")
        let stream = PGRowStream(Rows())
        #expect(machine.received(.execute(portal: "p", maxRows: 2)) == .execute(sql: sql, parameters: []))
        #expect(
            machine.executeSucceeded(output([["1"], ["2"], ["3"]], stream))
                == .send([.dataRow([text("1")]), .dataRow([text("2")]), .portalSuspended], flush: false))
        // One row in hand, then one more from the stream to fill the limit of two.
        #expect(
            machine.received(.execute(portal: "p", maxRows: 2))
                == .sendAndFetch([.dataRow([text("3")])], stream: stream, maxRows: 1))
        #expect(machine.isStreaming)
        #expect(machine.rowsFetched([["4"]]) == .send([.dataRow([text("4")]), .portalSuspended], flush: true))
        #expect(!machine.isStreaming)
        #expect(machine.received(.execute(portal: "p", maxRows: 2)) == .sendAndFetch([], stream: stream, maxRows: 2))
        // Exhausted exactly at the limit: as in PostgreSQL, the last Execute completes with what it got.
        #expect(
            machine.rowsFetched([["5"]]) == .send([.dataRow([text("5")]), .commandComplete("SELECT 1")], flush: true))
        #expect(machine.received(.sync) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func anUnlimitedExecuteStreamsInBatches() {
        var machine = PGServerStateMachine.ready()
        bound(&machine)
        let stream = PGRowStream(Rows())
        _ = machine.received(.execute(portal: "", maxRows: 0))
        let batch = PGServerStateMachine.rowsPerFetch
        #expect(
            machine.executeSucceeded(output([["1"]], stream))
                == .sendAndFetch([.dataRow([text("1")])], stream: stream, maxRows: batch))
        let full = (0..<batch).map { [String?]([String($0)]) }
        #expect(
            machine.rowsFetched(full)
                == .sendAndFetch(full.map { .dataRow([text($0[0]!)]) }, stream: stream, maxRows: batch))
        #expect(machine.rowsFetched([]) == .send([.commandComplete("SELECT \(batch + 1)")], flush: true))
    }

    @Test func aContinualStreamEndsOnlyWithAnEmptyBatchAndHonoursTheRowLimit() {
        var machine = PGServerStateMachine.ready()
        bound(&machine, portal: "s")
        let stream = PGRowStream(Updates())
        let batch = PGServerStateMachine.rowsPerFetch
        _ = machine.received(.execute(portal: "s", maxRows: 0))
        var subscribe = output([], stream)
        subscribe.notices = [.notice("streaming SUBSCRIBE rows directly requires a client that does not buffer output")]
        // The notice goes before the first rows, then every short batch goes out and the next is asked for.
        #expect(
            machine.executeSucceeded(subscribe)
                == .sendAndFetch([.notice(subscribe.notices[0])], stream: stream, maxRows: batch))
        #expect(machine.rowsFetched([["1"]]) == .sendAndFetch([.dataRow([text("1")])], stream: stream, maxRows: batch))
        #expect(machine.rowsFetched([["2"], ["3"]]).isSendAndFetch)
        #expect(machine.isStreaming)
        #expect(machine.rowsFetched([]) == .send([.commandComplete("SELECT 3")], flush: true))
        #expect(machine.received(.sync) == .send([.readyForQuery(.idle)], flush: true))

        // With a row limit the portal suspends once the limit is sent, and resumes from the stream.
        var limited = PGServerStateMachine.ready()
        bound(&limited, portal: "l")
        let updates = PGRowStream(Updates())
        _ = limited.received(.execute(portal: "l", maxRows: 2))
        #expect(limited.executeSucceeded(output([], updates)) == .sendAndFetch([], stream: updates, maxRows: 2))
        #expect(limited.rowsFetched([["1"]]) == .sendAndFetch([.dataRow([text("1")])], stream: updates, maxRows: 1))
        #expect(limited.rowsFetched([["2"]]) == .send([.dataRow([text("2")]), .portalSuspended], flush: true))
        #expect(limited.received(.execute(portal: "l", maxRows: 2)) == .sendAndFetch([], stream: updates, maxRows: 2))
    }

    @Test func aFailedFetchEndsThePortalWithTheError() {
        var machine = PGServerStateMachine.ready()
        bound(&machine)
        let stream = PGRowStream(Rows())
        _ = machine.received(.execute(portal: "", maxRows: 0))
        _ = machine.executeSucceeded(output([["1"]], stream))
        let canceled = PGErrorFields(sqlState: "57014", message: "canceling statement due to user request")
        #expect(machine.fetchFailed(canceled) == .send([.error(canceled)], flush: true))
        #expect(machine.received(.execute(portal: "", maxRows: 0)) == .none)
        #expect(machine.received(.sync) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func aSimpleQueryStreamsThenGoesOn() {
        var machine = PGServerStateMachine.ready()
        let stream = PGRowStream(Rows())
        #expect(machine.received(.query(sql)) == .runSimpleQuery(sql))
        #expect(
            machine.simpleQueryResult(output([["1"]], stream))
                == .sendAndFetch(
                    [
                        .rowDescription([PGColumnDescription(name: "n", typeOID: 23, typeSize: 4)]),
                        .dataRow([text("1")]),
                    ],
                    stream: stream, maxRows: PGServerStateMachine.rowsPerFetch))
        #expect(
            machine.rowsFetched([["2"]]) == .send([.dataRow([text("2")]), .commandComplete("SELECT 2")], flush: true))
        #expect(
            machine.simpleQueryFinished(error: nil) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func aSimpleQueryStreamThatFailsReportsThroughTheQuery() {
        var machine = PGServerStateMachine.ready()
        let stream = PGRowStream(Rows())
        _ = machine.received(.query(sql))
        _ = machine.simpleQueryResult(output([["1"]], stream))
        let timedOut = PGErrorFields(sqlState: "57014", message: "canceling statement due to statement timeout")
        #expect(machine.fetchFailed(timedOut) == .none)
        #expect(machine.takeStreamError() == timedOut)
        #expect(
            machine.simpleQueryFinished(error: timedOut)
                == .send([.error(timedOut), .readyForQuery(.idle)], flush: true))
    }

    @Test func copyToStdoutStreamsCopyData() {
        var machine = PGServerStateMachine.ready()
        let stream = PGRowStream(Rows())
        _ = machine.received(.query("COPY t TO STDOUT"))
        var copy = output([["1"]], stream)
        copy.copyOut = PGCopyOut(format: .text, delimiter: 9, null: "\\N")
        #expect(
            machine.simpleQueryResult(copy)
                == .sendAndFetch(
                    [.copyOutResponse(binary: false, columns: 1), .copyData(text("1\n"))], stream: stream,
                    maxRows: PGServerStateMachine.rowsPerFetch))
        #expect(
            machine.rowsFetched([["2"], [nil]])
                == .send(
                    [.copyData(text("2\n")), .copyData(text("\\N\n")), .copyDone, .commandComplete("COPY 3")],
                    flush: true))
    }
}

extension PGServerStateMachine.Action {
    fileprivate var isSendAndFetch: Bool {
        if case .sendAndFetch = self { return true }
        return false
    }
}
