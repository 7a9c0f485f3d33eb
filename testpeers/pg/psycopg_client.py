#!/usr/bin/env python3
"""psycopg 3 (extended protocol) against an Inlet server. Each scenario asserts and prints 'ok <name>'.

Usage: psycopg_client.py HOST PORT SCENARIO [USER [PASSWORD [SSLMODE]]]
Exit status 0 when every assertion held; a failed assertion prints what differed and exits 1.
"""
import datetime
import decimal
import sys
import threading
import time

import psycopg
from psycopg import errors, pq

host, port, scenario = sys.argv[1], int(sys.argv[2]), sys.argv[3]
user = sys.argv[4] if len(sys.argv) > 4 else "alice"
password = sys.argv[5] if len(sys.argv) > 5 else None
sslmode = sys.argv[6] if len(sys.argv) > 6 else "disable"


def connect(**kwargs):
    params = dict(host=host, port=port, user=user, dbname="inlet", sslmode=sslmode, connect_timeout=10)
    if password is not None:
        params["password"] = password
    params.update(kwargs)
    return psycopg.connect(**params)


def expect(actual, expected, what):
    if actual != expected:
        print(f"FAIL {what}: expected {expected!r}, got {actual!r}")
        sys.exit(1)


def types():
    """Parameters and results in text format, decoded by OID into Python types."""
    with connect() as conn:
        row = conn.execute(
            "SELECT %s::int4 AS a, %s::int8 AS b, %s::text AS c, %s::bool AS d, %s::float8 AS e, NULL AS f, "
            "'it''s' AS g, now() AS h",
            [42, 2**40, "héllo", True, 2.5],
        ).fetchone()
        expect(row[:7], (42, 2**40, "héllo", True, 2.5, None, "it's"), "text-format row")
        expect(row[7], datetime.datetime(2026, 11, 21, 5, 0, 0, 123456, tzinfo=datetime.timezone.utc), "timestamptz")
        names = [c.name for c in conn.execute("SELECT 1 AS one, 2").description]
        expect(names, ["one", "?column?"], "column names")
        expect(conn.info.transaction_status, pq.TransactionStatus.INTRANS, "status inside the implicit BEGIN")
        conn.commit()
        expect(conn.info.transaction_status, pq.TransactionStatus.IDLE, "status after COMMIT")
    print("ok types")


def binary():
    """Binary parameters and binary results."""
    with connect(autocommit=True) as conn:
        cur = conn.cursor(binary=True)
        cur.execute(
            "SELECT %b::int4, %b::int8, %b::text, %b::bool, %b::float8, %b::bytea, %b::numeric, %b::timestamptz",
            [7, -(2**50), "bin", False, -0.125, b"\x00\xff", decimal.Decimal("-12.50"),
             datetime.datetime(2024, 2, 29, 13, 14, 15, 250000, tzinfo=datetime.timezone.utc)],
        )
        row = cur.fetchone()
        expect(row[:6], (7, -(2**50), "bin", False, -0.125, b"\x00\xff"), "binary row")
        expect(row[6], decimal.Decimal("-12.50"), "binary numeric")
        expect(row[7], datetime.datetime(2024, 2, 29, 13, 14, 15, 250000, tzinfo=datetime.timezone.utc), "binary timestamptz")
    print("ok binary")


def errors_():
    with connect(autocommit=True) as conn:
        try:
            conn.execute("SELECT 1, nope")
            expect("no error", "UndefinedColumn", "error")
        except errors.UndefinedColumn as e:
            expect(e.sqlstate, "42703", "sqlstate")
            expect(e.diag.statement_position, "11", "position")
            expect(e.diag.message_primary, 'column "nope" does not exist', "message")
        try:
            conn.execute("SELEC 1")
        except errors.SyntaxError as e:
            expect(e.sqlstate, "42601", "syntax sqlstate")
            expect(e.diag.statement_position, "1", "syntax position")
        # The connection is still usable after errors.
        expect(conn.execute("SELECT %s::int4", [5]).fetchone(), (5,), "after errors")
    with connect() as conn:
        try:
            conn.execute("SELECT nope")
        except errors.UndefinedColumn:
            pass
        expect(conn.info.transaction_status, pq.TransactionStatus.INERROR, "failed transaction")
        conn.rollback()
        expect(conn.info.transaction_status, pq.TransactionStatus.IDLE, "after rollback")
    print("ok errors")


def prepared():
    """psycopg prepares a query it has run prepare_threshold times: named statements and Describe statement."""
    with connect(autocommit=True, prepare_threshold=2) as conn:
        for i in range(8):
            expect(conn.execute("SELECT %s::int8 AS n", [i]).fetchone(), (i,), f"prepared run {i}")
        with conn.cursor() as cur:
            cur.executemany("INSERT %s %s", [("a", 1), ("b", 2), ("c", 3)])
        rows = conn.execute("SELECT * FROM items").fetchall()
        expect(rows, [("a", 1), ("b", 2), ("c", 3)], "rows after executemany (pipeline)")
        with conn.pipeline():
            c1 = conn.execute("SELECT %s::text", ["p1"])
            c2 = conn.execute("SELECT %s::int4", [2])
        expect((c1.fetchone(), c2.fetchone()), (("p1",), (2,)), "pipeline")
    print("ok prepared")


def notices_and_parameters():
    with connect(autocommit=True) as conn:
        seen = []
        conn.add_notice_handler(lambda diag: seen.append((diag.severity, diag.message_primary)))
        conn.execute("RAISE 'hello from inlet'")
        expect(seen, [("NOTICE", "hello from inlet")], "notice")
        expect(conn.info.parameter_status("server_version"), "14.0 (Inlet)", "server_version")
        expect(conn.info.parameter_status("client_encoding"), "UTF8", "client_encoding")
        conn.execute("SET TimeZone = 'Europe/Paris'")
        expect(conn.info.parameter_status("TimeZone"), "Europe/Paris", "ParameterStatus after SET")
        expect(conn.execute("SHOW TimeZone").fetchone(), ("Europe/Paris",), "SHOW")
    print("ok notices")


def cancel():
    with connect(autocommit=True) as conn:
        threading.Timer(0.5, conn.cancel).start()
        started = time.monotonic()
        try:
            conn.execute("SELECT pg_sleep(30)")
            expect("finished", "QueryCanceled", "cancel")
        except errors.QueryCanceled as e:
            expect(e.sqlstate, "57014", "cancel sqlstate")
        expect(time.monotonic() - started < 10, True, "cancel was prompt")
        expect(conn.execute("SELECT 1").fetchone(), (1,), "after cancel")
    print("ok cancel")


def login():
    with connect(autocommit=True) as conn:
        expect(conn.execute("SELECT 'in'").fetchone(), ("in",), "login query")
        if sslmode != "disable":
            expect(conn.info.pgconn.ssl_in_use, True, "TLS in use")
    print("ok login")


scenarios = {"types": types, "binary": binary, "errors": errors_, "prepared": prepared,
             "notices": notices_and_parameters, "cancel": cancel, "login": login}
try:
    scenarios[scenario]()
except psycopg.OperationalError as e:
    print(f"OperationalError: {e}")
    sys.exit(2)
