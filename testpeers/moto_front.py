"""What the fronts for moto share (aws_throttle.py, elbv2_health.py, ec2_endpoint_states.py, msk_nodes.py): relay
one request to moto unchanged, Host header included so that moto still checks its SigV4 signature, and send an
answer back with its headers but the hop-by-hop ones.
"""
import http.client

HOP_BY_HOP = ("content-length", "transfer-encoding", "connection", "server", "date")


def forward(handler, upstream, body):
    """Sends `handler`'s request (with `body`, already read) to `upstream` (a urlsplit result) and returns moto's
    status, headers and body."""
    connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
    try:
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("connection", "content-length")}
        connection.request(handler.command, handler.path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.getheaders(), answer.read()
    finally:
        connection.close()


def reply(handler, status, headers, data):
    """Answers `handler` with `status`, `headers` (hop-by-hop ones left out) and `data`."""
    handler.send_response(status)
    for key, value in headers:
        if key.lower() not in HOP_BY_HOP:
            handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def read_body(handler):
    """The request body `handler` was sent."""
    return handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
