#!/usr/bin/env python3
"""The python side of `inlet bench protobuf`: the protobuf runtime (upb) writes and parses the same records.

  protobuf_bench.py encode --records N --output FILE
      writes N messages of a 10-field message (int64, int32, string, double, bool, optional string, enum,
      google.protobuf.Timestamp, bytes, repeated int32), each as a 4-byte little-endian length and the bytes
      SerializeToString gives; prints {"set": HEX of the FileDescriptorSet, "message": NAME}
  protobuf_bench.py decode --input FILE
      times FromString on every record of FILE (the class built once), then FromString and reading every field;
      prints {"records", "seconds", "cpu_seconds", "read_seconds", "read_cpu_seconds"}
"""
import argparse
import json
import random
import struct
import sys
import time

from protobuf_produce import compile_protos, message_class

PROTOS = {"bench.proto": """
syntax = "proto3";
package bench;
import "google/protobuf/timestamp.proto";
enum Kind { KIND_UNSPECIFIED = 0; CLICK = 1; VIEW = 2; BUY = 3; }
message Event {
  int64 id = 1; int32 n = 2; string name = 3; double score = 4; bool flag = 5; optional string note = 6;
  Kind kind = 7; google.protobuf.Timestamp at = 8; bytes blob = 9; repeated int32 tags = 10;
}
"""}
MAIN = "bench.proto"
MESSAGE = "bench.Event"


def records(path):
    with open(path, "rb") as handle:
        data = handle.read()
    offset = 0
    while offset + 4 <= len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        yield data[offset + 4:offset + 4 + length]
        offset += 4 + length


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["encode", "decode"])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--output")
    parser.add_argument("--input")
    args = parser.parse_args()
    cls = message_class(PROTOS, MAIN, MESSAGE)
    if args.mode == "encode":
        rng = random.Random(7)
        names = ["alpha", "bravo", "charlie-delta", "echo", "foxtrot golf hotel"]
        with open(args.output, "wb") as out:
            for index in range(args.records):
                event = cls(id=index * 7919, n=rng.randint(-1000, 1000), name=rng.choice(names),
                            score=rng.random() * 1000, flag=index % 3 == 0, kind=index % 4,
                            blob=bytes(rng.randrange(256) for _ in range(rng.randint(0, 8))),
                            tags=[rng.randint(0, 500) for _ in range(rng.randint(0, 3))])
                if index % 2:
                    event.note = "note %d" % index
                event.at.seconds = 1_700_000_000 + index
                event.at.nanos = (index % 1000) * 1_000_000
                data = event.SerializeToString()
                out.write(struct.pack("<I", len(data)) + data)
        json.dump({"set": compile_protos(PROTOS, MAIN).hex(), "message": MESSAGE}, sys.stdout)
        print()
        return
    corpus = list(records(args.input))
    parse = cls.FromString
    start, cpu = time.perf_counter(), time.thread_time()
    for data in corpus:
        parse(data)
    seconds, cpu_seconds = time.perf_counter() - start, time.thread_time() - cpu
    # upb parses into its arena and makes Python objects only when a field is read: the second figure reads every
    # field once, which is closer to what a consumer that stores the columns does.
    names = [field.name for field in cls.DESCRIPTOR.fields]
    start, cpu = time.perf_counter(), time.thread_time()
    for data in corpus:
        message = parse(data)
        for name in names:
            getattr(message, name)
    read_seconds, read_cpu = time.perf_counter() - start, time.thread_time() - cpu
    json.dump({"records": len(corpus), "seconds": seconds, "cpu_seconds": cpu_seconds,
               "read_seconds": read_seconds, "read_cpu_seconds": read_cpu}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
