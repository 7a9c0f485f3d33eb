#!/usr/bin/env python3
"""The PostgreSQL side of `inlet bench ingest`, over psycopg 3: statements, timed ingests, and a freshness watcher.

    ingest_probe.py exec   --port P SQL...
        runs each statement (autocommit).
    ingest_probe.py ingest --port P --create SQL --progress REL --target N [--poll-ms MS] [--probe LABEL=SQL ...]
        runs the CREATE SOURCE, then polls `SELECT sum("offset") FROM REL` until it reaches N and prints
        {"seconds": S, "polls": K, "probes": {LABEL: [milliseconds, ...]}}, timed from just before CREATE SOURCE.
        Each --probe runs on a second connection in a loop until the target is reached, one after the other with
        --probe-gap-ms between them; `{n}` in its SQL becomes a counter (unique secret names).
    ingest_probe.py watch  --port P --progress REL --total N --ready FILE [--poll-ms MS]
        polls `SELECT partition, "offset" FROM REL` every MS; creates FILE once polling runs; prints a line
        "T P:O P:O …" (T = CLOCK_MONOTONIC nanoseconds when the answer arrived, O = the partition's next offset)
        whenever the offsets changed, and exits once their sum reaches N.
All times use CLOCK_MONOTONIC (time.monotonic_ns), the clock `inlet bench ingest` stamps acknowledgements with.
"""
import argparse
import json
import sys
import threading
import time

import psycopg


def connect(port):
    return psycopg.connect(host="127.0.0.1", port=port, user="bench", dbname="inlet", autocommit=True,
                           connect_timeout=10)


def partition_number(value):
    """`[3,3]` as psycopg hands a numrange back (a Range), or its text."""
    lower = getattr(value, "lower", None)
    if lower is not None:
        return int(lower)
    return int(str(value).strip("[]()").split(",")[0])


def run_exec(args):
    with connect(args.port) as conn:
        for statement in args.sql:
            conn.execute(statement)


def probe_loop(port, probes, gap, stop, results, failures):
    try:
        probe_statements(port, probes, gap, stop, results)
    except psycopg.Error as error:
        failures.append(f"probe failed: {error}")
        stop.set()


def probe_statements(port, probes, gap, stop, results):
    with connect(port) as conn:
        counter = 0
        while not stop.is_set():
            for label, sql in probes:
                counter += 1
                start = time.perf_counter()
                cursor = conn.execute(sql.replace("{n}", str(counter)))
                if cursor.description is not None:
                    cursor.fetchall()
                results[label].append((time.perf_counter() - start) * 1000)
                if stop.wait(gap):
                    break


def run_ingest(args):
    probes = []
    for item in args.probe:
        label, _, sql = item.partition("=")
        probes.append((label, sql))
    results = {label: [] for label, _ in probes}
    stop = threading.Event()
    failures = []
    interval = args.poll_ms / 1000
    polls = 0
    with connect(args.port) as conn:
        prober = None
        if probes:
            prober = threading.Thread(
                target=probe_loop, args=(args.port, probes, args.probe_gap_ms / 1000, stop, results, failures),
                daemon=True)
        start = time.monotonic()
        conn.execute(args.create)
        if prober is not None:
            prober.start()
        deadline = start + args.timeout
        total = 0
        while time.monotonic() < deadline and not failures:
            try:
                total = int(conn.execute(f'SELECT sum("offset") FROM {args.progress}').fetchone()[0] or 0)
            except psycopg.Error:
                total = 0  # the relation's storage appears once the source's runtime starts
            polls += 1
            if total >= args.target:
                break
            time.sleep(interval)
        seconds = time.monotonic() - start
        stop.set()
        if prober is not None:
            prober.join()
    if failures:
        print(failures[0], file=sys.stderr)
        sys.exit(1)
    if total < args.target:
        print(f"{args.progress} reached {total} of {args.target} within {args.timeout}s", file=sys.stderr)
        sys.exit(3)
    print(json.dumps({"seconds": seconds, "polls": polls, "probes": results}), flush=True)


def run_watch(args):
    interval = args.poll_ms / 1000
    query = f'SELECT partition, "offset" FROM {args.progress}'
    out = sys.stdout
    with connect(args.port) as conn:
        last = None
        deadline = time.monotonic() + args.timeout
        ready = False
        next_poll = time.monotonic()
        while time.monotonic() < deadline:
            rows = conn.execute(query).fetchall()
            now = time.monotonic_ns()
            offsets = sorted((partition_number(p), int(o or 0)) for p, o in rows)
            if offsets != last:
                out.write(f"{now} " + " ".join(f"{p}:{o}" for p, o in offsets) + "\n")
                last = offsets
                if sum(o for _, o in offsets) >= args.total:
                    out.flush()
                    return
            if not ready:
                open(args.ready, "w").close()
                ready = True
            next_poll += interval
            pause = next_poll - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            else:
                next_poll = time.monotonic()
    out.flush()
    print(f"{args.progress} did not reach {args.total} within {args.timeout}s", file=sys.stderr)
    sys.exit(3)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("exec", "ingest", "watch"):
        command = commands.add_parser(name)
        command.add_argument("--port", type=int, required=True)
        command.add_argument("--timeout", type=float, default=600.0)
        if name == "exec":
            command.add_argument("sql", nargs="+")
        else:
            command.add_argument("--progress", required=True)
            command.add_argument("--poll-ms", type=float, default=2.0)
        if name == "ingest":
            command.add_argument("--create", required=True)
            command.add_argument("--target", type=int, required=True)
            command.add_argument("--probe", action="append", default=[], metavar="LABEL=SQL")
            command.add_argument("--probe-gap-ms", type=float, default=5.0, help="pause between probe statements")
        if name == "watch":
            command.add_argument("--total", type=int, required=True)
            command.add_argument("--ready", required=True)
    args = parser.parse_args()
    {"exec": run_exec, "ingest": run_ingest, "watch": run_watch}[args.command](args)


if __name__ == "__main__":
    main()
