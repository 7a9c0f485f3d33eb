#!/usr/bin/env python3
"""Prints the MSK IAM token AWS's own signer (PyPI aws-msk-iam-sasl-signer-python) makes for given
credentials, region, host and time, as one JSON line {"token": …, "expiry_ms": …, "url": …}.

Usage: msk_iam_token.py --access-key-id K --secret-access-key S [--session-token T] --region R
                        [--host H] --time 2026-01-02T03:04:05Z

The signer reads the clock through botocore.auth.get_current_datetime and presigns for
kafka.REGION.amazonaws.com; both are patched here (the clock frozen at --time, the host set by --host, the
regional endpoint when it is not given), so the comparison is for exactly the same inputs. The signer itself
(its query parameters, SigV4QueryAuth, the User-Agent after the signature, base64url without padding) runs
unchanged.
"""
import argparse
import base64
import datetime
import json
from unittest import mock

import botocore.auth
from botocore.credentials import CredentialProvider, Credentials
from aws_msk_iam_sasl_signer import MSKAuthTokenProvider


class Fixed(CredentialProvider):
    METHOD = "fixed"

    def __init__(self, credentials):
        super().__init__()
        self.credentials = credentials

    def load(self):
        return self.credentials


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument("--secret-access-key", required=True)
    parser.add_argument("--session-token")
    parser.add_argument("--region", required=True)
    parser.add_argument("--host")
    parser.add_argument("--time", required=True, help="UTC signing time, e.g. 2026-01-02T03:04:05Z")
    args = parser.parse_args()

    instant = datetime.datetime.strptime(args.time, "%Y-%m-%dT%H:%M:%SZ")
    template = f"https://{args.host}/" if args.host else MSKAuthTokenProvider.ENDPOINT_URL_TEMPLATE
    credentials = Credentials(args.access_key_id, args.secret_access_key, args.session_token)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: instant), \
            mock.patch.object(MSKAuthTokenProvider, "ENDPOINT_URL_TEMPLATE", template):
        token, expiry_ms = MSKAuthTokenProvider.generate_auth_token_from_credentials_provider(
            args.region, Fixed(credentials))
    url = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    print(json.dumps({"token": token, "expiry_ms": expiry_ms, "url": url,
                      "user_agent": MSKAuthTokenProvider.__get_user_agent__()}))


if __name__ == "__main__":
    main()
