#!/usr/bin/env python3
"""Produces Confluent-framed Avro with confluent-kafka's own AvroSerializer through a schema registry.

The serializer is the independent encoder: it registers each schema under the topic's subject
(TopicNameStrategy: <topic>-value), frames records as the magic byte 0, the 4-byte schema id and the
Avro binary, and fastavro writes the binary.

Input (stdin): one JSON object per line
    {"schema": SCHEMA_JSON_TEXT, "value": VALUE, "key": TEXT|null}   serialized by AvroSerializer
    {"raw": HEX, "key": TEXT|null}                                   the value's bytes as given (malformed records)
    {"tombstone": true, "key": TEXT}                                 a record without a value
and, instead of "key", {"keySchema": SCHEMA_JSON_TEXT, "keyValue": VALUE} for a key serialized by AvroSerializer
(registered under <topic>-key).
VALUE is JSON with tagged objects for the types JSON lacks: {"$bytes": HEX}, {"$decimal": "1.50"},
{"$date": "2024-02-29"}, {"$time": "12:34:56.789"}, {"$timestamp": ISO-8601 with offset},
{"$local": ISO-8601 without offset}, {"$uuid": "…"}, {"$float": "NaN"|"Infinity"|"-Infinity"}.
Output: one JSON line {"delivered": N, "ids": [schema id of each record, or null for raw]}.
"""
import argparse
import datetime
import decimal
import json
import sys
import uuid
import warnings

warnings.filterwarnings("ignore")

from rdk_common import (add_common_arguments, add_registry_arguments, client_config, create_topic, emit, fail,
                        registry_client)


def untag(value):
    if isinstance(value, list):
        return [untag(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), = value.items()
            if tag == "$bytes":
                return bytes.fromhex(inner)
            if tag == "$decimal":
                return decimal.Decimal(inner)
            if tag == "$date":
                return datetime.date.fromisoformat(inner)
            if tag == "$time":
                return datetime.time.fromisoformat(inner)
            if tag == "$timestamp" or tag == "$local":
                return datetime.datetime.fromisoformat(inner)
            if tag == "$uuid":
                return uuid.UUID(inner)
            if tag == "$float":
                return float(inner)
        return {k: untag(v) for k, v in value.items()}
    return value


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
    producer = Producer(client_config(args, **{"linger.ms": "5", "message.timeout.ms": str(int(args.timeout * 1000))}))
    errors = []
    delivered = [0]
    ids = []

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"partition {message.partition()}: {error}")
        else:
            delivered[0] += 1

    context = SerializationContext(args.topic, MessageField.VALUE)
    key_context = SerializationContext(args.topic, MessageField.KEY)
    key_serializers = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        if record.get("tombstone"):
            value = None
            ids.append(None)
        elif "raw" in record:
            value = bytes.fromhex(record["raw"])
            ids.append(None)
        else:
            schema = record["schema"]
            serializer = serializers.get(schema)
            if serializer is None:
                serializer = AvroSerializer(registry, schema, conf={"auto.register.schemas": True})
                serializers[schema] = serializer
            value = serializer(untag(record["value"]), context)
            ids.append(int.from_bytes(value[1:5], "big"))
        if "keySchema" in record:
            key_schema = record["keySchema"]
            key_serializer = key_serializers.get(key_schema)
            if key_serializer is None:
                key_serializer = AvroSerializer(registry, key_schema, conf={"auto.register.schemas": True})
                key_serializers[key_schema] = key_serializer
            key = key_serializer(untag(record["keyValue"]), key_context)
        else:
            key = record.get("key")
            key = key.encode() if key is not None else None
        producer.produce(args.topic, value=value, key=key, on_delivery=on_delivery)
        producer.poll(0)
    producer.flush(args.timeout)
    if errors:
        fail("; ".join(errors))
    emit({"delivered": delivered[0], "ids": ids})


if __name__ == "__main__":
    main()
