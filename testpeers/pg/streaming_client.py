#!/usr/bin/env python3
"""Clients that read a large result in pieces, for the streaming tests against `inlet serve`.

  psycopg-named PORT QUERY ITERSIZE   psycopg 3 named (server-side) cursor: DECLARE + FETCH FORWARD itersize
  asyncpg-cursor PORT QUERY PREFETCH  asyncpg's cursor() in a transaction: Execute with a row limit, resumed
  stall PORT PID QUERY                raw protocol: sends the query and stops reading until the server's buffers
                                      stop growing; prints what the server holds, then reads everything
  interrupt PORT cancel|timeout QUERY raw protocol: reads the first rows of a huge result, then cancels it (a
                                      CancelRequest) or lets statement_timeout (300ms) stop it; prints the error,
                                      then runs SELECT 42 on the same connection

Each prints `rows=N last=VALUE` (the row count and the first column of the last row) on success.
"""
import asyncio
import socket
import struct
import sys
import time


def psycopg_named(port, query, itersize):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="materialize", dbname="materialize") as conn:
        with conn.cursor(name="big") as cursor:
            cursor.itersize = itersize
            cursor.execute(query)
            count, last = 0, None
            for row in cursor:
                count += 1
                last = row[0]
        print(f"rows={count} last={last}")
        print(conn.execute("SELECT 41 + 1").fetchone()[0])


def asyncpg_cursor(port, query, prefetch):
    import asyncpg

    async def run():
        conn = await asyncpg.connect(host="127.0.0.1", port=port, user="materialize", database="materialize", ssl=False)
        count, last = 0, None
        async with conn.transaction():
            async for row in conn.cursor(query, prefetch=prefetch):
                count += 1
                last = row[0]
        print(f"rows={count} last={last}")
        print(await conn.fetchval("SELECT 41 + 1"))
        await conn.close()

    asyncio.run(run())


def message(kind, body):
    return kind + struct.pack("!i", len(body) + 4) + body


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def send_queue(server_port, client_port):
    """Bytes in the kernel's send queue of the server's end of this connection (/proc/net/tcp tx_queue)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local, remote = fields[1], fields[2]
                if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
                    return int(fields[4].split(":")[0], 16)
    return 0


def stall(port, pid, query):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.connect(("127.0.0.1", port))
    params = b"user\0materialize\0database\0materialize\0\0"
    sock.sendall(struct.pack("!ii", len(params) + 8, 196608) + params)
    buffer = b""
    while b"Z\0\0\0\x05" not in buffer:
        buffer += sock.recv(65536)
    before = rss_bytes(pid)
    sock.sendall(message(b"Q", query.encode() + b"\0"))
    # Not reading: the server must stop producing once its buffers are full. Wait until what it holds (RSS and
    # its socket's send queue) stops changing over 20 polls, then report it.
    client_port = sock.getsockname()[1]
    last, stable, peak = None, 0, before
    while stable < 20:
        time.sleep(0.05)
        now = (rss_bytes(pid), send_queue(port, client_port))
        peak = max(peak, now[0])
        stable = stable + 1 if now == last else 0
        last = now
    print(f"rss_growth={max(0, peak - before)} send_queue={last[1]}", flush=True)
    count, last_value, tag = 0, None, None
    data = b""
    while tag is None:
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("the server closed the connection")
        data += chunk
        offset = 0
        while len(data) - offset >= 5:
            kind = data[offset : offset + 1]
            length = struct.unpack("!i", data[offset + 1 : offset + 5])[0]
            if len(data) - offset < 1 + length:
                break
            body = data[offset + 5 : offset + 1 + length]
            if kind == b"D":
                count += 1
                size = struct.unpack("!i", body[2:6])[0]
                last_value = body[6 : 6 + size].decode()
            elif kind == b"C":
                tag = body[:-1].decode()
            elif kind == b"E":
                raise RuntimeError(f"error from the server: {body!r}")
            offset += 1 + length
        data = data[offset:]
    print(f"rows={count} last={last_value} tag={tag}")
    sock.close()


class Wire:
    """A raw pgwire connection that reads whole messages."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        params = b"user\0materialize\0database\0materialize\0\0"
        self.sock.sendall(struct.pack("!ii", len(params) + 8, 196608) + params)
        self.data = b""
        self.key = None
        while True:
            kind, body = self.read()
            if kind == b"K":
                self.key = body
            if kind == b"Z":
                break

    def read(self):
        while True:
            if len(self.data) >= 5:
                length = struct.unpack("!i", self.data[1:5])[0]
                if len(self.data) >= 1 + length:
                    kind, body = self.data[:1], self.data[5 : 1 + length]
                    self.data = self.data[1 + length :]
                    return kind, body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the server closed the connection")
            self.data += chunk

    def query(self, sql):
        self.sock.sendall(message(b"Q", sql.encode() + b"\0"))


def error_text(body):
    fields = dict((part[:1], part[1:].decode()) for part in body.split(b"\0") if part)
    return f"{fields.get(b'C')} {fields.get(b'M')}"


def interrupt(port, how, query):
    wire = Wire(port)
    if how == "timeout":
        wire.query("SET statement_timeout = '300ms'")
        while wire.read()[0] != b"Z":
            pass
    wire.query(query)
    rows, outcome = 0, None
    while True:
        kind, body = wire.read()
        if kind == b"D":
            rows += 1
            if rows == 1000 and how == "cancel":
                cancel = socket.create_connection(("127.0.0.1", port))
                cancel.sendall(struct.pack("!ii", 16, 80877102) + wire.key)
                cancel.close()
            if how == "timeout":
                time.sleep(0.0002)  # a slow reader: the result outlasts the timeout
        elif kind == b"E":
            outcome = error_text(body)
        elif kind == b"C":
            outcome = "completed " + body[:-1].decode()
        elif kind == b"Z":
            break
    print(outcome)
    print("streamed" if rows >= 1000 else f"only {rows} rows")
    wire.query("SELECT 42")
    value = None
    while True:
        kind, body = wire.read()
        if kind == b"D":
            value = body[6:].decode()
        if kind == b"Z":
            break
    print(value)


def main():
    mode = sys.argv[1]
    if mode == "psycopg-named":
        psycopg_named(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    elif mode == "asyncpg-cursor":
        asyncpg_cursor(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    elif mode == "interrupt":
        interrupt(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif mode == "stall":
        stall(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}; see the docstring")


if __name__ == "__main__":
    main()
