#!/usr/bin/env python3
"""Encodes values with fastavro (an independent Avro implementation) and prints each record as hex.

    avro_encode.py SCHEMA_JSON < values.jsonl
    avro_encode.py --serve < requests.jsonl     (each line [SCHEMA, VALUE]; the tests keep one running)

Each input line is one value in JSON (NaN and Infinity allowed). Where the schema says bytes or fixed, the
value is a string of code points 0-255 (as Avro writes defaults); a decimal is a string such as "-12.34"; a
union's value goes to its null branch when null and otherwise to its first other branch, unless it is
{"branch": i, "value": v}. Each output line is ":" and the record's bytes (fastavro.schemaless_writer) in hex,
or with --serve "!" and the error when fastavro refuses the value, flushed after each line.
"""
import decimal
import io
import json
import sys

try:
    import fastavro
except ImportError:
    sys.exit("avro_encode.py: fastavro is missing; run scripts/bootstrap --test (pip install fastavro)")


def convert(schema, value, named):
    if isinstance(schema, str):
        if schema in named:
            return convert(named[schema], value, named)
        if schema in ("bytes",):
            return value.encode("latin-1")
        return value
    if isinstance(schema, list):
        if isinstance(value, dict) and set(value) == {"branch", "value"}:
            branch = schema[value["branch"]]
            inner = convert(branch, value["value"], named)
            name = branch if isinstance(branch, str) else branch.get("name", branch["type"])
            return (name, inner)
        if value is None:
            return None
        branch = next(b for b in schema if b != "null")
        return convert(branch, value, named)
    kind = schema["type"]
    if "name" in schema and kind in ("record", "enum", "fixed"):
        named[schema["name"]] = schema
    logical = schema.get("logicalType")
    if logical == "decimal" and isinstance(value, str) and "precision" in schema:
        return decimal.Decimal(value)
    if kind == "record":
        return {f["name"]: convert(f["type"], value[f["name"]], named) for f in schema["fields"] if f["name"] in value}
    if kind == "array":
        return [convert(schema["items"], item, named) for item in value]
    if kind == "map":
        return {key: convert(schema["values"], item, named) for key, item in value.items()}
    if kind in ("fixed", "bytes"):
        return value.encode("latin-1")
    if isinstance(kind, (dict, list)) or kind in named:
        return convert(kind, value, named)
    return value


def encode(schema_json, value):
    output = io.BytesIO()
    fastavro.schemaless_writer(output, fastavro.parse_schema(schema_json), convert(schema_json, value, {}))
    return output.getvalue().hex()


def serve():
    for line in sys.stdin:
        schema_json, value = json.loads(line)
        try:
            print(":" + encode(schema_json, value), flush=True)
        except Exception as error:  # noqa: BLE001 - the test shows fastavro's reason
            print("!" + repr(error).replace("\n", " "), flush=True)


def main():
    if sys.argv[1:] == ["--serve"]:
        return serve()
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    schema_json = json.loads(sys.argv[1])
    parsed = fastavro.parse_schema(schema_json)
    for line in sys.stdin:
        if not line.strip():
            continue
        value = convert(schema_json, json.loads(line), {})
        output = io.BytesIO()
        fastavro.schemaless_writer(output, parsed, value)
        print(":" + output.getvalue().hex())


if __name__ == "__main__":
    main()
