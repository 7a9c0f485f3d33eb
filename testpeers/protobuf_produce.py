#!/usr/bin/env python3
"""Produces Confluent-framed Protobuf with confluent-kafka's own ProtobufSerializer through a schema registry.

The serializer is the independent encoder: it registers the message's file under the topic's subject
(TopicNameStrategy: <topic>-value) as the base64 of its FileDescriptorProto, each import first under its own
subject (the import's file name) as a reference, and frames records as the magic byte 0, the 4-byte schema id, the
message-index path (zigzag varints; the single byte 0 for the file's first message) and the message, which the
protobuf runtime writes. The .proto files are compiled by grpcio-tools' protoc, and the message classes are built
at run time from the compiled FileDescriptorSet (descriptor_pool + message_factory).

Input (stdin): one JSON object per line
    {"protos": {"a.proto": TEXT, ...}, "main": "a.proto", "message": "pkg.Msg", "value": JSON, "key": TEXT|null}
        value is the message in Protobuf's JSON mapping (json_format.ParseDict: enums by name, bytes as base64,
        64-bit integers as strings or numbers, Timestamps as RFC 3339 strings)
    {"raw": HEX, "key": TEXT|null}         the value's bytes as given (malformed records)
    {"tombstone": true, "key": TEXT}       a record without a value
and, instead of "key", {"keyMessage": "pkg.Key", "keyValue": JSON} for a key serialized by ProtobufSerializer from
the same protos (registered under <topic>-key).
Output: one JSON line {"delivered": N, "ids": [schema id of each record, or null], "values": [hex of each value]}.

  protobuf_produce.py --descriptor-set   reads {"protos": …, "main": …} lines and prints, for each, one JSON line
                                         {"set": HEX of the FileDescriptorSet (imports included)}
  protobuf_produce.py --encode           reads {"protos", "main", "message", "value"} lines and prints, for each,
                                         {"hex": the message's bytes (SerializeToString), "set": HEX}
"""
import argparse
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

from rdk_common import (add_common_arguments, add_registry_arguments, client_config, create_topic, emit, fail,
                        registry_client)

_compiled = {}


def compile_protos(protos, main):
    """The FileDescriptorSet (bytes) of `main` and its imports, compiled by grpcio-tools' protoc."""
    key = (json.dumps(protos, sort_keys=True), main)
    if key in _compiled:
        return _compiled[key]
    import grpc_tools
    from grpc_tools import protoc

    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")

    with tempfile.TemporaryDirectory() as directory:
        for name, text in protos.items():
            path = os.path.join(directory, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as handle:
                handle.write(text)
        out = os.path.join(directory, "set.pb")
        code = protoc.main(["protoc", "-I" + directory, "-I" + well_known, "--include_imports", "--descriptor_set_out=" + out,
                            os.path.join(directory, main)])
        if code != 0:
            fail(f"protoc failed on {main} (exit {code})")
        with open(out, "rb") as handle:
            data = handle.read()
    _compiled[key] = data
    return data


_classes = {}


def message_class(protos, main, name):
    """A message class for `name`, built at run time from the compiled descriptors (one pool per proto set)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    data = compile_protos(protos, main)
    if data not in _classes:
        pool = descriptor_pool.DescriptorPool()
        for file in descriptor_pb2.FileDescriptorSet.FromString(data).file:
            pool.Add(file)
        _classes[data] = (pool, {})
    pool, classes = _classes[data]
    if name not in classes:
        classes[name] = message_factory.GetMessageClass(pool.FindMessageTypeByName(name))
    return classes[name]


def build(protos, main, name, value):
    from google.protobuf import json_format

    return json_format.ParseDict(value, message_class(protos, main, name)())


def offline(mode):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        data = compile_protos(record["protos"], record["main"])
        if mode == "set":
            emit({"set": data.hex()})
        else:
            message = build(record["protos"], record["main"], record["message"], record["value"])
            emit({"hex": message.SerializeToString().hex(), "set": data.hex()})


def main():
    if "--descriptor-set" in sys.argv[1:]:
        return offline("set")
    if "--encode" in sys.argv[1:]:
        return offline("encode")
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    add_registry_arguments(parser)
    args = parser.parse_args()

    from confluent_kafka import Producer
    from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    if args.create_partitions > 0:
        create_topic(args, args.topic, args.create_partitions)
    registry = registry_client(args)
    serializers = {}
    producer = Producer(client_config(args, **{"linger.ms": "5", "message.timeout.ms": str(int(args.timeout * 1000))}))
    errors = []
    delivered = [0]
    ids = []
    values = []

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"partition {message.partition()}: {error}")
        else:
            delivered[0] += 1

    def serialize(protos, main, name, value, context):
        cls = message_class(protos, main, name)
        key = (id(cls), context.field)
        serializer = serializers.get(key)
        if serializer is None:
            serializer = ProtobufSerializer(cls, registry, conf={"auto.register.schemas": True})
            serializers[key] = serializer
        return serializer(build(protos, main, name, value), context)

    context = SerializationContext(args.topic, MessageField.VALUE)
    key_context = SerializationContext(args.topic, MessageField.KEY)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        if record.get("tombstone"):
            value = None
            ids.append(None)
        elif "raw" in record:
            value = bytes.fromhex(record["raw"])
            ids.append(None)
        else:
            value = serialize(record["protos"], record["main"], record["message"], record["value"], context)
            ids.append(int.from_bytes(value[1:5], "big"))
        values.append(value.hex() if value is not None else None)
        if "keyMessage" in record:
            key = serialize(record["protos"], record["main"], record["keyMessage"], record["keyValue"], key_context)
        else:
            key = record.get("key")
            key = key.encode() if key is not None else None
        producer.produce(args.topic, value=value, key=key, on_delivery=on_delivery)
        producer.poll(0)
    producer.flush(args.timeout)
    if errors:
        fail("; ".join(errors))
    emit({"delivered": delivered[0], "ids": ids, "values": values})


if __name__ == "__main__":
    main()
