#!/usr/bin/env python3
"""A throttling front for an AWS endpoint (moto): forwards every request unchanged (Host header included, so
SigV4 signatures stay valid and moto still checks them) to the upstream and relays its answer, except:

- the first N requests (--throttle N) are answered with an EC2-style RequestLimitExceeded error (HTTP 503);
- every request of an action named by --action (e.g. DescribeListeners) is answered the way ELBv2 and the other
  Query APIs throttle: HTTP 400, ErrorResponse with Code Throttling, "Rate exceeded";
- with --zonal-dns SUBNET_ID=ZONE_NAME (repeatable), answers to CreateVpcEndpoint and DescribeVpcEndpoints get,
  after the endpoint's regional DNS entry, one zonal entry per subnet of the endpoint in a listed zone, named as
  AWS names them (vpce-…-<zone name>.vpce-svc-…): moto 5.2 makes the regional entry only.

Usage: aws_throttle.py --port PORT --upstream http://127.0.0.1:MOTO_PORT [--throttle N] [--action NAME …]
                       [--zonal-dns SUBNET_ID=ZONE_NAME …]
Prints "ready" once listening. GET /_count answers the number of requests received so far; GET /_count?action=NAME
the number of requests of that action.
"""
import argparse
import http.server
import threading
import urllib.parse
import xml.etree.ElementTree as ET

import moto_front


THROTTLED = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>'
             b'<Message>Request limit exceeded.</Message></Error></Errors><RequestID>throttle-fixture</RequestID>'
             b'</Response>')

RATE_EXCEEDED = (b'<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>'
                 b'</Error><RequestId>throttle-fixture</RequestId></ErrorResponse>')


def local(tag):
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def add_zonal_entries(body, zones):
    """`body` (an EC2 answer holding endpoints) with one zonal DNS entry per subnet in `zones` (subnet → zone
    name), after each endpoint's first (regional) entry."""
    root = ET.fromstring(body)
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace:
        ET.register_namespace("", namespace)
    name = (lambda tag: f"{{{namespace}}}{tag}") if namespace else (lambda tag: tag)
    changed = False
    for endpoint in root.iter():
        children = {local(child.tag): child for child in endpoint}
        if "vpcEndpointId" not in children or "dnsEntrySet" not in children:
            continue
        entries = children["dnsEntrySet"]
        items = list(entries)
        if len(items) != 1:
            continue
        regional = {local(child.tag): child.text or "" for child in items[0]}
        first, _, rest = regional.get("dnsName", "").partition(".")
        if not rest:
            continue
        subnets = [item.text for item in children.get("subnetIdSet", []) if item.text]
        for subnet in subnets:
            zone = zones.get(subnet)
            if zone is None:
                continue
            item = ET.SubElement(entries, name("item"))
            ET.SubElement(item, name("dnsName")).text = f"{first}-{zone}.{rest}"
            ET.SubElement(item, name("hostedZoneId")).text = regional.get("hostedZoneId", "")
            changed = True
    if not changed:
        return body
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--throttle", type=int, default=0)
    parser.add_argument("--action", action="append", default=[])
    parser.add_argument("--zonal-dns", action="append", default=[])
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    throttled_actions = set(args.action)
    zones = dict(item.split("=", 1) for item in args.zonal_dns)
    lock = threading.Lock()
    state = {"received": 0, "actions": {}}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path)
            if path.path == "/_count":
                query = urllib.parse.parse_qs(path.query)
                with lock:
                    if "action" in query:
                        body = str(state["actions"].get(query["action"][0], 0)).encode()
                    else:
                        body = str(state["received"]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.forward()

        def do_POST(self):
            self.forward()

        def answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(self):
            body = moto_front.read_body(self)
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            action = (form.get("Action") or [""])[0]
            with lock:
                state["received"] += 1
                state["actions"][action] = state["actions"].get(action, 0) + 1
                throttled = state["received"] <= args.throttle
            if throttled:
                self.answer(503, THROTTLED)
                return
            if action in throttled_actions:
                self.answer(400, RATE_EXCEEDED)
                return
            status, headers, data = moto_front.forward(self, upstream, body)
            if status == 200 and zones and action in ("DescribeVpcEndpoints", "CreateVpcEndpoint"):
                data = add_zonal_entries(data, zones)
            moto_front.reply(self, status, headers, data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
