/// Debezium's change event envelope in Avro: a record with `before` and `after` (the row type, nullable), `op`
/// (`c` create, `r` snapshot read, `u` update, `d` delete), `source`, `ts_ms` and `transaction`.
///
/// A relation read with `ENVELOPE DEBEZIUM` has the `after` record's fields as its columns; only `after` and `op`
/// are read, the other fields are skipped.
public enum AvroDebezium {
    /// The row type of an envelope schema: the record `after` holds (`["null", Row]`, `[Row, "null"]` or `Row`).
    ///
    /// Anything else (not a record, no `after`, an `after` that is not a record, an `op` that is not a string) is
    /// an error that says what a Debezium envelope looks like.
    public static func rowRecord(of envelope: AvroSchema) throws(DecodeError) -> AvroRecord {
        guard case .record(let record) = envelope else {
            throw notAnEnvelope("the schema is a \(envelope.typeName), not a record")
        }
        guard let after = record.fields.first(where: { $0.name == "after" }) else {
            throw notAnEnvelope("record \(record.name) has no field after")
        }
        guard let row = row(of: after.type) else {
            throw notAnEnvelope("the field after of \(record.name) is a \(after.type.typeName), not a nullable record")
        }
        if let op = record.fields.first(where: { $0.name == "op" }), !isString(op.type) {
            throw notAnEnvelope("the field op of \(record.name) is a \(op.type.typeName), not a string")
        }
        return row
    }

    /// The row record of an `after` field's type.
    static func row(of type: AvroSchema) -> AvroRecord? {
        switch type {
        case .record(let row): return row
        case .union(let branches):
            let others = branches.filter { $0 != .null }
            guard others.count == 1, branches.count == 2, case .record(let row) = others[0] else { return nil }
            return row
        default: return nil
        }
    }

    static func isString(_ type: AvroSchema) -> Bool {
        switch type {
        case .string: return true
        case .union(let branches): return branches.allSatisfy { $0 == .string || $0 == .null }
        default: return false
        }
    }

    private static func notAnEnvelope(_ detail: String) -> DecodeError {
        DecodeError(
            "not a Debezium envelope: \(detail); ENVELOPE DEBEZIUM reads records with the fields before and after "
                + "(the row, nullable) and op, as Debezium's Avro converter writes them")
    }
}

/// What one Debezium change event does to the relation.
public enum AvroDebeziumChange: Sendable, Hashable {
    /// `c`, `r` or `u`: the `after` row, in the reader's row fields' order, replaces the row with its key.
    case upsert([AvroCell])
    /// `d` (no `after` row): the row with the record's key goes.
    case delete
}
