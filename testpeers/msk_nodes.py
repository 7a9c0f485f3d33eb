#!/usr/bin/env python3
"""MSK's ListNodes for tests, in front of moto: moto (5.2) has no ListNodes, so this front answers
GET /v1/clusters/{clusterArn}/nodes itself, in the shape of MSK's API model (botocore's kafka 2018-11-14:
nodeInfoList[].brokerNodeInfo {brokerId, clientVpcIpAddress, clientSubnet, endpoints, attachedENIId}, nodeType,
nodeARN, instanceType; maxResults and nextToken paging), and forwards every other request unchanged to moto (Host
header included, so moto still checks those signatures; EC2's DescribeSubnets goes there).

ListNodes requests are verified as AWS would: botocore recomputes the SigV4 signature (service kafka) with the
secret of the access key named, an unknown key or a wrong signature is 403 with MSK's error shape
(x-amzn-ErrorType), an unknown cluster 404 NotFoundException.

Usage: msk_nodes.py --port PORT --upstream http://127.0.0.1:MOTO_PORT --region R --key ID=SECRET
           --cluster ARN --node ID=IP@SUBNET:HOST [--node …] [--page-size N]
Prints "ready" once listening.
"""
import argparse
import datetime
import hmac
import http.server
import json
import re
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import moto_front


def verify(handler, keys, region):
    """None when the request's SigV4 signature is right for service kafka, else an error message."""
    authorization = handler.headers.get("Authorization", "")
    match = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([^,]+), Signature=([0-9a-f]+)", authorization)
    if not match:
        return "UnrecognizedClientException", "the request is not signed with SigV4"
    key_id, _, scope_region, service, signed, signature = match.groups()
    if service != "kafka" or scope_region != region:
        return "InvalidSignatureException", f"credential scope {scope_region}/{service} is not {region}/kafka"
    secret = keys.get(key_id)
    if secret is None:
        return "UnrecognizedClientException", "The security token included in the request is invalid."
    amz_date = handler.headers.get("X-Amz-Date", "")
    try:
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return "InvalidSignatureException", "X-Amz-Date is missing or malformed"
    if abs(datetime.datetime.now(datetime.timezone.utc) - signed_at) > datetime.timedelta(minutes=5):
        return "InvalidSignatureException", "Signature expired"
    host = handler.headers.get("Host", "")
    request = AWSRequest(method=handler.command, url=f"http://{host}{handler.path}")
    for name in signed.split(";"):
        request.headers[name] = handler.headers.get(name, "")
    request.context["timestamp"] = amz_date
    auth = SigV4Auth(Credentials(key_id, secret), "kafka", region)
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    if not hmac.compare_digest(expected, signature):
        return ("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method.")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--key", action="append", default=[], help="ACCESS_KEY_ID=SECRET")
    parser.add_argument("--cluster", required=True)
    parser.add_argument("--node", action="append", default=[], help="ID=IP@SUBNET:HOST")
    parser.add_argument("--page-size", type=int, default=100, help="at most this many nodes per page")
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    keys = dict(item.split("=", 1) for item in args.key)
    nodes = []
    for item in args.node:
        broker, _, rest = item.partition("=")
        ip, _, rest = rest.partition("@")
        subnet, _, host = rest.partition(":")
        nodes.append({
            "addedToClusterTime": "2026-01-01T00:00:00.000Z",
            "brokerNodeInfo": {
                "attachedENIId": f"eni-{int(broker):017x}", "brokerId": float(broker), "clientSubnet": subnet,
                "clientVpcIpAddress": ip, "currentBrokerSoftwareInfo": {"kafkaVersion": "3.6.0"},
                "endpoints": [host],
            },
            "instanceType": "kafka.m5.large",
            "nodeARN": f"{args.cluster.replace(':cluster/', ':broker/')}/{broker}",
            "nodeType": "BROKER",
        })
    nodes_path = "/v1/clusters/" + urllib.parse.quote(args.cluster, safe="") + "/nodes"

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def answer(self, status, document, error_type=None):
            headers = [("Content-Type", "application/json")]
            if error_type:
                headers.append(("x-amzn-ErrorType", f"{error_type}:http://internal.amazon.com/coral/"))
            moto_front.reply(self, status, headers, json.dumps(document).encode())

        def do_GET(self):
            path, _, query = self.path.partition("?")
            if not (path.startswith("/v1/clusters/") and path.endswith("/nodes")):
                return self.forward()
            refused = verify(self, keys, args.region)
            if refused:
                return self.answer(403, {"message": refused[1]}, refused[0])
            if path != nodes_path:
                return self.answer(404, {"message": "The requested resource could not be found.",
                                         "invalidParameter": "clusterArn"}, "NotFoundException")
            params = dict(urllib.parse.parse_qsl(query))
            size = min(int(params.get("maxResults", "100")), args.page_size)
            start = int(params.get("nextToken", "0") or "0")
            page = {"nodeInfoList": nodes[start:start + size]}
            if start + size < len(nodes):
                page["nextToken"] = str(start + size)
            self.answer(200, page)

        def do_POST(self):
            self.forward()

        def forward(self):
            body = moto_front.read_body(self)
            moto_front.reply(self, *moto_front.forward(self, upstream, body))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
