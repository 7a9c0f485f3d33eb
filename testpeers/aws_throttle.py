#!/usr/bin/env python3
"""A throttling front for an AWS endpoint (moto): answers the first N requests with an EC2-style
RequestLimitExceeded error (HTTP 503), then forwards every request unchanged (Host header included, so
SigV4 signatures stay valid) to the upstream and relays its answer.

Usage: aws_throttle.py --port PORT --upstream http://127.0.0.1:MOTO_PORT [--throttle N]
Prints "ready" once listening. GET /_count answers the number of requests received so far.
"""
import argparse
import http.server
import threading
import urllib.parse

import moto_front


THROTTLED = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>'
             b'<Message>Request limit exceeded.</Message></Error></Errors><RequestID>throttle-fixture</RequestID>'
             b'</Response>')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--throttle", type=int, default=2)
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    lock = threading.Lock()
    state = {"received": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            if self.path == "/_count":
                with lock:
                    body = str(state["received"]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.forward()

        def do_POST(self):
            self.forward()

        def forward(self):
            body = moto_front.read_body(self)
            with lock:
                state["received"] += 1
                throttled = state["received"] <= args.throttle
            if throttled:
                self.send_response(503)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(THROTTLED)))
                self.end_headers()
                self.wfile.write(THROTTLED)
                return
            moto_front.reply(self, *moto_front.forward(self, upstream, body))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
