import Testing

@testable import SQL

/// SUBSCRIBE as Materialize writes it, with COPY and DECLARE around it and FETCH's timeout; what Inlet does not
/// support is refused with a SQLSTATE that says what is.
@Suite struct SubscribeStatementTests {
    private func statement(_ sql: String) throws -> Statement {
        try Parser.parseOne(sql).statement
    }

    private func failure(_ sql: String) -> SQLError? {
        do {
            _ = try Parser.parse(sql)
            return nil
        } catch {
            return error
        }
    }

    private static let events = Query(text: "SELECT * FROM \"events\"", parameterCount: 0)

    @Test func relationsAndQueries() throws {
        #expect(try statement("SUBSCRIBE events") == .subscribe(Subscribe(query: Self.events)))
        #expect(try statement("subscribe to materialize.public.events;") == .subscribe(Subscribe(query: Self.events)))
        #expect(
            try statement("SUBSCRIBE (SELECT a, count(*) FROM t GROUP BY (a))")
                == .subscribe(
                    Subscribe(query: Query(text: "SELECT a, count(*) FROM t GROUP BY (a)", parameterCount: 0))))
        #expect(
            try statement("SUBSCRIBE TO \"Mixed Case\"")
                == .subscribe(
                    Subscribe(query: Query(text: "SELECT * FROM \"Mixed Case\"", parameterCount: 0))))
    }

    @Test func options() throws {
        #expect(
            try statement("SUBSCRIBE events WITH (SNAPSHOT = false, PROGRESS)")
                == .subscribe(Subscribe(query: Self.events, snapshot: false, progress: true)))
        #expect(
            try statement("SUBSCRIBE events WITH (progress = 'true', snapshot true)")
                == .subscribe(Subscribe(query: Self.events, snapshot: true, progress: true)))
        #expect(
            try statement("SUBSCRIBE events WITH (PROGRESS = off)")
                == .subscribe(Subscribe(query: Self.events, progress: false)))
    }

    @Test func copyAndDeclare() throws {
        guard case .copyTo(let copy) = try statement("COPY (SUBSCRIBE events WITH (PROGRESS)) TO STDOUT") else {
            Issue.record("not a COPY")
            return
        }
        #expect(copy.subscribe == Subscribe(query: Self.events, progress: true))
        #expect(copy.query == Self.events)
        #expect(copy.format == .text)
        guard case .copyTo(let csv) = try statement("COPY (SUBSCRIBE (SELECT 1)) TO STDOUT WITH (FORMAT csv)") else {
            Issue.record("not a COPY")
            return
        }
        #expect(csv.subscribe == Subscribe(query: Query(text: "SELECT 1", parameterCount: 0)))
        #expect(csv.format == .csv)
        // A query in parentheses is still a plain COPY.
        guard case .copyTo(let plain) = try statement("COPY (SELECT 1) TO STDOUT") else {
            Issue.record("not a COPY")
            return
        }
        #expect(plain.subscribe == nil)
        #expect(
            try statement("DECLARE c CURSOR FOR SUBSCRIBE events WITH (SNAPSHOT = false)")
                == .cursor(.declareSubscribe(name: "c", subscribe: Subscribe(query: Self.events, snapshot: false))))
    }

    @Test func fetchTimeouts() throws {
        #expect(
            try statement("FETCH 100 c WITH (timeout = '1s')")
                == .cursor(.fetch(name: "c", count: 100, timeout: .seconds(1))))
        #expect(
            try statement("FETCH ALL c WITH (TIMEOUT='0s')") == .cursor(.fetch(name: "c", count: nil, timeout: .zero)))
        #expect(
            try statement("FETCH ALL FROM c WITH (timeout = '250ms')")
                == .cursor(.fetch(name: "c", count: nil, timeout: .milliseconds(250))))
        #expect(try statement("FETCH c") == .cursor(.fetch(name: "c", count: 1, timeout: nil)))
        #expect(failure("FETCH c WITH (timeout = 'soon')")?.sqlState == "22023")
        #expect(failure("FETCH c WITH (wait = '1s')")?.sqlState == "42601")
        #expect(failure("FETCH c WITH (timeout = '1s', timeout = '2s')")?.sqlState == "42601")
    }

    @Test func unsupportedClausesAreRefusedWithWhatIsSupported() throws {
        for clause in [
            "ENVELOPE UPSERT (KEY (id))", "ENVELOPE DEBEZIUM (KEY (id))", "WITHIN TIMESTAMP ORDER BY id",
            "AS OF 5", "UP TO 10", "WITH (SNAPSHOT) AS OF AT LEAST 5",
        ] {
            let error = failure("SUBSCRIBE events \(clause)")
            #expect(error?.sqlState == "0A000", "\(clause): \(String(describing: error))")
            #expect(error?.hint?.contains("WITH (SNAPSHOT = bool, PROGRESS = bool)") == true, "\(clause)")
        }
        let unknown = failure("SUBSCRIBE events WITH (SNAPSHOT, AGGREGATE INPUT GROUP SIZE = 5)")
        #expect(unknown?.sqlState == "42601")
        #expect(unknown?.message == "SUBSCRIBE option \"aggregate\" is not supported")
        #expect(unknown?.hint == "SUBSCRIBE takes WITH (SNAPSHOT = bool, PROGRESS = bool)")
        #expect(unknown?.position == 34)
        #expect(failure("SUBSCRIBE events WITH (SNAPSHOT, SNAPSHOT = false)")?.sqlState == "42601")
        #expect(failure("SUBSCRIBE events WITH (SNAPSHOT = maybe)")?.sqlState == "42601")
        #expect(failure("SUBSCRIBE (SELECT $1)")?.sqlState == "42P02")
        #expect(failure("BEGIN; DECLARE c CURSOR WITH HOLD FOR SUBSCRIBE events")?.sqlState == "0A000")
        #expect(failure("SUBSCRIBE")?.sqlState == "42601")
    }
}
