#!/usr/bin/env python3
"""Consumes records with confluent-kafka (librdkafka) — the independent Kafka client of the tests.

Assigns the given partitions (default: all partitions of the topic) from the beginning, or from
--offset, and reads until --count records arrived. Output: one JSON line per record
    {"partition": P, "offset": O, "timestamp": MS, "key": B64|null, "value": B64|null, "headers": [["name", B64|null]]}
Exits 3 (after printing what it got) when fewer than --count records arrive within --timeout.
"""
import argparse
import sys
import time

from rdk_common import add_common_arguments, b64, client_config, emit, fail


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", default="", help="comma-separated partitions (default: all)")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--offset", type=int, default=None, help="start offset (default: beginning)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()

    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

    consumer = Consumer(client_config(
        args, **{"group.id": "inlet-test-peer", "enable.auto.commit": "false", "enable.partition.eof": "false",
                 "fetch.max.bytes": "52428800", "queued.max.messages.kbytes": "262144"}))
    if args.partitions:
        partitions = [int(p) for p in args.partitions.split(",")]
    else:
        metadata = consumer.list_topics(args.topic, timeout=args.timeout)
        topic = metadata.topics.get(args.topic)
        if topic is None or topic.error is not None:
            fail(f"topic {args.topic} not found: {topic.error if topic else 'no metadata'}")
        partitions = sorted(topic.partitions)
    start = OFFSET_BEGINNING if args.offset is None else args.offset
    consumer.assign([TopicPartition(args.topic, p, start) for p in partitions])

    got = 0
    deadline = time.monotonic() + args.timeout
    out = sys.stdout
    while got < args.count and time.monotonic() < deadline:
        for message in consumer.consume(num_messages=min(10000, args.count - got), timeout=0.5):
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    continue
                print(f"consume error: {error}", file=sys.stderr, flush=True)
                if error.fatal():
                    fail(f"fatal consume error: {error}")
                continue
            _, timestamp = message.timestamp()
            headers = message.headers() or []
            emit({"partition": message.partition(), "offset": message.offset(), "timestamp": timestamp,
                  "key": b64(message.key()), "value": b64(message.value()),
                  "headers": [[name, b64(value)] for name, value in headers]})
            got += 1
    out.flush()
    consumer.close()
    if got < args.count:
        fail(f"got {got} of {args.count} records from {args.topic} partitions {partitions} within {args.timeout}s", 3)


if __name__ == "__main__":
    main()
