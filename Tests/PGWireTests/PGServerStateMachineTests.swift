import NIOCore
import Testing

@testable import PGWire

extension PGServerStateMachine {
    static func trust(tls: Bool = false) -> PGServerStateMachine {
        PGServerStateMachine(configuration: .init(tlsAvailable: tls, requiresSCRAM: false, processID: 7, secretKey: 99))
    }

    /// A machine that went through startup and session start and is ready for queries.
    static func ready() -> PGServerStateMachine {
        var machine = trust()
        _ = machine.received(.startup(PGStartupMessage(parameters: [("user", "alice")])))
        _ = machine.sessionOpened(parameters: [("server_version", "14.0 (Inlet)")])
        return machine
    }
}

func text(_ string: String) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeString(string)
    return buffer
}

let int4Column = PGColumn(name: "n", typeOID: PGTypeOID.int4, typeSize: 4)

@Suite struct PGServerStartupTests {
    @Test func trustStartupReportsParametersAndKey() {
        var machine = PGServerStateMachine.trust()
        let startup = PGStartupMessage(parameters: [("user", "alice"), ("database", "inlet")])
        #expect(machine.received(.sslRequest) == .send([.sslResponse(accepted: false)], flush: true))
        #expect(machine.received(.gssEncryptionRequest) == .send([.sslResponse(accepted: false)], flush: true))
        #expect(
            machine.received(.startup(startup))
                == .openSession(user: "alice", startup: startup, send: [.authentication(.ok)]))
        #expect(
            machine.sessionOpened(parameters: [("server_version", "14.0 (Inlet)"), ("TimeZone", "UTC")])
                == .send(
                    [
                        .parameterStatus(name: "server_version", value: "14.0 (Inlet)"),
                        .parameterStatus(name: "TimeZone", value: "UTC"),
                        .backendKeyData(processID: 7, secretKey: 99),
                        .readyForQuery(.idle),
                    ], flush: true))
    }

    @Test func sslRequestStartsTLSWhenConfigured() {
        var machine = PGServerStateMachine.trust(tls: true)
        #expect(machine.received(.sslRequest) == .startTLS)
        #expect(
            machine.received(.sslRequest)
                == .sendAndClose([
                    .error(
                        PGErrorFields(
                            severity: .fatal, sqlState: "08P01", message: "SSLRequest after TLS was negotiated"))
                ]))
    }

    @Test func cancelRequestIsPassedOnAndCloses() {
        var machine = PGServerStateMachine.trust()
        #expect(machine.received(.cancelRequest(processID: 3, secretKey: 4)) == .cancel(processID: 3, secretKey: 4))
        #expect(machine.isClosed)
    }

    @Test func missingUserAndWrongProtocolAreFatal() {
        var machine = PGServerStateMachine.trust()
        guard let fields = errorFields(machine.received(.startup(PGStartupMessage(parameters: [])))) else {
            Issue.record("expected a FATAL error")
            return
        }
        #expect(fields.severity == .fatal && fields.sqlState == "28000")
        var old = PGServerStateMachine.trust()
        guard
            let oldFields = errorFields(
                old.received(
                    .startup(PGStartupMessage(protocolMajor: 2, protocolMinor: 0, parameters: [("user", "a")]))))
        else {
            Issue.record("expected a FATAL error")
            return
        }
        #expect(oldFields.sqlState == "0A000")
    }

    @Test func newerMinorProtocolIsNegotiatedDown() {
        var machine = PGServerStateMachine.trust()
        let startup = PGStartupMessage(
            protocolMajor: 3, protocolMinor: 2, parameters: [("user", "a"), ("_pq_.compression", "on")])
        #expect(
            machine.received(.startup(startup))
                == .openSession(
                    user: "a", startup: startup,
                    send: [
                        .negotiateProtocolVersion(newestMinor: 0, unrecognizedOptions: ["_pq_.compression"]),
                        .authentication(.ok),
                    ]))
    }

    @Test func scramExchange() {
        var machine = PGServerStateMachine(
            configuration: .init(tlsAvailable: false, requiresSCRAM: true, processID: 1, secretKey: 2))
        let startup = PGStartupMessage(parameters: [("user", "alice")])
        #expect(
            machine.received(.startup(startup))
                == .send([.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))], flush: true))
        var initial = ByteBuffer()
        initial.writeNullTerminatedString("SCRAM-SHA-256")
        initial.writeInteger(Int32(11))
        initial.writeString("n,,n=,r=abc")
        #expect(
            machine.received(.authenticationResponse(initial))
                == .startSASL(user: "alice", mechanism: "SCRAM-SHA-256", initialResponse: text("n,,n=,r=abc")))
        #expect(
            machine.saslChallenge(text("r=abcdef,s=c2FsdA==,i=4096"))
                == .send([.authentication(.saslContinue(text("r=abcdef,s=c2FsdA==,i=4096")))], flush: true))
        #expect(
            machine.received(.authenticationResponse(text("c=biws,r=abcdef,p=xyz")))
                == .continueSASL(text("c=biws,r=abcdef,p=xyz")))
        #expect(
            machine.saslCompleted(text("v=sig"))
                == .openSession(
                    user: "alice", startup: startup,
                    send: [.authentication(.saslFinal(text("v=sig"))), .authentication(.ok)]))
    }

    @Test func scramFailureIsFatal() {
        var machine = PGServerStateMachine(
            configuration: .init(tlsAvailable: false, requiresSCRAM: true, processID: 1, secretKey: 2))
        _ = machine.received(.startup(PGStartupMessage(parameters: [("user", "alice")])))
        var initial = ByteBuffer()
        initial.writeNullTerminatedString("SCRAM-SHA-256")
        initial.writeInteger(Int32(-1))
        _ = machine.received(.authenticationResponse(initial))
        #expect(
            machine.authenticationFailed("password authentication failed for user \"alice\"")
                == .sendAndClose([
                    .error(
                        PGErrorFields(
                            severity: .fatal, sqlState: "28P01",
                            message: "password authentication failed for user \"alice\""))
                ]))
        #expect(machine.isClosed)
    }

    @Test func authenticationTimeoutOnlyBeforeTheSessionOpens() {
        var fresh = PGServerStateMachine.trust()
        #expect(errorFields(fresh.authenticationTimedOut())?.message == "canceling authentication due to timeout")
        #expect(fresh.isClosed)
        var ready = PGServerStateMachine.ready()
        #expect(ready.authenticationTimedOut() == .none)
        #expect(!ready.isClosed)
    }

    @Test func queryBeforeStartupIsAProtocolViolation() {
        var machine = PGServerStateMachine.trust()
        guard let fields = errorFields(machine.received(.query("SELECT 1"))) else {
            Issue.record("expected FATAL")
            return
        }
        #expect(fields.sqlState == "08P01")
    }
}

@Suite struct PGServerSimpleQueryTests {
    @Test func severalStatementsThenReady() {
        var machine = PGServerStateMachine.ready()
        #expect(
            machine.received(.query("SELECT 1; CREATE SECRET s AS 'x'"))
                == .runSimpleQuery("SELECT 1; CREATE SECRET s AS 'x'"))
        #expect(
            machine.simpleQueryResult(
                PGStatementOutput(columns: [int4Column], rows: [["1"], [nil]], commandTag: "SELECT 2"))
                == .send(
                    [
                        .rowDescription([PGColumnDescription(name: "n", typeOID: 23, typeSize: 4)]),
                        .dataRow([text("1")]), .dataRow([nil]), .commandComplete("SELECT 2"),
                    ], flush: false))
        #expect(
            machine.simpleQueryResult(
                PGStatementOutput(columns: nil, commandTag: "CREATE SECRET", notices: [.notice("careful")]))
                == .send([.notice(.notice("careful")), .commandComplete("CREATE SECRET")], flush: false))
        #expect(machine.simpleQueryFinished(error: nil) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func emptyQuery() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.query(""))
        #expect(
            machine.simpleQueryFinished(error: nil) == .send([.emptyQueryResponse, .readyForQuery(.idle)], flush: true))
    }

    @Test func errorStopsAndTransactionStatusFollows() {
        var machine = PGServerStateMachine.ready()
        _ = machine.received(.query("BEGIN; SELEC"))
        _ = machine.simpleQueryResult(PGStatementOutput(columns: nil, commandTag: "BEGIN"))
        let error = PGErrorFields(sqlState: "42601", message: "syntax error at or near \"SELEC\"", position: 8)
        #expect(
            machine.simpleQueryFinished(error: error) == .send([.error(error), .readyForQuery(.failed)], flush: true))
        _ = machine.received(.query("ROLLBACK"))
        _ = machine.simpleQueryResult(PGStatementOutput(columns: nil, commandTag: "ROLLBACK"))
        #expect(machine.simpleQueryFinished(error: nil) == .send([.readyForQuery(.idle)], flush: true))
    }

    @Test func parameterChangesAreReportedOnce() {
        var machine = PGServerStateMachine.ready()
        #expect(machine.parametersChanged([("server_version", "14.0 (Inlet)")]) == .none)
        #expect(
            machine.parametersChanged([("TimeZone", "Europe/Paris")])
                == .send([.parameterStatus(name: "TimeZone", value: "Europe/Paris")], flush: false))
    }

    @Test func copyIsRefused() {
        var machine = PGServerStateMachine.ready()
        guard case .send(let messages, true) = machine.received(.unsupported(type: UInt8(ascii: "d"))) else {
            Issue.record("expected error + ready")
            return
        }
        #expect(messages.last == .readyForQuery(.idle))
    }

    @Test func terminateCloses() {
        var machine = PGServerStateMachine.ready()
        #expect(machine.received(.terminate) == .close)
        #expect(machine.received(.query("x")) == .none)
    }
}

/// The ErrorResponse an action sends, if it sends exactly one message and that is an error.
func errorFields(_ action: PGServerStateMachine.Action) -> PGErrorFields? {
    switch action {
    case .send(let messages, _), .sendAndClose(let messages):
        if messages.count == 1, case .error(let fields) = messages[0] { return fields }
        return nil
    default:
        return nil
    }
}
