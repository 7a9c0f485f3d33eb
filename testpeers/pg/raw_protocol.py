#!/usr/bin/env python3
"""Speaks the PostgreSQL protocol byte by byte to an Inlet server, for what drivers do not exercise:
Execute with a row limit (PortalSuspended), several statements in one Query, a Describe of a missing portal,
a message type that does not exist, and message sizes before and after authentication. Prints one line per backend message: TYPE FIELDS.

Usage: raw_protocol.py HOST PORT SCENARIO
"""
import socket
import struct
import sys

host, port, scenario = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sock = socket.create_connection((host, port), timeout=10)


def send(kind, payload=b""):
    sock.sendall(kind + struct.pack("!i", len(payload) + 4) + payload)


def cstr(text):
    return text.encode() + b"\0"


def recv_exact(n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("server closed the connection")
        data += chunk
    return data


def read_message():
    kind = recv_exact(1)
    length = struct.unpack("!i", recv_exact(4))[0]
    return kind.decode(), recv_exact(length - 4)


def show(kind, body):
    if kind in "EN":
        fields = {}
        for part in body.split(b"\0"):
            if part:
                fields[chr(part[0])] = part[1:].decode()
        return f"{kind} {fields.get('S')} {fields.get('C')} {fields.get('M')}"
    if kind == "D":
        count = struct.unpack("!h", body[:2])[0]
        values, offset = [], 2
        for _ in range(count):
            size = struct.unpack("!i", body[offset:offset + 4])[0]
            offset += 4
            values.append(None if size < 0 else body[offset:offset + size].decode())
            offset += max(size, 0)
        return f"D {values}"
    if kind in "CZ":
        text = body.rstrip(b"\0").decode()
        return f"{kind} {text}"
    return kind


def until_ready():
    while True:
        kind, body = read_message()
        if kind != "S" and kind != "K":
            print(show(kind, body))
        if kind == "Z":
            return


def read_all_until_closed():
    try:
        while True:
            kind, body = read_message()
            print(show(kind, body))
    except (EOFError, ConnectionResetError):
        print("closed")


if scenario == "silent":
    # Connect and send nothing: the server gives up after its authentication timeout.
    read_all_until_closed()
    sys.exit(0)

startup = struct.pack("!i", 196608) + cstr("user") + cstr("raw") + cstr("database") + cstr("inlet") + b"\0"
sock.sendall(struct.pack("!i", len(startup) + 4) + startup)

if scenario == "huge_before_auth":
    # The server asks for SASL; the answer announces 100 MB and sends a few bytes: the server must refuse it at
    # once, not wait for (and buffer) the rest. A server that waits makes recv time out and this script fail.
    kind, body = read_message()
    print(show(kind, body))
    sock.sendall(b"p" + struct.pack("!i", 100_000_004) + b"SCRAM-SHA-256\0")
    read_all_until_closed()
    sys.exit(0)

until_ready()

if scenario == "suspend":
    send(b"Q", cstr("INSERT a 1; INSERT b 2; INSERT c 3"))
    until_ready()
    send(b"P", cstr("") + cstr("SELECT * FROM items") + struct.pack("!h", 0))
    send(b"B", cstr("") + cstr("") + struct.pack("!hhh", 0, 0, 0))
    send(b"E", cstr("") + struct.pack("!i", 2))
    send(b"E", cstr("") + struct.pack("!i", 2))
    send(b"D", b"P" + cstr("missing"))
    send(b"E", cstr("") + struct.pack("!i", 0))
    send(b"S")
    until_ready()
    send(b"X")
elif scenario == "large_after_auth":
    # After authentication the normal limit applies: a 200 kB statement is fine.
    send(b"Q", cstr("INSERT " + "n" * 200_000 + " 1"))
    until_ready()
    send(b"X")
elif scenario == "violation":
    send(b"?", b"junk")
    read_all_until_closed()
