#!/usr/bin/env python3
"""The Python half of `inlet bench avro`: fastavro writes the records once, and reads the same bytes back.

    avro_bench.py encode --records N --output FILE   writes N records of SCHEMA, prints {"schema", "records", "bytes"}
    avro_bench.py decode --input FILE                decodes every record, prints {"records", "bytes", "seconds",
                                                     "cpu_seconds"}

FILE holds each record's schemaless bytes (fastavro.schemaless_writer) after its length as 4 bytes little-endian.
Decoding is fastavro.schemaless_reader on each record, as a consumer of a Kafka topic calls it per message; the
file is read into memory before the clock starts.
"""
import argparse
import datetime
import io
import json
import random
import struct
import sys
import time

try:
    import fastavro
except ImportError:
    sys.exit("avro_bench.py: fastavro is missing; run scripts/bootstrap --test (pip install fastavro)")

# Ten fields of mixed types: what a typical event topic holds.
SCHEMA = {
    "type": "record",
    "name": "Event",
    "namespace": "bench",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "quantity", "type": "int"},
        {"name": "name", "type": "string"},
        {"name": "price", "type": "double"},
        {"name": "active", "type": "boolean"},
        {"name": "email", "type": ["null", "string"]},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED", "DONE"]}},
        {"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "tag", "type": "bytes"},
        {"name": "birthday", "type": {"type": "int", "logicalType": "date"}},
    ],
}

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo"]


def record(rng, index):
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return {
        "id": 1_000_000_000 + index,
        "quantity": rng.randint(-1000, 100_000),
        "name": rng.choice(WORDS) + " " + rng.choice(WORDS),
        "price": round(rng.uniform(0, 10_000), 2),
        "active": rng.random() < 0.5,
        "email": None if rng.random() < 0.5 else rng.choice(WORDS) + "@example.com",
        "status": rng.choice(["NEW", "PAID", "SHIPPED", "DONE"]),
        "created": epoch + datetime.timedelta(milliseconds=rng.randint(1_600_000_000_000, 1_800_000_000_000)),
        "tag": rng.randbytes(rng.randint(2, 8)),
        "birthday": datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 25_000)),
    }


def encode(arguments):
    parsed = fastavro.parse_schema(SCHEMA)
    rng = random.Random(11)
    total = 0
    with open(arguments.output, "wb") as output:
        for index in range(arguments.records):
            buffer = io.BytesIO()
            fastavro.schemaless_writer(buffer, parsed, record(rng, index))
            data = buffer.getvalue()
            output.write(struct.pack("<I", len(data)))
            output.write(data)
            total += len(data)
    print(json.dumps({"schema": json.dumps(SCHEMA), "records": arguments.records, "bytes": total}), flush=True)


def decode(arguments):
    with open(arguments.input, "rb") as file:
        data = file.read()
    records = []
    offset = 0
    while offset < len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        records.append(data[offset + 4 : offset + 4 + length])
        offset += 4 + length
    parsed = fastavro.parse_schema(SCHEMA)
    reader = fastavro.schemaless_reader
    start = time.perf_counter()
    cpu_start = time.thread_time()
    for item in records:
        reader(io.BytesIO(item), parsed)
    cpu_seconds = time.thread_time() - cpu_start
    seconds = time.perf_counter() - start
    total = sum(len(item) for item in records)
    print(json.dumps({"records": len(records), "bytes": total, "seconds": seconds, "cpu_seconds": cpu_seconds}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    encoding = commands.add_parser("encode")
    encoding.add_argument("--records", type=int, default=1_000_000)
    encoding.add_argument("--output", required=True)
    decoding = commands.add_parser("decode")
    decoding.add_argument("--input", required=True)
    arguments = parser.parse_args()
    encode(arguments) if arguments.command == "encode" else decode(arguments)


if __name__ == "__main__":
    main()
