#!/usr/bin/env python3
"""Sends one raw Produce (one record "probe" per partition), Fetch or ListOffsets request of a chosen
version to one broker address and prints the per-partition answer as JSON lines
{"topic", "partition", "error_code"}.

Tests use it to prove that a virtual broker answers NOT_LEADER_OR_FOLLOWER (6) for partitions it
does not lead, in every request version, independently of any client library.

    kafka_probe.py --broker 127.0.0.1:PORT --api fetch --version 12 --topic T --partitions 0,1
"""
import argparse
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kafka_codec as codec  # noqa: E402

APIS = {"produce": 0, "fetch": 1, "list-offsets": 2}


class Broker:
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.socket = socket.create_connection((host, int(port)), timeout=30)
        self.correlation = 0

    def call(self, api, version, body, expect_response=True):
        self.correlation += 1
        header = {"api_key": api, "version": version, "correlation_id": self.correlation, "client_id": "kafka_probe"}
        frame = codec.encode_request(header, codec.request_schema(api).encode(body, version))
        self.socket.sendall(struct.pack(">i", len(frame)) + frame)
        if not expect_response:
            return None
        size = struct.unpack(">i", self.read(4))[0]
        correlation, payload = codec.split_response(api, version, self.read(size))
        if correlation != self.correlation:
            raise SystemExit(f"correlation id {correlation} != {self.correlation}")
        return codec.response_schema(api).decode(payload, version)

    def read(self, count):
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                raise SystemExit("connection closed by the broker")
            data += chunk
        return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--broker", required=True)
    parser.add_argument("--api", required=True, choices=sorted(APIS))
    parser.add_argument("--version", type=int, required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", required=True)
    args = parser.parse_args()
    api, version = APIS[args.api], args.version
    partitions = [int(p) for p in args.partitions.split(",")]
    broker = Broker(args.broker)

    if api == 1:
        topic_id = bytes(16)
        if version >= 13:
            metadata = broker.call(3, 12, {"Topics": [{"TopicId": bytes(16), "Name": args.topic}],
                                           "AllowAutoTopicCreation": False})
            topic_id = metadata["Topics"][0]["TopicId"]
        request = codec.request_schema(1).default(version)
        request.update(MaxWaitMs=100, MinBytes=1, Topics=[{
            "Topic": args.topic, "TopicId": topic_id,
            "Partitions": [dict(codec.default_struct(codec.request_schema(1).fields[-3].fields[-1].fields, version),
                                Partition=p, FetchOffset=0, PartitionMaxBytes=1 << 20) for p in partitions]}])
        response = broker.call(1, version, request)
        for topic in response["Responses"]:
            for partition in topic["Partitions"]:
                print_row(args.topic, partition["PartitionIndex"], partition["ErrorCode"])
    elif api == 0:
        request = {"TransactionalId": None, "Acks": -1, "TimeoutMs": 5000, "TopicData": [{
            "Name": args.topic,
            "PartitionData": [{"Index": p, "Records": record_batch(b"probe")} for p in partitions]}]}
        response = broker.call(0, version, request)
        for topic in response["Responses"]:
            for partition in topic["PartitionResponses"]:
                print_row(topic["Name"], partition["Index"], partition["ErrorCode"])
    else:
        request = codec.request_schema(2).default(version)
        request.update(ReplicaId=-1, Topics=[{"Name": args.topic, "Partitions": [
            {"PartitionIndex": p, "CurrentLeaderEpoch": -1, "Timestamp": -2, "MaxNumOffsets": 1}
            for p in partitions]}])
        response = broker.call(2, version, request)
        for topic in response["Topics"]:
            for partition in topic["Partitions"]:
                print_row(topic["Name"], partition["PartitionIndex"], partition["ErrorCode"])


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def zigzag(value):
    value = (value << 1) ^ (value >> 63)
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def record_batch(value, timestamp=1_700_000_000_000):
    """One uncompressed record batch (magic 2) holding one record with a null key."""
    body = b"\x00" + zigzag(0) + zigzag(0) + zigzag(-1) + zigzag(len(value)) + value + zigzag(0)
    record = zigzag(len(body)) + body
    after_crc = struct.pack(">hiqqqhii", 0, 0, timestamp, timestamp, -1, -1, -1, 1) + record
    crc = crc32c(after_crc)
    after_length = struct.pack(">ibI", -1, 2, crc) + after_crc
    return struct.pack(">qi", 0, len(after_length)) + after_length


def print_row(topic, partition, error_code):
    print(f'{{"topic": "{topic}", "partition": {partition}, "error_code": {error_code}}}', flush=True)


if __name__ == "__main__":
    main()
