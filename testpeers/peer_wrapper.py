#!/usr/bin/env python3
"""Runs one test peer so that it can never outlive the test process that started it.

Usage: INLET_PEER_PARENT=PID peer_wrapper.py -- COMMAND [ARGS...]

The wrapper puts itself into a new process group (group id = its own pid) and starts COMMAND inside
that group, so the test can stop everything with one kill(-pid, ...). It then watches its parent
(INLET_PEER_PARENT, else the parent it started with): when the test process dies (crash, SIGKILL,
Ctrl-C) the wrapper is re-parented, notices within 0.2 s, and kills the whole group. SIGTERM to the
group is forwarded naturally; if the peer ignores it for 3 s the wrapper escalates to SIGKILL. The
wrapper exits with the peer's exit status.
"""
import os
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 3.0


def kill_group_hard():
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    except ProcessLookupError:
        pass


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("peer_wrapper: no command given", file=sys.stderr)
        return 2
    os.setpgrp()
    # The test process passes its pid, so a parent that died before this line is noticed too.
    parent = int(os.environ.pop("INLET_PEER_PARENT", "") or os.getppid())
    try:
        child = subprocess.Popen(argv)
    except OSError as error:
        print(f"peer_wrapper: cannot start {argv[0]}: {error}; run scripts/bootstrap --test", file=sys.stderr)
        return 127

    terminate_at = [None]

    def on_terminate(signum, frame):
        if terminate_at[0] is None:
            terminate_at[0] = time.monotonic()
            try:
                child.send_signal(signum)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGINT, on_terminate)
    signal.signal(signal.SIGHUP, on_terminate)

    while True:
        try:
            code = child.wait(timeout=0.2)
            return code if code >= 0 else 128 - code
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != parent:
            # The test process is gone: nobody will ever stop this peer, so do it now.
            try:
                child.terminate()
                child.wait(timeout=1.0)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
            kill_group_hard()
        if terminate_at[0] is not None and time.monotonic() - terminate_at[0] > GRACE_SECONDS:
            kill_group_hard()


if __name__ == "__main__":
    sys.exit(main())
