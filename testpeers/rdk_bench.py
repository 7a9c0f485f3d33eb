#!/usr/bin/env python3
"""Throughput of confluent-kafka (librdkafka), the yardstick for Inlet's own client.

    rdk_bench.py --bootstrap B --topic T produce --count 1000000 --size 100 [--partitions 4] [--compression lz4]
    rdk_bench.py --bootstrap B --topic T consume --count 1000000

produce creates the topic (when --partitions > 0) and writes --count records of --size bytes
(null keys) round-robin over the partitions; consume reads --count records from the beginning of
every partition with consume() in batches of 10,000. Both print one JSON line:
{"mode", "records", "bytes", "seconds", "records_per_second", "megabytes_per_second"}.
Only the send/receive loop is timed, not client start-up or topic creation.
"""
import argparse
import sys
import time

from rdk_common import add_common_arguments, client_config, create_topic, emit, fail


def report(mode, records, size, seconds):
    emit({"mode": mode, "records": records, "bytes": size, "seconds": round(seconds, 6),
          "records_per_second": round(records / seconds, 1), "megabytes_per_second": round(size / seconds / 1e6, 3)})


def produce(args):
    from confluent_kafka import Producer

    if args.partitions > 0:
        create_topic(args, args.topic, args.partitions)
    producer = Producer(client_config(args, **{
        "compression.type": args.compression, "linger.ms": "5", "batch.size": "1000000",
        "queue.buffering.max.messages": "2000000", "queue.buffering.max.kbytes": "2097152"}))
    metadata = producer.list_topics(args.topic, timeout=30)
    partitions = sorted(metadata.topics[args.topic].partitions)
    payload = bytes(i % 251 for i in range(args.size))
    errors = []

    def on_delivery(error, _message):
        if error is not None:
            errors.append(error)

    start = time.perf_counter()
    for i in range(args.count):
        while True:
            try:
                producer.produce(args.topic, payload, partition=partitions[i % len(partitions)],
                                 on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.01)
        if i % 10000 == 0:
            producer.poll(0)
    remaining = producer.flush(120)
    seconds = time.perf_counter() - start
    if errors or remaining:
        fail(f"{len(errors)} delivery errors (first: {errors[:1]}), {remaining} undelivered")
    report("produce", args.count, args.count * args.size, seconds)


def consume(args):
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    consumer = Consumer(client_config(args, **{
        "group.id": "inlet-bench", "enable.auto.commit": "false", "fetch.max.bytes": "52428800",
        "queued.max.messages.kbytes": "1048576", "max.partition.fetch.bytes": "10485760"}))
    metadata = consumer.list_topics(args.topic, timeout=30)
    partitions = sorted(metadata.topics[args.topic].partitions)
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in partitions])
    got = size = 0
    start = time.perf_counter()
    deadline = time.monotonic() + args.timeout
    while got < args.count and time.monotonic() < deadline:
        for message in consumer.consume(num_messages=10000, timeout=0.5):
            if message.error() is not None:
                continue
            got += 1
            size += len(message.value() or b"")
    seconds = time.perf_counter() - start
    consumer.close()
    if got < args.count:
        fail(f"consumed {got} of {args.count} records within {args.timeout}s", 3)
    report("consume", got, size, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--timeout", type=float, default=300.0)
    modes = parser.add_subparsers(dest="mode", required=True)
    producing = modes.add_parser("produce")
    producing.add_argument("--count", type=int, required=True)
    producing.add_argument("--size", type=int, default=100)
    producing.add_argument("--partitions", type=int, default=0)
    producing.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    consuming = modes.add_parser("consume")
    consuming.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    produce(args) if args.mode == "produce" else consume(args)


if __name__ == "__main__":
    sys.exit(main())
