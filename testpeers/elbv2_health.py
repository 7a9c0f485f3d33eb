#!/usr/bin/env python3
"""A target-health front for moto's ELBv2: forwards every request unchanged (Host header included, so SigV4
signatures stay valid and moto still checks them) and relays moto's answer, except that in answers to
DescribeTargetHealth the targets named by --unhealthy are reported the way AWS reports a target whose health
checks fail (State unhealthy, Reason Target.FailedHealthChecks). moto runs no health checks and reports every
registered IP target healthy; this is the one state the front adds.

Usage: elbv2_health.py --port PORT --upstream http://127.0.0.1:MOTO_PORT --unhealthy IP:PORT [--unhealthy …]
Prints "ready" once listening.
"""
import argparse
import http.server
import urllib.parse
import xml.etree.ElementTree as ET

import moto_front

NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"


def mark_unhealthy(body, unhealthy):
    """The DescribeTargetHealth answer `body` with the targets in `unhealthy` (IP:PORT) failing health checks."""
    ET.register_namespace("", NAMESPACE)
    root = ET.fromstring(body)
    ns = {"e": NAMESPACE}
    for member in root.iterfind(".//e:TargetHealthDescriptions/e:member", ns):
        target = member.find("e:Target", ns)
        address = f"{target.findtext('e:Id', '', ns)}:{target.findtext('e:Port', '', ns)}"
        if address not in unhealthy:
            continue
        health = member.find("e:TargetHealth", ns)
        if health is None:
            health = ET.SubElement(member, f"{{{NAMESPACE}}}TargetHealth")
        for child in list(health):
            health.remove(child)
        for name, text in (("State", "unhealthy"), ("Reason", "Target.FailedHealthChecks"),
                           ("Description", "Health checks failed")):
            ET.SubElement(health, f"{{{NAMESPACE}}}{name}").text = text
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--unhealthy", action="append", default=[])
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    unhealthy = set(args.unhealthy)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            self.forward()

        def do_POST(self):
            self.forward()

        def forward(self):
            body = moto_front.read_body(self)
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            status, headers, data = moto_front.forward(self, upstream, body)
            if status == 200 and form.get("Action") == ["DescribeTargetHealth"]:
                data = mark_unhealthy(data, unhealthy)
            moto_front.reply(self, status, headers, data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
