#!/usr/bin/env python3
"""Checks testpeers/kafka_codec.py, which the virtual cluster uses to rewrite tansu's answers.

1. Every version of every message it knows survives encode → decode of its default value.
2. Against a real broker (--broker host:port, a tansu with topic --topic): for every version of
   ApiVersions, Metadata, FindCoordinator, ListOffsets, Fetch and Produce, the broker's response
   decodes and re-encodes to exactly the bytes the broker sent.

Prints one JSON line {"versions_checked": N, "responses_checked": M}; exits 1 naming the first failure.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kafka_codec as codec  # noqa: E402
from kafka_probe import Broker, record_batch  # noqa: E402


def fail(message):
    print(message, file=sys.stderr, flush=True)
    sys.exit(1)


def defaults_round_trip():
    checked = 0
    for api in codec.APIS:
        for schema in (codec.request_schema(api), codec.response_schema(api)):
            for version in range(schema.valid[0], schema.valid[1] + 1):
                value = schema.default(version)
                if schema.decode(schema.encode(value, version), version) != value:
                    fail(f"{schema.name} v{version}: default value does not round-trip")
                checked += 1
    return checked


def requests(topic, topic_id, version, api):
    if api == 18:
        return {"ClientSoftwareName": "selftest", "ClientSoftwareVersion": "1"}
    if api == 3:
        return {"Topics": [{"TopicId": topic_id, "Name": topic}], "AllowAutoTopicCreation": False}
    if api == 10:
        return {"Key": "selftest", "KeyType": 0, "CoordinatorKeys": ["selftest"]}
    if api == 2:
        return dict(codec.request_schema(2).default(version), ReplicaId=-1, Topics=[{
            "Name": topic, "Partitions": [{"PartitionIndex": 0, "Timestamp": -2, "MaxNumOffsets": 1}]}])
    if api == 1:
        request = codec.request_schema(1).default(version)
        request.update(MaxWaitMs=10, MinBytes=0, Topics=[{"Topic": topic, "TopicId": topic_id, "Partitions": [
            {"Partition": 0, "FetchOffset": 0, "PartitionMaxBytes": 1 << 20, "CurrentLeaderEpoch": -1,
             "LastFetchedEpoch": -1, "LogStartOffset": -1}]}])
        return request
    return {"TransactionalId": None, "Acks": -1, "TimeoutMs": 5000, "TopicData": [{
        "Name": topic, "PartitionData": [{"Index": 0, "Records": record_batch(b"selftest")}]}]}


def broker_round_trip(address, topic):
    broker = Broker(address)
    metadata = broker.call(3, 12, requests(topic, bytes(16), 12, 3))
    topic_id = metadata["Topics"][0]["TopicId"]
    checked = 0
    for api, versions in ((18, range(0, 5)), (3, range(0, 13)), (10, range(0, 7)), (2, range(1, 10)),
                          (1, range(4, 18)), (0, range(3, 12))):
        for version in versions:
            raw = raw_call(broker, api, version, requests(topic, topic_id, version, api))
            _, body = codec.split_response(api, version, raw)
            schema = codec.response_schema(api)
            decoded = schema.decode(body, version)
            if schema.encode(decoded, version) != body:
                fail(f"{schema.name} v{version}: re-encoding changes the broker's bytes: {decoded}")
            checked += 1
    return checked


def raw_call(broker, api, version, body):
    import struct
    broker.correlation += 1
    header = {"api_key": api, "version": version, "correlation_id": broker.correlation, "client_id": "selftest"}
    frame = codec.encode_request(header, codec.request_schema(api).encode(body, version))
    broker.socket.sendall(struct.pack(">i", len(frame)) + frame)
    size = struct.unpack(">i", broker.read(4))[0]
    return broker.read(size)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--broker", required=True)
    parser.add_argument("--topic", required=True)
    args = parser.parse_args()
    versions = defaults_round_trip()
    responses = broker_round_trip(args.broker, args.topic)
    print(json.dumps({"versions_checked": versions, "responses_checked": responses}))


if __name__ == "__main__":
    main()
