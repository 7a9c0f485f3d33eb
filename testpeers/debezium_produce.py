#!/usr/bin/env python3
"""Produces Debezium-shaped change events with confluent-kafka's own AvroSerializer through a schema registry.

Each event is what Debezium's PostgreSQL connector writes with the Avro converter: the value is the envelope
record `<ns>.Envelope` (before and after as ["null", <ns>.Value], source as io.debezium.connector.postgresql.Source,
op, ts_ms, transaction), registered under <topic>-value; the key is the record `<ns>.Key` of the table's key
fields, registered under <topic>-key (TopicNameStrategy). A delete is op "d" with the old row in before and a
null after, followed (as Debezium does unless tombstones.on.delete is off) by its own tombstone line.

Input (stdin): one JSON object per line
    {"row": ROW_FIELDS, "key": [field names], "op": "c"|"r"|"u"|"d", "before": ROW|null, "after": ROW|null}
    {"row": ROW_FIELDS, "key": [field names], "tombstone": KEY_VALUE}          a record without a value
    {"row": ROW_FIELDS, "key": [field names], "raw": HEX, "keyValue": KEY_VALUE} the value's bytes as given
    {"noKey": true, ...}                                                         any of the above without a key
and "keyValue" in a change event gives its key instead of the row's (a key that disagrees with the row).
ROW_FIELDS is the JSON array of the row record's Avro fields; the key of an event is taken from its after (or
before) row. VALUE and ROW are JSON, with avro_produce.py's tags for bytes, decimals, dates, timestamps, ….
Output: one JSON line {"delivered": N, "valueIds": [schema id of each value, or null]}.
"""
import argparse
import json
import sys
import warnings

warnings.filterwarnings("ignore")

from avro_produce import untag
from rdk_common import (add_common_arguments, add_registry_arguments, client_config, create_topic, emit, fail,
                        registry_client)

NAMESPACE = "inlet.inventory.customers"

SOURCE = {
    "type": "record",
    "name": "Source",
    "namespace": "io.debezium.connector.postgresql",
    "fields": [
        {"name": "version", "type": "string"},
        {"name": "connector", "type": "string"},
        {"name": "name", "type": "string"},
        {"name": "ts_ms", "type": "long"},
        {"name": "snapshot", "type": [{"type": "string", "connect.default": "false"}, "null"], "default": "false"},
        {"name": "db", "type": "string"},
        {"name": "sequence", "type": ["null", "string"], "default": None},
        {"name": "schema", "type": "string"},
        {"name": "table", "type": "string"},
        {"name": "txId", "type": ["null", "long"], "default": None},
        {"name": "lsn", "type": ["null", "long"], "default": None},
        {"name": "xmin", "type": ["null", "long"], "default": None},
    ],
}

TRANSACTION = {
    "type": "record",
    "name": "block",
    "namespace": "event",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "total_order", "type": "long"},
        {"name": "data_collection_order", "type": "long"},
    ],
}


def envelope_schema(row_fields):
    value = {"type": "record", "name": "Value", "namespace": NAMESPACE, "fields": row_fields}
    return json.dumps({
        "type": "record",
        "name": "Envelope",
        "namespace": NAMESPACE,
        "fields": [
            {"name": "before", "type": ["null", value], "default": None},
            {"name": "after", "type": ["null", "Value"], "default": None},
            {"name": "source", "type": SOURCE},
            {"name": "op", "type": "string"},
            {"name": "ts_ms", "type": ["null", "long"], "default": None},
            {"name": "transaction", "type": ["null", TRANSACTION], "default": None},
        ],
        "connect.name": NAMESPACE + ".Envelope",
    })


def key_schema(row_fields, key_fields):
    types = {field["name"]: field["type"] for field in row_fields}
    fields = [{"name": name, "type": types[name]} for name in key_fields]
    return json.dumps({"type": "record", "name": "Key", "namespace": NAMESPACE, "fields": fields})


def source_block(sequence):
    return {
        "version": "2.5.0.Final", "connector": "postgresql", "name": "inlet", "ts_ms": 1700000000000 + sequence,
        "snapshot": "false", "db": "inventory", "sequence": None, "schema": "public", "table": "customers",
        "txId": 500 + sequence, "lsn": 24000000 + sequence, "xmin": None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    add_registry_arguments(parser)
    args = parser.parse_args()

    from confluent_kafka import Producer
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    if args.create_partitions > 0:
        create_topic(args, args.topic, args.create_partitions)
    registry = registry_client(args)
    serializers = {}

    def serializer(schema):
        found = serializers.get(schema)
        if found is None:
            found = AvroSerializer(registry, schema, conf={"auto.register.schemas": True})
            serializers[schema] = found
        return found

    producer = Producer(client_config(args, **{"linger.ms": "5", "message.timeout.ms": str(int(args.timeout * 1000))}))
    errors = []
    delivered = [0]
    value_ids = []

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"partition {message.partition()}: {error}")
        else:
            delivered[0] += 1

    value_context = SerializationContext(args.topic, MessageField.VALUE)
    key_context = SerializationContext(args.topic, MessageField.KEY)
    for sequence, line in enumerate(sys.stdin):
        line = line.strip()
        if not line:
            continue
        event = json.loads(line)
        row_fields = event["row"]
        key_fields = event["key"]
        if "tombstone" in event:
            key_value, value = event["tombstone"], None
            value_ids.append(None)
        elif "raw" in event:
            key_value, value = event["keyValue"], bytes.fromhex(event["raw"])
            value_ids.append(None)
        else:
            before, after = event.get("before"), event.get("after")
            row = after if after is not None else before
            key_value = event.get("keyValue") or {name: row[name] for name in key_fields}
            envelope = {
                "before": untag(before), "after": untag(after), "source": source_block(sequence), "op": event["op"],
                "ts_ms": 1700000000100 + sequence, "transaction": None,
            }
            value = serializer(envelope_schema(row_fields))(envelope, value_context)
            value_ids.append(int.from_bytes(value[1:5], "big"))
        key = None
        if not event.get("noKey"):
            key = serializer(key_schema(row_fields, key_fields))(untag(key_value), key_context)
        producer.produce(args.topic, value=value, key=key, on_delivery=on_delivery)
        producer.poll(0)
    producer.flush(args.timeout)
    if errors:
        fail("; ".join(errors))
    emit({"delivered": delivered[0], "valueIds": value_ids})


if __name__ == "__main__":
    main()
