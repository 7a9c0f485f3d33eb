#!/usr/bin/env python3
"""The hand-written ingest a data engineer would reach for — the peer of `inlet bench ingest`.

A confluent-kafka Consumer assigned to every partition of --topic from the beginning, the values decoded as
UTF-8 (Inlet's FORMAT TEXT), and sqlite3 `executemany` inserts in transactions of --transaction rows (WAL,
synchronous=NORMAL), each transaction also storing the next offset per partition so a restart neither loses nor
repeats a record. With --upsert the key is decoded too and rows go in with INSERT … ON CONFLICT (key) DO UPDATE
(a record without a value deletes its key), as ENVELOPE UPSERT does.

Reads until --count records arrived, then prints one JSON line:
    {"records": N, "seconds": S, "cpu_seconds": C}
timed from the consumer's creation to the last commit. Exits 3 when fewer than --count records arrive within
--timeout.
"""
import argparse
import json
import os
import resource
import sqlite3
import sys
import time

from rdk_common import add_common_arguments, client_config, fail


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--database", required=True, help="SQLite file to create (removed first if it exists)")
    parser.add_argument("--upsert", action="store_true", help="ENVELOPE UPSERT by the record key")
    parser.add_argument("--transaction", type=int, default=10_000, help="rows per transaction")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()

    from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.database + suffix):
            os.remove(args.database + suffix)
    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    if args.upsert:
        db.execute("CREATE TABLE rows (key TEXT NOT NULL PRIMARY KEY, text TEXT NOT NULL)")
    else:
        db.execute("CREATE TABLE rows (text TEXT NOT NULL)")
    db.execute("CREATE TABLE offsets (partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL)")
    insert = "INSERT INTO rows (text) VALUES (?)"
    upsert = "INSERT INTO rows (key, text) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET text = excluded.text"
    delete = "DELETE FROM rows WHERE key = ?"
    store_offset = "INSERT OR REPLACE INTO offsets (partition, next_offset) VALUES (?, ?)"

    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    consumer = Consumer(client_config(
        args, **{"group.id": "inlet-ingest-peer", "enable.auto.commit": "false", "enable.partition.eof": "false",
                 "fetch.max.bytes": "52428800", "queued.max.messages.kbytes": "262144"}))
    metadata = consumer.list_topics(args.topic, timeout=30)
    topic = metadata.topics.get(args.topic)
    if topic is None or topic.error is not None:
        fail(f"topic {args.topic} not found: {topic.error if topic else 'no metadata'}")
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in sorted(topic.partitions)])

    rows = []
    deletes = []
    offsets = {}
    pending = 0
    got = 0

    def commit():
        db.execute("BEGIN")
        if args.upsert:
            # Deletes and upserts of one transaction keep record order only per kind; the benchmark has no
            # tombstones, so this stays the simple loop a data engineer writes.
            db.executemany(upsert, rows)
            db.executemany(delete, deletes)
        else:
            db.executemany(insert, rows)
        db.executemany(store_offset, offsets.items())
        db.execute("COMMIT")
        rows.clear()
        deletes.clear()

    deadline = time.monotonic() + args.timeout
    while got < args.count and time.monotonic() < deadline:
        messages = consumer.consume(num_messages=min(args.transaction, args.count - got), timeout=0.5)
        for message in messages:
            error = message.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    print(f"consume error: {error}", file=sys.stderr, flush=True)
                continue
            got += 1
            pending += 1
            offsets[message.partition()] = message.offset() + 1
            value = message.value()
            if args.upsert:
                key = message.key().decode()
                if value is None:
                    deletes.append((key,))
                else:
                    rows.append((key, value.decode()))
            elif value is not None:
                rows.append((value.decode(),))
            if pending >= args.transaction:
                commit()
                pending = 0
        if pending and (not messages or got >= args.count):
            commit()
            pending = 0
    seconds = time.monotonic() - start
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    consumer.close()
    if got < args.count:
        fail(f"got {got} of {args.count} records from {args.topic} within {args.timeout}s", 3)
    cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    print(json.dumps({"records": got, "seconds": seconds, "cpu_seconds": cpu}), flush=True)


if __name__ == "__main__":
    main()
