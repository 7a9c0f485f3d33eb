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


def catalog():
    """DDL and catalog queries over the extended protocol against the catalog-backed session of `inlet serve`."""
    with connect(autocommit=True) as conn:
        conn.execute("CREATE SECRET py_user AS 'alice'")
        conn.execute("CREATE SECRET py_password AS 'not-shown'")
        conn.execute(
            "CREATE CONNECTION py_pl TO AWS PRIVATELINK ("
            "SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0py', AVAILABILITY ZONES ('use1-az1', 'use1-az2'),)")
        conn.execute(
            "CREATE CONNECTION py_kafka TO KAFKA (BROKERS ("
            "'b-1.py.internal:9096' USING AWS PRIVATELINK py_pl (PORT 9001, AVAILABILITY ZONE 'use1-az1')), "
            "SASL MECHANISMS = 'SCRAM-SHA-512', SASL USERNAME = SECRET py_user, SASL PASSWORD = SECRET py_password"
            ") WITH (VALIDATE = false)")
        row = conn.execute(
            "SELECT principal FROM mz_aws_privatelink_connections plc JOIN mz_connections c ON plc.id = c.id "
            "WHERE c.name = %s", ["py_pl"]).fetchone()
        expect(row is not None and row[0].startswith("arn:aws:iam::111122223333:role/inlet_u"), True, f"principal {row}")
        kinds = conn.execute("SELECT name, type FROM mz_connections WHERE name LIKE %s ORDER BY name", ["py_%"]).fetchall()
        expect(kinds, [("py_kafka", "kafka"), ("py_pl", "aws-privatelink")], "mz_connections")
        brokers = conn.execute(
            "SELECT k.brokers FROM mz_kafka_connections k JOIN mz_connections c ON k.id = c.id WHERE c.name = %s",
            ["py_kafka"]).fetchone()
        expect(brokers, (["b-1.py.internal:9096"],), "text[] brokers")
        secrets = [r[0] for r in conn.execute("SHOW SECRETS").fetchall()]
        expect("py_user" in secrets and "py_password" in secrets, True, f"SHOW SECRETS {secrets}")
        for table in ["mz_secrets", "mz_catalog.mz_secrets", "mz_internal.mz_source_statuses"]:
            conn.execute(f"SELECT * FROM {table}").fetchall()
        dump = repr(conn.execute("SELECT * FROM mz_secrets").fetchall()) + repr(
            conn.execute("SHOW CREATE CONNECTION py_kafka").fetchall())
        expect("not-shown" in dump, False, "secret value never shown")
        # Bad input: an AZ the PrivateLink connection does not list, a missing object, a duplicate.
        for sql, state in [
            ("CREATE CONNECTION py_bad TO KAFKA (BROKERS ('b-9.py.internal:9096' USING AWS PRIVATELINK py_pl "
             "(AVAILABILITY ZONE 'use1-az9'))) WITH (VALIDATE = false)", "22023"),
            ("CREATE CONNECTION py_bad TO KAFKA (BROKER 'b:9092', SASL MECHANISMS = 'PLAIN', SASL USERNAME = 'u', "
             "SASL PASSWORD = SECRET nope) "
             "WITH (VALIDATE = false)", "42704"),
            ("CREATE SECRET py_user AS 'again'", "42710"),
            ("DROP SECRET py_user", "2BP01"),
        ]:
            try:
                conn.execute(sql)
                expect("no error", state, sql)
            except psycopg.Error as e:
                expect(e.sqlstate, state, sql)
        expect(conn.execute("SELECT name FROM mz_connections WHERE name = %s", ["py_bad"]).fetchall(), [],
               "catalog unchanged after errors")
    print("ok catalog")


def catalog_again():
    """After a restart on the same data directory."""
    with connect(autocommit=True) as conn:
        kinds = conn.execute("SELECT name, type FROM mz_connections WHERE name LIKE %s ORDER BY name", ["py_%"]).fetchall()
        expect(kinds, [("py_kafka", "kafka"), ("py_pl", "aws-privatelink")], "mz_connections after restart")
        conn.execute("SET TimeZone = 'Europe/Paris'")
        expect(conn.info.parameter_status("TimeZone"), "Europe/Paris", "ParameterStatus after SET")
        expect(conn.info.parameter_status("client_encoding"), "UTF8", "client_encoding")
    # psycopg's default: an implicit BEGIN before the first statement, COMMIT at the end.
    with connect() as conn:
        conn.execute("SELECT name FROM mz_secrets").fetchall()
        expect(conn.info.transaction_status, pq.TransactionStatus.INTRANS, "inside BEGIN")
        conn.commit()
        expect(conn.info.transaction_status, pq.TransactionStatus.IDLE, "after COMMIT")
    print("ok catalog_again")


scenarios = {"catalog": catalog, "catalog_again": catalog_again, "types": types, "binary": binary, "errors": errors_, "prepared": prepared,
             "notices": notices_and_parameters, "cancel": cancel, "login": login}
try:
    scenarios[scenario]()
except psycopg.OperationalError as e:
    print(f"OperationalError: {e}")
    sys.exit(2)
