#!/usr/bin/env python3
"""psycopg 3 subscribers for the SUBSCRIBE tests against `inlet serve`, producing with confluent-kafka.

  copy PORT BOOTSTRAP TOPIC STATEMENT SNAPSHOT STEPS
      runs STATEMENT (a `COPY (SUBSCRIBE …) TO STDOUT`) and reads its rows; once SNAPSHOT data rows have arrived,
      produces each step's record and reads until the step's rows arrive; then cancels (a CancelRequest) and
      reads on until the server ends the COPY with the error; then runs SELECT 42 on the same connection.
  stream PORT BOOTSTRAP TOPIC STATEMENT SNAPSHOT STEPS
      the same through psycopg's cursor.stream() of a plain SUBSCRIBE (extended protocol, DataRows).
  fetch PORT BOOTSTRAP TOPIC STATEMENT SNAPSHOT STEPS
      BEGIN; DECLARE c CURSOR FOR SUBSCRIBE …; FETCH ALL c until the snapshot is read; FETCH ALL c WITH
      (timeout = '0s') (nothing new); per step, produces its record and runs FETCH ALL c (waiting for at least one
      row) until the step's rows arrived; then FETCH 1 c WITH (timeout = '300ms') with nothing to read, and a FETCH
      ALL c that waits until a CancelRequest stops it.

STEPS is a JSON list of {"key": text|null, "value": text|null, "rows": n}: one record each (a null value is a
tombstone), and how many data rows it must bring; a step {"sql": "DROP …"} runs the statement on another connection
and reads on until the server ends the subscription (copy and stream only). With PROGRESS, a step also waits for the progress row after its
data rows. Output, one line per data row, grouped by timestamp (the groups numbered from 0 in arrival order, rows
sorted within a group): `GROUP<TAB>mz_diff<TAB>columns…`; with PROGRESS every row in arrival order, `progress` for
a progress row and `mz_diff<TAB>columns…` for an update; then what the mode ends with (`error SQLSTATE`, `42`,
`fetch-empty N`, `timeout-rows N`, `waiting-fetch error SQLSTATE`).
"""
import json
import sys
import threading
import time


class Rows:
    """Collects rows, checks that timestamps never decrease and prints them grouped by timestamp."""

    def __init__(self, progress):
        self.progress = progress
        self.groups = []  # [(timestamp, [line])]
        self.arrivals = []
        self.data = 0

    def add(self, values):
        timestamp = int(values[0])
        if self.groups and timestamp < self.groups[-1][0]:
            raise SystemExit(f"mz_timestamp went back: {timestamp} after {self.groups[-1][0]}")
        if not self.groups or self.groups[-1][0] != timestamp:
            self.groups.append((timestamp, []))
        if self.progress:
            if values[1] in ("t", True):
                if any(value not in (None, "\\N") for value in values[2:]):
                    raise SystemExit(f"a progress row with data: {values}")
                self.groups[-1][1].append("progress")
                self.arrivals.append("progress")
                return True
            values = values[:1] + values[2:]
        line = "\t".join("NULL" if v in (None, "\\N") else str(v) for v in values[1:])
        self.groups[-1][1].append(line)
        self.arrivals.append(line)
        self.data += 1
        return False

    def print(self):
        if self.progress:
            # Progress rows may share a timestamp with the updates after them: the order they came in is the test.
            for line in self.arrivals:
                print(line)
            return
        for index, (_, lines) in enumerate(self.groups):
            data = sorted(line for line in lines if line != "progress")
            for line in data:
                print(f"{index}\t{line}")
            if "progress" in lines:
                print(f"{index}\tprogress")


def producer(bootstrap):
    from confluent_kafka import Producer

    return Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})


def produce(kafka, topic, step):
    key = None if step.get("key") is None else step["key"].encode()
    value = None if step.get("value") is None else step["value"].encode()
    errors = []
    kafka.produce(topic, key=key, value=value, partition=0,
                  on_delivery=lambda error, _: errors.append(error) if error else None)
    if kafka.flush(30) != 0 or errors:
        raise SystemExit(f"produce failed: {errors}")


def read_until(rows, source, count, progress):
    """Reads rows from `source` until `count` more data rows (and, with PROGRESS, the progress row after them)."""
    target = rows.data + count
    while rows.data < target:
        rows.add(next(source))
    if progress:
        while not rows.add(next(source)):
            pass


def copy_lines(copy):
    buffer = b""
    for data in copy:
        buffer += bytes(data)
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode().split("\t")


def streaming(mode, port, bootstrap, topic, statement, snapshot, steps):
    import psycopg

    progress = "PROGRESS" in statement.upper()
    conn = psycopg.connect(host="127.0.0.1", port=port, user="materialize", dbname="materialize", autocommit=True)
    notices = []
    conn.add_notice_handler(lambda diagnostic: notices.append(diagnostic.message_primary))
    kafka = producer(bootstrap)
    rows = Rows(progress)
    outcome = "no error"
    try:
        with conn.cursor() as cursor:
            if mode == "copy":
                with cursor.copy(statement) as copy:
                    source = copy_lines(copy)
                    run_steps(rows, source, snapshot, steps, kafka, topic, progress, conn)
            else:
                source = (list(row) for row in cursor.stream(statement))
                run_steps(rows, source, snapshot, steps, kafka, topic, progress, conn)
    except psycopg.Error as error:
        outcome = f"error {error.sqlstate}"
    rows.print()
    print(outcome)
    if mode == "stream":
        print("notice " + ("yes" if any("SUBSCRIBE" in notice for notice in notices) else f"missing {notices}"))
    print(conn.execute("SELECT 41 + 1").fetchone()[0])


def run_steps(rows, source, snapshot, steps, kafka, topic, progress, conn):
    import psycopg

    read_until(rows, source, snapshot, progress)
    for step in steps:
        if "sql" in step:
            # DDL on another connection; the subscription is expected to end with its error.
            with psycopg.connect(conn.info.dsn, autocommit=True) as other:
                other.execute(step["sql"])
            for values in source:
                rows.add(values)
            return
        produce(kafka, topic, step)
        read_until(rows, source, step["rows"], progress)
    conn.cancel()
    # The rows sent before the cancel arrived are read on; the COPY (or stream) ends with the error.
    for values in source:
        rows.add(values)


def fetching(port, bootstrap, topic, statement, snapshot, steps):
    import psycopg

    progress = "PROGRESS" in statement.upper()
    conn = psycopg.connect(host="127.0.0.1", port=port, user="materialize", dbname="materialize")
    kafka = producer(bootstrap)
    rows = Rows(progress)
    cursor = conn.cursor()
    cursor.execute("DECLARE c CURSOR FOR " + statement)

    def fetch_until(count):
        target = rows.data + count
        while True:
            cursor.execute("FETCH ALL c")
            fetched = cursor.fetchall()
            if not fetched:
                raise SystemExit("FETCH without a timeout returned no rows")
            last_progress = False
            for row in fetched:
                last_progress = rows.add(list(row))
            if rows.data >= target and (last_progress or not progress):
                return

    fetch_until(snapshot)
    cursor.execute("FETCH ALL c WITH (timeout = '0s')")
    empty = len(cursor.fetchall())
    for step in steps:
        produce(kafka, topic, step)
        fetch_until(step["rows"])
    started = time.monotonic()
    cursor.execute("FETCH 1 c WITH (timeout = '300ms')")
    waited = time.monotonic() - started
    timed = len(cursor.fetchall())
    # A FETCH waiting for rows that never come stops at a CancelRequest, sent until it does.
    outcome = {}

    def blocked():
        try:
            cursor.execute("FETCH ALL c")
            outcome["result"] = f"rows {len(cursor.fetchall())}"
        except psycopg.Error as error:
            outcome["result"] = f"error {error.sqlstate}"

    worker = threading.Thread(target=blocked)
    worker.start()
    while worker.is_alive():
        conn.cancel()
        worker.join(0.05)
    conn.rollback()
    rows.print()
    print(f"fetch-empty {empty}")
    print(f"timeout-rows {timed} waited {'yes' if waited >= 0.25 else waited}")
    print(f"waiting-fetch {outcome['result']}")
    print(conn.execute("SELECT 41 + 1").fetchone()[0])


def main():
    mode, port, bootstrap, topic, statement, snapshot, steps = sys.argv[1:8]
    steps = json.loads(steps)
    if mode == "fetch":
        fetching(int(port), bootstrap, topic, statement, int(snapshot), steps)
    else:
        streaming(mode, int(port), bootstrap, topic, statement, int(snapshot), steps)


if __name__ == "__main__":
    main()
