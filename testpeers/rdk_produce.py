#!/usr/bin/env python3
"""Produces records with confluent-kafka (librdkafka) — the independent Kafka client of the tests.

Input (stdin or --input FILE): one JSON object per line
    {"partition": 0, "key": B64|null, "value": B64|null, "headers": [["name", B64|null], ...], "timestamp": MS}
All fields are optional; a missing partition lets librdkafka's partitioner choose, a missing timestamp
means "now". Output: one JSON line {"delivered": N}. Any delivery error exits non-zero with the error.
"""
import argparse
import json
import sys

from rdk_common import add_common_arguments, client_config, create_topic, emit, fail, unb64


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    parser.add_argument("--create-partitions", type=int, default=0,
                        help="create the topic with this many partitions first (0: do not create)")
    parser.add_argument("--input", help="read records from this file instead of stdin")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for all deliveries")
    args = parser.parse_args()

    from confluent_kafka import Producer

    if args.create_partitions > 0:
        create_topic(args, args.topic, args.create_partitions)

    producer = Producer(client_config(
        args, **{"compression.type": args.compression, "linger.ms": "5", "queue.buffering.max.messages": "1000000",
                 "queue.buffering.max.kbytes": "1048576", "message.timeout.ms": str(int(args.timeout * 1000))}))
    errors = []
    delivered = [0]

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"partition {message.partition()}: {error}")
        else:
            delivered[0] += 1

    source = open(args.input, "rb") if args.input else sys.stdin.buffer
    sent = 0
    for line in source:
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        kwargs = {"value": unb64(record.get("value")), "key": unb64(record.get("key")), "on_delivery": on_delivery}
        if record.get("partition") is not None:
            kwargs["partition"] = int(record["partition"])
        if record.get("timestamp") is not None:
            kwargs["timestamp"] = int(record["timestamp"])
        headers = record.get("headers")
        if headers:
            kwargs["headers"] = [(name, unb64(value)) for name, value in headers]
        while True:
            try:
                producer.produce(args.topic, **kwargs)
                break
            except BufferError:
                producer.poll(0.1)
        sent += 1
        if sent % 10000 == 0:
            producer.poll(0)
    remaining = producer.flush(args.timeout)
    if errors:
        fail(f"{len(errors)} of {sent} records failed, first: {errors[0]}")
    if remaining:
        fail(f"{remaining} of {sent} records were not delivered within {args.timeout}s")
    emit({"delivered": delivered[0]})


if __name__ == "__main__":
    main()
