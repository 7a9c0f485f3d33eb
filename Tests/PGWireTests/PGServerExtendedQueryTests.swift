import NIOCore
import Testing

@testable import PGWire

@Suite struct PGServerExtendedQueryTests {
    let sql = "SELECT n FROM t WHERE n > $1"
    let shape = PGStatementShape(parameterTypes: [PGTypeOID.int4], columns: [int4Column])

    @Test func psycopgStyleRoundTrip() {
        var machine = PGServerStateMachine.ready()
        #expect(
            machine.received(.parse(PGParse(name: "", query: sql, parameterTypes: [0])))
                == .describe(sql: sql, parameterTypes: [0]))
        #expect(machine.parseSucceeded(shape) == .send([.parseComplete], flush: false))
        #expect(
            machine.received(
                .bind(
                    PGBind(
                        portal: "", statement: "", parameterFormats: [.text], parameters: [text("1")],
                        resultFormats: [.text])))
                == .send([.bindComplete], flush: false))
        #expect(
            machine.received(.describe(.portal("")))
                == .send([.rowDescription([PGColumnDescription(name: "n", typeOID: 23, typeSize: 4)])], flush: false))
        #expect(machine.received(.execute(portal: "", maxRows: 0)) == .execute(sql: sql, parameters: ["1"]))
        #expect(
            machine.executeSucceeded(
                PGStatementOutput(columns: [int4Column], rows: [["2"], ["3"]], commandTag: "SELECT 2"))
                == .send([.dataRow([text("2")]), .dataRow([text("3")]), .commandComplete("SELECT 2")], flush: false))
        #expect(machine.received(.sync) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func binaryParametersAndResults() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.parse(PGParse(name: "s", query: sql, parameterTypes: [PGTypeOID.int8])))
        // The declared type wins over the session's guess.
        _ = machine.parseSucceeded(shape)
        #expect(
            machine.received(.describe(.statement("s")))
                == .send(
                    [
                        .parameterDescription([PGTypeOID.int8]),
                        .rowDescription([PGColumnDescription(name: "n", typeOID: 23, typeSize: 4)]),
                    ], flush: false))
        var eight = ByteBuffer()
        eight.writeInteger(Int64(8))
        _ = machine.received(
            .bind(
                PGBind(
                    portal: "p", statement: "s", parameterFormats: [.binary], parameters: [eight],
                    resultFormats: [.binary])))
        #expect(
            machine.received(.describe(.portal("p")))
                == .send(
                    [.rowDescription([PGColumnDescription(name: "n", typeOID: 23, typeSize: 4, format: .binary)])],
                    flush: false))
        #expect(machine.received(.execute(portal: "p", maxRows: 0)) == .execute(sql: sql, parameters: ["8"]))
        #expect(
            machine.executeSucceeded(PGStatementOutput(columns: [int4Column], rows: [["9"]], commandTag: "SELECT 1"))
                == .send([.dataRow([ByteBuffer(bytes: [0, 0, 0, 9])]), .commandComplete("SELECT 1")], flush: false))
    }

    @Test func rowLimitSuspendsThePortal() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.parse(PGParse(name: "", query: sql, parameterTypes: [])))
        _ = machine.parseSucceeded(shape)
        _ = machine.received(
            .bind(PGBind(portal: "", statement: "", parameterFormats: [], parameters: [text("0")], resultFormats: [])))
        _ = machine.received(.execute(portal: "", maxRows: 2))
        #expect(
            machine.executeSucceeded(
                PGStatementOutput(columns: [int4Column], rows: [["1"], ["2"], ["3"]], commandTag: "SELECT 3"))
                == .send([.dataRow([text("1")]), .dataRow([text("2")]), .portalSuspended], flush: false))
        #expect(
            machine.received(.execute(portal: "", maxRows: 2))
                == .send([.dataRow([text("3")]), .commandComplete("SELECT 1")], flush: false))
    }

    @Test func errorSkipsUntilSync() {
        var machine = PGServerStateMachine.ready()
        let error = PGErrorFields(sqlState: "42601", message: "syntax error", position: 1)
        _ = machine.received(.parse(PGParse(name: "", query: "SELEC", parameterTypes: [])))
        #expect(machine.parseFailed(error) == .send([.error(error)], flush: true))
        #expect(
            machine.received(
                .bind(PGBind(portal: "", statement: "", parameterFormats: [], parameters: [], resultFormats: [])))
                == .none)
        #expect(machine.received(.execute(portal: "", maxRows: 0)) == .none)
        #expect(machine.received(.sync) == .send([.readyForQuery(.idle)], flush: true))
        _ = machine.received(.parse(PGParse(name: "", query: "", parameterTypes: [])))
        #expect(
            machine.received(
                .bind(PGBind(portal: "", statement: "", parameterFormats: [], parameters: [], resultFormats: [])))
                == .send([.bindComplete], flush: false))
        #expect(machine.received(.execute(portal: "", maxRows: 0)) == .send([.emptyQueryResponse], flush: false))
    }

    @Test func missingObjectsAndWrongCounts() {
        var machine = PGServerStateMachine.ready()
        guard
            let missing = errorFields(
                machine.received(
                    .bind(
                        PGBind(portal: "", statement: "nope", parameterFormats: [], parameters: [], resultFormats: [])))
            )
        else {
            Issue.record("expected an error")
            return
        }
        #expect(missing.sqlState == "26000")
        _ = machine.received(.sync)
        _ = machine.received(.parse(PGParse(name: "s", query: sql, parameterTypes: [])))
        _ = machine.parseSucceeded(shape)
        guard
            let count = errorFields(
                machine.received(
                    .bind(PGBind(portal: "", statement: "s", parameterFormats: [], parameters: [], resultFormats: []))))
        else {
            Issue.record("expected an error")
            return
        }
        #expect(count.sqlState == "08P01")
        _ = machine.received(.sync)
        guard let duplicate = errorFields(machine.received(.parse(PGParse(name: "s", query: sql, parameterTypes: []))))
        else {
            Issue.record("expected an error")
            return
        }
        #expect(duplicate.sqlState == "42P05")
        _ = machine.received(.sync)
        #expect(machine.received(.close(.statement("s"))) == .send([.closeComplete], flush: false))
        guard let portal = errorFields(machine.received(.execute(portal: "gone", maxRows: 0))) else {
            Issue.record("expected an error")
            return
        }
        #expect(portal.sqlState == "34000")
    }

    @Test func binaryParameterOfUnknownTypeIsAnError() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.parse(PGParse(name: "", query: "SELECT $1", parameterTypes: [])))
        _ = machine.parseSucceeded(PGStatementShape(parameterTypes: [0], columns: nil))
        guard
            let error = errorFields(
                machine.received(
                    .bind(
                        PGBind(
                            portal: "", statement: "", parameterFormats: [.binary], parameters: [text("x")],
                            resultFormats: []))))
        else {
            Issue.record("expected an error")
            return
        }
        #expect(error.sqlState == "42P18")
    }

    @Test func statementWithoutRowsDescribesAsNoData() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.parse(PGParse(name: "", query: "CREATE SECRET s AS $1", parameterTypes: [])))
        _ = machine.parseSucceeded(PGStatementShape(parameterTypes: [PGTypeOID.text], columns: nil))
        #expect(
            machine.received(.describe(.statement(""))) == .send([.parameterDescription([25]), .noData], flush: false))
        _ = machine.received(
            .bind(PGBind(portal: "", statement: "", parameterFormats: [], parameters: [text("v")], resultFormats: [])))
        #expect(machine.received(.describe(.portal(""))) == .send([.noData], flush: false))
        _ = machine.received(.execute(portal: "", maxRows: 0))
        #expect(
            machine.executeSucceeded(PGStatementOutput(columns: nil, commandTag: "CREATE SECRET"))
                == .send([.commandComplete("CREATE SECRET")], flush: false))
    }
}
