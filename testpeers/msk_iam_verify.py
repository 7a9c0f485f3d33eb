"""Broker-side verification of Amazon MSK IAM tokens, with botocore as the independent SigV4 implementation.

A token is the base64url (no padding) of a presigned URL
``https://HOST/?Action=kafka-cluster%3AConnect&X-Amz-Algorithm=…&X-Amz-Signature=…&User-Agent=…``.
``verify`` decodes it, checks the action, algorithm, credential scope (service ``kafka-cluster``, the
expected region), signed headers and expiry, then recomputes the signature with botocore's SigV4QueryAuth
from the secret of the access key it names and compares. It raises ``TokenRefused`` with a message a
broker would send back in SASL_AUTHENTICATION_FAILED.
"""
import base64
import datetime
import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class TokenRefused(Exception):
    pass


def parse_client_first(message):
    """RFC 7628 client-first: ``n,,\\x01auth=Bearer TOKEN\\x01\\x01`` -> TOKEN."""
    text = message.decode("utf-8")
    gs2, sep, rest = text.partition("\x01")
    if not sep or not gs2.startswith("n,") or not rest.endswith("\x01\x01"):
        raise TokenRefused("malformed OAUTHBEARER client-first message")
    fields = dict(kv.split("=", 1) for kv in rest[:-2].split("\x01") if "=" in kv)
    auth = fields.get("auth", "")
    if not auth.startswith("Bearer "):
        raise TokenRefused("OAUTHBEARER message without auth=Bearer")
    return auth[len("Bearer "):]


def verify(token, keys, region, now=None):
    """Returns the access key id the token was signed with; ``keys`` maps key ids to secrets."""
    try:
        url = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except Exception as error:  # noqa: BLE001
        raise TokenRefused(f"the token is not base64url: {error}") from error
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = dict(params)
    if query.get("Action") != "kafka-cluster:Connect":
        raise TokenRefused(f"the token's action is {query.get('Action')!r}, not kafka-cluster:Connect")
    if query.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        raise TokenRefused("the token is not signed with AWS4-HMAC-SHA256")
    if query.get("X-Amz-SignedHeaders") != "host":
        raise TokenRefused("the token must sign the host header only")
    key_id, _, scope = query.get("X-Amz-Credential", "").partition("/")
    scope_parts = scope.split("/")
    if len(scope_parts) != 4 or scope_parts[2] != "kafka-cluster" or scope_parts[3] != "aws4_request":
        raise TokenRefused(f"the token's credential scope {scope!r} is not for kafka-cluster")
    if scope_parts[1] != region:
        raise TokenRefused(f"the token is signed for region {scope_parts[1]}, the cluster is in {region}")
    signed_at = datetime.datetime.strptime(query.get("X-Amz-Date", ""), "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc)
    expires = int(query.get("X-Amz-Expires", "0"))
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if not 0 < expires <= 900 or now > signed_at + datetime.timedelta(seconds=expires):
        raise TokenRefused("the token has expired")
    if now < signed_at - datetime.timedelta(minutes=5):
        raise TokenRefused("the token is signed in the future")
    secret = keys.get(key_id)
    if secret is None:
        raise TokenRefused(f"unknown access key {key_id}")
    # The signature covers everything before X-Amz-Signature; User-Agent is added after signing.
    unsigned = [(k, v) for k, v in params if k not in ("X-Amz-Signature", "User-Agent")]
    request = AWSRequest(method="GET", url=urlunsplit((parts.scheme, parts.netloc, parts.path,
                                                       urlencode(unsigned), "")))
    request.context["timestamp"] = query["X-Amz-Date"]
    auth = SigV4QueryAuth(Credentials(key_id, secret, query.get("X-Amz-Security-Token")), "kafka-cluster",
                          region, expires=expires)
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    if not hmac.compare_digest(expected, query.get("X-Amz-Signature", "")):
        raise TokenRefused(f"the signature of access key {key_id} does not match; its secret access key is wrong")
    return key_id
