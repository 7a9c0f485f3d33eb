import Testing

@testable import Formats

/// Debezium's change events as its JSON converter writes them (`value.converter=org.apache.kafka.connect.json.
/// JsonConverter`, with `schemas.enable` off and on), shaped as its PostgreSQL connector's: every op, keys, and the
/// malformed envelopes `FORMAT JSON ENVELOPE DEBEZIUM` sends to the errors relation.
@Suite struct JSONDebeziumTests {
    static func change(_ text: String) throws -> JSONDebezium.Change {
        try Array(text.utf8).withUnsafeBytes { try JSONDebezium.change($0) }
    }

    static func key(_ text: String) throws -> String {
        try Array(text.utf8).withUnsafeBytes { try JSONDebezium.key($0) }
    }

    static func reason(_ text: String) -> String? {
        do {
            _ = try change(text)
            return nil
        } catch let error as DecodeError {
            return error.reason
        } catch {
            return "\(error)"
        }
    }

    static let source =
        #""source":{"version":"2.5.0.Final","connector":"postgresql","name":"inventory","ts_ms":1700000000000,"#
        + #""snapshot":"false","db":"inventory","schema":"public","table":"customers","txId":771,"lsn":33832456}"#

    @Test func schemasOffEventsByOp() throws {
        let create =
            #"{"before":null,"after":{"id":1001,"first_name":"Sally","email":"sally@example.com"},"#
            + Self.source + #","op":"c","ts_ms":1700000000123,"transaction":null}"#
        #expect(
            try Self.change(create)
                == .upsert(#"{"id": 1001, "email": "sally@example.com", "first_name": "Sally"}"#))
        let read = #"{"before":null,"after":{"id":1002,"first_name":"George"},"op":"r","ts_ms":1}"#
        #expect(try Self.change(read) == .upsert(#"{"id": 1002, "first_name": "George"}"#))
        let update =
            #"{"before":{"id":1001,"first_name":"Sally"},"after":{"id":1001,"first_name":"Sal"},"#
            + Self.source + #","op":"u","ts_ms":2}"#
        #expect(try Self.change(update) == .upsert(#"{"id": 1001, "first_name": "Sal"}"#))
        let delete = #"{"before":{"id":1001,"first_name":"Sal"},"after":null,"# + Self.source + #","op":"d"}"#
        #expect(try Self.change(delete) == .delete)
        // A delete without an after member at all, and an escaped spelling of "op".
        #expect(try Self.change(#"{"before":{"id":1},"\u006fp":"d"}"#) == .delete)
    }

    @Test func afterRowsKeepTheirValuesAsJsonbPrintsThem() throws {
        let event =
            #"{"op":"c","after":{"big":123456789012345678901234567890,"f":1.50,"e":1e3,"#
            + #""s":"t\u00e9\"x","n":null,"nested":{"b":2,"a":[1,{"z":0}]},"dup":1,"dup":2}}"#
        #expect(
            try Self.change(event)
                == .upsert(
                    #"{"e": 1000, "f": 1.50, "n": null, "s": "té\"x", "big": 123456789012345678901234567890, "#
                        + #""dup": 2, "nested": {"a": [1, {"z": 0}], "b": 2}}"#))
    }

    @Test func schemasOnEnvelopesAreUnwrapped() throws {
        let schema =
            #"{"type":"struct","fields":[{"type":"struct","fields":[{"type":"int32","optional":false,"#
            + #""field":"id"},{"type":"string","optional":true,"field":"first_name"}],"optional":true,"#
            + #""name":"inventory.public.customers.Value","field":"before"},{"type":"string","optional":false,"#
            + #""field":"op"}],"optional":false,"name":"inventory.public.customers.Envelope","version":1}"#
        let create =
            #"{"schema":"# + schema + #","payload":{"before":null,"after":{"id":7,"first_name":"Ann"},"#
            + Self.source + #","op":"c","ts_ms":5}}"#
        #expect(try Self.change(create) == .upsert(#"{"id": 7, "first_name": "Ann"}"#))
        let delete = #"{"schema":"# + schema + #","payload":{"before":{"id":7},"after":null,"op":"d"}}"#
        #expect(try Self.change(delete) == .delete)
        // The converter's form of a null value.
        #expect(try Self.change(#"{"schema":null,"payload":null}"#) == .delete)

        #expect(try Self.key(#"{"id":7}"#) == #"{"id": 7}"#)
        #expect(
            try Self.key(
                #"{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"#
                    + #""optional":false,"name":"inventory.public.customers.Key"},"payload":{"id":7}}"#)
                == #"{"id": 7}"#)
        // A key that merely has a payload member among others is kept whole; scalar keys too.
        #expect(try Self.key(#"{"payload":1,"schema":2,"x":3}"#) == #"{"x": 3, "schema": 2, "payload": 1}"#)
        #expect(try Self.key(" 42 ") == "42")
    }

    @Test func malformedEnvelopesSayWhatIsExpected() throws {
        let notJSON = Self.reason("{\"op\": ")
        #expect(notJSON?.hasPrefix("not a Debezium change event: invalid JSON") == true, "\(notJSON ?? "")")
        #expect(Self.reason("[1, 2]")?.contains("the value is an array; ENVELOPE DEBEZIUM over FORMAT JSON") == true)
        #expect(Self.reason(#"{"id": 1, "name": "plain"}"#)?.contains("has no \"op\" member") == true)
        #expect(Self.reason(#"{"schema": {}, "payload": "x"}"#)?.contains("the payload is a string") == true)
        #expect(Self.reason(#"{"op": 1, "after": {}}"#)?.contains("op is a number, not a string") == true)
        #expect(Self.reason(#"{"op": "c", "after": null}"#)?.contains("op c has no row (after is null)") == true)
        #expect(Self.reason(#"{"op": "u"}"#)?.contains("op u has no row (there is no after member)") == true)
        #expect(Self.reason(#"{"op": "r", "after": [1]}"#)?.contains("after is an array, not the row's") == true)
        #expect(Self.reason(#"{"op": "d", "after": {"id": 1}}"#)?.contains("op d (delete) has an after row") == true)
        #expect(Self.reason(#"{"op": "t", "after": null}"#)?.contains("truncate (t) and message (m)") == true)
        #expect(Self.reason(#"{"op": "m"}"#)?.contains("Debezium op 'm' is not c, r, u or d") == true)
    }
}
