#!/usr/bin/env python3
"""A fixture of the Confluent Schema Registry REST API: the subset that confluent-kafka's
AvroSerializer / ProtobufSerializer and Inlet's registry client use.

No Confluent registry server installs on this machine, so the encoders (confluent-kafka's own
serializers) are the independent part, and this fixture answers as the registry does: the same
paths, the content type application/vnd.schemaregistry.v1+json, and Confluent's error bodies
({"error_code": 40401, "message": ...}).

  schema_registry.py [--port N] [--user u:p] [--cert F --key F [--client-ca F]]

With --cert and --key it serves https; with --client-ca too it requires a client certificate signed by that CA
(mTLS): a client without one fails the TLS handshake, as a registry behind ssl.client.auth=true does.

Prints the port it listens on (one line, then flushes) and serves until killed.

Protobuf: confluent-kafka's ProtobufSerializer registers a schema as the base64 of its serialized
FileDescriptorProto (schemaType PROTOBUF), with a reference per import, each registered under its own
subject (the import's file name). The real registry stores such a schema as .proto text and answers
GET /schemas/ids/{id} and GET /subjects/{subject}/versions/{v} with that text, and with the base64
FileDescriptorProto when asked `?format=serialized`. `?format=serialized` is answered faithfully here
(the registered base64, checked to parse as a FileDescriptorProto). This fixture has no .proto printer,
so without `format` it answers with the same base64 where the real registry would print .proto text;
and a schema registered as .proto text cannot be given with `?format=serialized` (501, as the real
registry answers a format it cannot produce).
"""

import argparse
import base64
import json
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"


class Registry:
    """Schemas by id (ids are global, one per distinct schema text) and subjects' version lists."""

    def __init__(self):
        self.lock = threading.Lock()
        self.schemas = {}  # id -> {"schema": str, "schemaType": str, "references": list}
        self.ids_by_key = {}  # (schemaType, canonical schema) -> id
        self.subjects = {}  # subject -> [id, ...] (version n is index n-1)

    @staticmethod
    def key(body):
        schema_type = body.get("schemaType", "AVRO")
        text = body["schema"]
        try:
            text = json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
        except ValueError:
            pass
        return schema_type, text

    def register(self, subject, body):
        with self.lock:
            k = self.key(body)
            sid = self.ids_by_key.get(k)
            if sid is None:
                sid = len(self.schemas) + 1
                self.ids_by_key[k] = sid
                self.schemas[sid] = {
                    "schema": body["schema"],
                    "schemaType": k[0],
                    "references": body.get("references", []),
                }
            versions = self.subjects.setdefault(subject, [])
            if sid not in versions:
                versions.append(sid)
            return sid

    def version_body(self, subject, n):
        sid = self.subjects[subject][n - 1]
        s = self.schemas[sid]
        body = {"subject": subject, "version": n, "id": sid, "schema": s["schema"]}
        if s["schemaType"] != "AVRO":
            body["schemaType"] = s["schemaType"]
        if s["references"]:
            body["references"] = s["references"]
        return body


class RegistryError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def subject_not_found(subject):
    return RegistryError(404, 40401, f"Subject '{subject}' not found.")


def formatted(schema, fmt):
    """The schema text for `?format=fmt`: for Protobuf `serialized` is the base64 FileDescriptorProto."""
    if fmt in ("", None):
        return schema["schema"]
    if schema["schemaType"] != "PROTOBUF" or fmt != "serialized":
        if schema["schemaType"] == "AVRO" and fmt == "resolved":
            return schema["schema"]
        raise RegistryError(501, 50101, f"format {fmt!r} is not supported for {schema['schemaType']} schemas")
    text = schema["schema"]
    try:
        from google.protobuf import descriptor_pb2

        descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(text, validate=True))
    except Exception:
        raise RegistryError(
            501, 50101, "this fixture cannot turn .proto text into a FileDescriptorProto; register the base64 form"
        )
    return text


def make_handler(registry, credentials):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def authorized(self):
            if credentials is None:
                return True
            header = self.headers.get("Authorization", "")
            expected = "Basic " + base64.b64encode(credentials.encode()).decode()
            return header == expected

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                return json.loads(raw or b"{}")
            except ValueError:
                raise RegistryError(422, 42201, "Invalid JSON body")

        def handle_request(self, method):
            if not self.authorized():
                self.reply(401, {"error_code": 401, "message": "Unauthorized"})
                return
            try:
                path, _, query = self.path.partition("?")
                parts = [unquote(p) for p in path.strip("/").split("/")]
                self.format = parse_qs(query).get("format", [""])[0]
                self.reply(200, self.route(method, parts))
            except RegistryError as e:
                self.reply(e.status, {"error_code": e.code, "message": e.message})

        def route(self, method, parts):
            if method == "GET" and parts == ["subjects"]:
                return sorted(registry.subjects)
            if method == "GET" and parts == ["config"]:
                return {"compatibilityLevel": "BACKWARD"}
            if method == "GET" and len(parts) == 3 and parts[:2] == ["schemas", "ids"]:
                try:
                    s = registry.schemas[int(parts[2])]
                except (ValueError, KeyError):
                    raise RegistryError(404, 40403, f"Schema {parts[2]} not found")
                body = {"schema": formatted(s, self.format)}
                if s["schemaType"] != "AVRO":
                    body["schemaType"] = s["schemaType"]
                if s["references"]:
                    body["references"] = s["references"]
                return body
            if len(parts) >= 2 and parts[0] == "subjects":
                return self.subject_route(method, parts[1], parts[2:])
            raise RegistryError(404, 404, "HTTP 404 Not Found")

        def subject_route(self, method, subject, rest):
            if method == "POST" and rest == ["versions"]:
                body = self.body()
                if "schema" not in body:
                    raise RegistryError(422, 42201, "Either the input schema or one of its references is invalid")
                return {"id": registry.register(subject, body)}
            if method == "POST" and rest == []:
                body = self.body()
                versions = registry.subjects.get(subject)
                if versions is None:
                    raise subject_not_found(subject)
                sid = registry.ids_by_key.get(Registry.key(body))
                if sid not in versions:
                    raise RegistryError(404, 40403, "Schema not found")
                return registry.version_body(subject, versions.index(sid) + 1)
            if method == "GET" and rest == ["versions"]:
                if subject not in registry.subjects:
                    raise subject_not_found(subject)
                return list(range(1, len(registry.subjects[subject]) + 1))
            if method == "GET" and len(rest) == 2 and rest[0] == "versions":
                versions = registry.subjects.get(subject)
                if versions is None:
                    raise subject_not_found(subject)
                n = len(versions) if rest[1] == "latest" else int(rest[1]) if rest[1].isdigit() else 0
                if not 1 <= n <= len(versions):
                    raise RegistryError(404, 40402, f"Version {rest[1]} not found.")
                body = registry.version_body(subject, n)
                body["schema"] = formatted(registry.schemas[body["id"]], self.format)
                return body
            raise RegistryError(404, 404, "HTTP 404 Not Found")

        def do_GET(self):
            self.handle_request("GET")

        def do_POST(self):
            self.handle_request("POST")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", help="u:p; requests without these basic-auth credentials get 401")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca", help="require client certificates signed by this CA (PEM)")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(Registry(), args.user))
    server.daemon_threads = True
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(cafile=args.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
