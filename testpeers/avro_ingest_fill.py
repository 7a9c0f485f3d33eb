#!/usr/bin/env python3
"""Fills the two topics of `inlet bench avro-ingest`: N Confluent-framed Avro records of avro_bench.py's 10-field
schema, and N TEXT records of the Avro records' average size (so both topics hold the same bytes).

The schema is registered once under <avro-topic>-value through confluent-kafka's SchemaRegistryClient; each record
is the 5-byte Confluent prefix (magic byte 0, the id big-endian) and fastavro's schemaless_writer bytes (one call
per record; AvroSerializer would cost a registry lookup and a BytesIO per record). Both topics are produced by
confluent-kafka's Producer (librdkafka, acks=all).

    avro_ingest_fill.py --bootstrap B --registry URL --avro-topic A --text-topic T --records N [--partitions P]

Prints one JSON line: {"schema_id", "records", "avro_bytes", "text_size", "encode_seconds", "produce_seconds"}.
"""
import argparse
import io
import json
import random
import struct
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from avro_bench import SCHEMA, record
from rdk_common import add_common_arguments, client_config, create_topic, emit, fail


def produce(producer, topic, values, timeout):
    errors = []

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"partition {message.partition()}: {error}")

    for value in values:
        while True:
            try:
                producer.produce(topic, value=value, on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    remaining = producer.flush(timeout)
    if remaining or errors:
        fail(f"producing to {topic}: {remaining} records unsent; " + "; ".join(errors[:5]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--avro-topic", required=True)
    parser.add_argument("--text-topic", required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()

    try:
        import fastavro
        from confluent_kafka import Producer
        from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
    except ImportError as error:
        sys.exit(f"avro_ingest_fill.py: {error}; run scripts/bootstrap --test")

    registry = SchemaRegistryClient({"url": args.registry})
    schema_id = registry.register_schema(f"{args.avro_topic}-value", Schema(json.dumps(SCHEMA), "AVRO"))
    parsed = fastavro.parse_schema(SCHEMA)
    prefix = b"\x00" + struct.pack(">I", schema_id)

    rng = random.Random(args.seed)
    start = time.perf_counter()
    values = []
    total = 0
    for index in range(args.records):
        buffer = io.BytesIO()
        buffer.write(prefix)
        fastavro.schemaless_writer(buffer, parsed, record(rng, index))
        value = buffer.getvalue()
        total += len(value)
        values.append(value)
    encode_seconds = time.perf_counter() - start

    text_size = max(1, round(total / args.records))
    create_topic(args, args.avro_topic, args.partitions)
    create_topic(args, args.text_topic, args.partitions)
    producer = Producer(
        client_config(
            args, **{"linger.ms": "20", "batch.size": "1000000", "queue.buffering.max.messages": "1000000",
                     "acks": "all", "compression.type": "none"}))
    start = time.perf_counter()
    produce(producer, args.avro_topic, values, args.timeout)
    del values
    filler = b"x" * text_size
    texts = []
    for index in range(args.records):
        head = f"rec-{index}-".encode()
        texts.append(head + filler[len(head):])
    produce(producer, args.text_topic, texts, args.timeout)
    produce_seconds = time.perf_counter() - start
    emit({
        "schema_id": schema_id, "records": args.records, "avro_bytes": total, "text_size": text_size,
        "encode_seconds": round(encode_seconds, 3), "produce_seconds": round(produce_seconds, 3),
    })


if __name__ == "__main__":
    main()
