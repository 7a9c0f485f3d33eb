#!/usr/bin/env python3
"""An interface-endpoint state front for moto's EC2: forwards every request unchanged (Host header included, so
SigV4 signatures stay valid and moto still checks them) and relays moto's answer, except that in answers to
CreateVpcEndpoint and DescribeVpcEndpoints a scripted endpoint is in the state the test set, spelt as AWS spells
it (pendingAcceptance, pending, available, rejected, expired, failed). moto makes every endpoint available at once
and has no acceptance, rejection or expiry; these are the states the front adds. An endpoint moto reports deleted
or deleting stays so.

Scripts: a service's script is the state its endpoints created from then on start in (an endpoint service that
requires acceptance: pendingAcceptance); an endpoint's script is that endpoint's state from then on (the owner
accepted, rejected, or the request expired).

Control (not forwarded): POST /_fixture/state with a JSON body {"service": SERVICE_NAME, "state": STATE} or
{"endpoint": VPCE_ID, "state": STATE}; a null state removes the script. Answers 204.

Usage: ec2_endpoint_states.py [--host HOST] --port PORT --upstream http://127.0.0.1:MOTO_PORT [--state SERVICE_NAME=STATE …]
Prints "ready" once listening.
       ec2_endpoint_states.py set --front http://127.0.0.1:PORT (--service SERVICE_NAME | --endpoint VPCE_ID) [--state STATE]
Sets (or, without --state, clears) a script in a running front.
"""
import argparse
import http.server
import json
import sys
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import moto_front

AWS_STATES = {"pendingAcceptance", "pending", "available", "deleting", "deleted", "rejected", "failed", "expired"}


def local(tag):
    """An element's name without its namespace (moto's EC2 answers do not all carry AWS's)."""
    return tag.rpartition("}")[2]


def script_states(body, services, endpoints, created):
    """`body` (an EC2 answer) with scripted endpoints in their scripted state. When `created`, endpoints of a
    scripted service are new: they take the service's script as their own, recorded in `endpoints`."""
    root = ET.fromstring(body)
    if root.tag.startswith("{"):
        ET.register_namespace("", root.tag[1:].partition("}")[0])
    changed = False
    for item in root.iter():
        if local(item.tag) not in ("item", "vpcEndpoint"):
            continue
        children = {local(child.tag): child for child in item}
        if "vpcEndpointId" not in children or "state" not in children:
            continue
        endpoint = children["vpcEndpointId"].text or ""
        service = children["serviceName"].text if "serviceName" in children else ""
        if created and service in services:
            endpoints[endpoint] = services[service]
        state = endpoints.get(endpoint)
        if state is None or (children["state"].text or "").lower() in ("deleted", "deleting"):
            continue
        children["state"].text = state
        changed = True
    if not changed:
        return body
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def set_state(argv):
    parser = argparse.ArgumentParser(prog="ec2_endpoint_states.py set")
    parser.add_argument("--front", required=True)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--service")
    target.add_argument("--endpoint")
    parser.add_argument("--state")
    args = parser.parse_args(argv)
    key = "service" if args.service else "endpoint"
    body = json.dumps({key: args.service or args.endpoint, "state": args.state}).encode()
    request = urllib.request.Request(args.front + "/_fixture/state", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        if answer.status != 204:
            raise SystemExit(f"the front answered {answer.status}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "set":
        set_state(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--state", action="append", default=[], help="SERVICE_NAME=STATE at start")
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    lock = threading.Lock()
    services = {}
    endpoints = {}
    for item in args.state:
        service, _, state = item.rpartition("=")
        if state not in AWS_STATES:
            parser.error(f"unknown endpoint state {state!r}; one of {sorted(AWS_STATES)}")
        services[service] = state

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            self.forward()

        def do_POST(self):
            if self.path == "/_fixture/state":
                self.control()
            else:
                self.forward()

        def control(self):
            body = json.loads(moto_front.read_body(self) or b"{}")
            state = body.get("state")
            if state is not None and state not in AWS_STATES:
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            table, key = (services, body["service"]) if "service" in body else (endpoints, body["endpoint"])
            with lock:
                if state is None:
                    table.pop(key, None)
                else:
                    table[key] = state
            self.send_response(204)
            self.end_headers()

        def forward(self):
            body = moto_front.read_body(self)
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            status, headers, data = moto_front.forward(self, upstream, body)
            action = form.get("Action")
            if status == 200 and action in (["DescribeVpcEndpoints"], ["CreateVpcEndpoint"]):
                with lock:
                    data = script_states(data, services, endpoints, created=action == ["CreateVpcEndpoint"])
            moto_front.reply(self, status, headers, data)

    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
