"""A small schema-driven Kafka protocol codec for the virtual cluster.

It reads Apache Kafka's own message definitions (kafka_messages/*.json, copied unchanged from
apache/kafka clients/src/main/resources/common/message, Apache License 2.0) and decodes/encodes
any version they define: classic and flexible encodings (compact strings/arrays/bytes, tagged
fields; unknown tags and tags sent with default values are preserved, so a decoded message
re-encodes to the same bytes). Messages are plain dicts keyed by the JSON field names.
"""
import json
import os
import re
import struct

MESSAGES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kafka_messages")
INFINITY = 1 << 30


def parse_versions(text):
    if text is None or text == "none":
        return None
    if text.endswith("+"):
        return int(text[:-1]), INFINITY
    if "-" in text:
        low, high = text.split("-")
        return int(low), int(high)
    return int(text), int(text)


def in_range(span, version):
    return span is not None and span[0] <= version <= span[1]


class Field:
    def __init__(self, spec):
        self.name = spec["name"]
        self.type = spec["type"]
        self.versions = parse_versions(spec.get("versions"))
        self.nullable = parse_versions(spec.get("nullableVersions"))
        self.tagged = parse_versions(spec.get("taggedVersions"))
        self.tag = spec.get("tag")
        self.default = spec.get("default")
        self.fields = [Field(sub) for sub in spec.get("fields", [])]
        self.is_array = self.type.startswith("[]")
        self.element = self.type[2:] if self.is_array else self.type
        self.is_struct = bool(self.fields)

    def present(self, version):
        return in_range(self.versions, version)

    def is_tagged(self, version, flexible):
        return flexible and in_range(self.tagged, version)

    def default_value(self, version):
        nullable = in_range(self.nullable, version)
        if self.is_array:
            return None if nullable and self.default == "null" else []
        if self.is_struct:
            return default_struct(self.fields, version)
        if self.type in ("int8", "int16", "int32", "int64", "uint16", "uint32"):
            return int(self.default, 0) if self.default not in (None, "") else 0
        if self.type == "float64":
            return float(self.default) if self.default else 0.0
        if self.type == "bool":
            return self.default == "true"
        if self.type == "string":
            if self.default == "null" and nullable:
                return None
            return self.default or ""
        if self.type in ("bytes", "records"):
            return None if nullable else b""
        if self.type == "uuid":
            return bytes(16)
        raise ValueError(f"unknown type {self.type} of field {self.name}")


def default_struct(fields, version):
    return {f.name: f.default_value(version) for f in fields if f.present(version)}


class Schema:
    """One request or response message definition."""

    def __init__(self, name):
        with open(os.path.join(MESSAGES_DIR, name + ".json")) as handle:
            text = "\n".join(line for line in handle if not line.lstrip().startswith("//"))
        spec = json.loads(text)
        self.name = spec["name"]
        self.api_key = spec.get("apiKey")
        self.valid = parse_versions(spec["validVersions"])
        self.flexible = parse_versions(spec["flexibleVersions"])
        self.fields = [Field(f) for f in spec["fields"]]

    def is_flexible(self, version):
        return in_range(self.flexible, version)

    def decode(self, data, version):
        reader = Reader(data)
        value = reader.struct(self.fields, version, self.is_flexible(version))
        if reader.remaining():
            raise ValueError(f"{self.name} v{version}: {reader.remaining()} bytes left over")
        return value

    def encode(self, value, version):
        writer = Writer()
        writer.struct(self.fields, value, version, self.is_flexible(version))
        return bytes(writer.buffer)

    def default(self, version):
        return default_struct(self.fields, version)


class Reader:
    def __init__(self, data):
        self.data = memoryview(data)
        self.pos = 0

    def remaining(self):
        return len(self.data) - self.pos

    def take(self, count):
        if count < 0 or self.pos + count > len(self.data):
            raise ValueError("message is shorter than its fields")
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk

    def fixed(self, fmt, size):
        return struct.unpack(fmt, self.take(size))[0]

    def uvarint(self):
        shift = result = 0
        while True:
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    def length(self, flexible, wide):
        if flexible:
            return self.uvarint() - 1
        return self.fixed(">i", 4) if wide else self.fixed(">h", 2)

    def primitive(self, kind, flexible):
        if kind == "bool":
            return self.take(1)[0] != 0
        if kind == "int8":
            return self.fixed(">b", 1)
        if kind == "int16":
            return self.fixed(">h", 2)
        if kind == "uint16":
            return self.fixed(">H", 2)
        if kind == "int32":
            return self.fixed(">i", 4)
        if kind == "uint32":
            return self.fixed(">I", 4)
        if kind == "int64":
            return self.fixed(">q", 8)
        if kind == "float64":
            return self.fixed(">d", 8)
        if kind == "uuid":
            return bytes(self.take(16))
        if kind == "string":
            size = self.length(flexible, wide=False)
            return None if size < 0 else str(self.take(size), "utf-8")
        if kind in ("bytes", "records"):
            size = self.length(flexible, wide=True)
            return None if size < 0 else bytes(self.take(size))
        raise ValueError(f"unknown type {kind}")

    def value(self, field, version, flexible):
        if field.is_array:
            count = self.length(flexible, wide=True)
            if count < 0:
                return None
            if field.is_struct:
                return [self.struct(field.fields, version, flexible) for _ in range(count)]
            return [self.primitive(field.element, flexible) for _ in range(count)]
        if field.is_struct:
            return self.struct(field.fields, version, flexible)
        return self.primitive(field.type, flexible)

    def struct(self, fields, version, flexible):
        result = {}
        for field in fields:
            if not field.present(version):
                continue
            if field.is_tagged(version, flexible):
                result[field.name] = field.default_value(version)
            else:
                result[field.name] = self.value(field, version, flexible)
        if flexible:
            by_tag = {f.tag: f for f in fields if f.is_tagged(version, flexible)}
            for _ in range(self.uvarint()):
                tag = self.uvarint()
                chunk = self.take(self.uvarint())
                field = by_tag.get(tag)
                if field is None:
                    result.setdefault("_unknown_tags", {})[tag] = bytes(chunk)
                else:
                    result[field.name] = Reader(chunk).value(field, version, flexible)
                    # Remembered so that re-encoding writes it even when it holds the default value.
                    result.setdefault("_present_tags", set()).add(tag)
        return result


class Writer:
    def __init__(self):
        self.buffer = bytearray()

    def uvarint(self, value):
        while value >= 0x80:
            self.buffer.append((value & 0x7F) | 0x80)
            value >>= 7
        self.buffer.append(value)

    def length(self, size, flexible, wide):
        if flexible:
            self.uvarint(size + 1)
        else:
            self.buffer += struct.pack(">i" if wide else ">h", size)

    def primitive(self, kind, value, flexible):
        if kind == "bool":
            self.buffer.append(1 if value else 0)
        elif kind == "int8":
            self.buffer += struct.pack(">b", value)
        elif kind == "int16":
            self.buffer += struct.pack(">h", value)
        elif kind == "uint16":
            self.buffer += struct.pack(">H", value)
        elif kind == "int32":
            self.buffer += struct.pack(">i", value)
        elif kind == "uint32":
            self.buffer += struct.pack(">I", value)
        elif kind == "int64":
            self.buffer += struct.pack(">q", value)
        elif kind == "float64":
            self.buffer += struct.pack(">d", value)
        elif kind == "uuid":
            self.buffer += bytes(value)
        elif kind == "string":
            if value is None:
                self.length(-1, flexible, wide=False)
            else:
                data = value.encode("utf-8")
                self.length(len(data), flexible, wide=False)
                self.buffer += data
        elif kind in ("bytes", "records"):
            if value is None:
                self.length(-1, flexible, wide=True)
            else:
                self.length(len(value), flexible, wide=True)
                self.buffer += value
        else:
            raise ValueError(f"unknown type {kind}")

    def value(self, field, value, version, flexible):
        if field.is_array:
            if value is None:
                self.length(-1, flexible, wide=True)
                return
            self.length(len(value), flexible, wide=True)
            for element in value:
                if field.is_struct:
                    self.struct(field.fields, element, version, flexible)
                else:
                    self.primitive(field.element, element, flexible)
        elif field.is_struct:
            self.struct(field.fields, value, version, flexible)
        else:
            self.primitive(field.type, value, flexible)

    def struct(self, fields, value, version, flexible):
        tagged = []
        for field in fields:
            if not field.present(version):
                continue
            item = value.get(field.name, field.default_value(version)) if value is not None else None
            if field.is_tagged(version, flexible):
                present = field.tag in (value or {}).get("_present_tags", ())
                if present or item != field.default_value(version):
                    tagged.append((field.tag, field, item))
                continue
            self.value(field, item, version, flexible)
        if flexible:
            chunks = []
            for tag, field, item in tagged:
                sub = Writer()
                sub.value(field, item, version, flexible)
                chunks.append((tag, bytes(sub.buffer)))
            for tag, data in (value or {}).get("_unknown_tags", {}).items():
                chunks.append((tag, data))
            chunks.sort(key=lambda pair: pair[0])
            self.uvarint(len(chunks))
            for tag, data in chunks:
                self.uvarint(tag)
                self.uvarint(len(data))
                self.buffer += data


_SCHEMAS = {}


def schema(name):
    if name not in _SCHEMAS:
        _SCHEMAS[name] = Schema(name)
    return _SCHEMAS[name]


# API keys the virtual cluster understands, and the message names of their definitions.
APIS = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 10: "FindCoordinator",
    17: "SaslHandshake", 18: "ApiVersions", 36: "SaslAuthenticate",
}


def request_schema(api_key):
    return schema(APIS[api_key] + "Request")


def response_schema(api_key):
    return schema(APIS[api_key] + "Response")


def is_flexible(api_key, version):
    return api_key in APIS and request_schema(api_key).is_flexible(version)


def decode_request(frame):
    """Splits a request frame (without its 4-byte size) into (header dict, body bytes)."""
    reader = Reader(frame)
    api_key = reader.fixed(">h", 2)
    version = reader.fixed(">h", 2)
    correlation = reader.fixed(">i", 4)
    client_id = reader.primitive("string", flexible=False)
    header = {"api_key": api_key, "version": version, "correlation_id": correlation, "client_id": client_id}
    if is_flexible(api_key, version):
        tags = reader.uvarint()
        for _ in range(tags):
            reader.uvarint()
            reader.take(reader.uvarint())
    return header, bytes(frame[reader.pos:])


def encode_request(header, body):
    writer = Writer()
    writer.buffer += struct.pack(">hhi", header["api_key"], header["version"], header["correlation_id"])
    writer.primitive("string", header.get("client_id"), flexible=False)
    if is_flexible(header["api_key"], header["version"]):
        writer.uvarint(0)
    return bytes(writer.buffer) + body


def response_header_is_flexible(api_key, version):
    # ApiVersions responses always use header v0 so that any client can read them.
    return api_key != 18 and is_flexible(api_key, version)


def encode_response(api_key, version, correlation, body):
    header = struct.pack(">i", correlation)
    if response_header_is_flexible(api_key, version):
        header += b"\x00"
    return header + body


def split_response(api_key, version, frame):
    """Splits a response frame into (correlation id, body bytes)."""
    reader = Reader(frame)
    correlation = reader.fixed(">i", 4)
    if response_header_is_flexible(api_key, version):
        for _ in range(reader.uvarint()):
            reader.uvarint()
            reader.take(reader.uvarint())
    return correlation, bytes(frame[reader.pos:])


def max_version(api_key):
    return request_schema(api_key).valid[1]
