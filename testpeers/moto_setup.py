#!/usr/bin/env python3
"""Makes a small AWS account inside a running moto server, then (unless --keep-auth-off) turns moto's
signature checking on, and prints what it made as one JSON line.

Usage: moto_setup.py --endpoint http://127.0.0.1:PORT [--region us-east-1] [--keep-auth-off]

It runs with boto3 (moto[server] installs it), an AWS client independent of Inlet's, before any request
is checked: an IAM user with an access key and an allow-everything policy, a role that trusts web identities
and may do anything, a VPC with two subnets in two zones and a security group, a network load balancer and an
endpoint service in front of it (the NLB of the seed guide). Then it POSTs 0 to /moto-api/reset-auth (moto's
INITIAL_NO_AUTH_ACTION_COUNT for server mode): from there on every request must be signed with a key moto
knows, and moto verifies the signature with botocore.
"""
import argparse
import json
import os
import sys
import urllib.request

import boto3

ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
TRUST_WEB_IDENTITY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.inlet.test"},
        "Action": "sts:AssumeRoleWithWebIdentity",
    }],
})



def trust_user(user_arn):
    """A trust policy that lets this user assume the role (moto checks it against the caller's ARN exactly)."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": "sts:AssumeRole"}],
    })


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--keep-auth-off", action="store_true", help="leave signature checking off")
    args = parser.parse_args()

    # Any key works while checking is off; never let boto3 look for an instance role.
    os.environ.update({"AWS_ACCESS_KEY_ID": "setup", "AWS_SECRET_ACCESS_KEY": "setup",
                       "AWS_EC2_METADATA_DISABLED": "true"})
    os.environ.pop("AWS_PROFILE", None)

    def client(name):
        return boto3.client(name, endpoint_url=args.endpoint, region_name=args.region)

    iam, ec2, elbv2 = client("iam"), client("ec2"), client("elbv2")
    user = iam.create_user(UserName="inlet")["User"]
    iam.put_user_policy(UserName="inlet", PolicyName="all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName="inlet")["AccessKey"]
    role = iam.create_role(RoleName="inlet-web", AssumeRolePolicyDocument=TRUST_WEB_IDENTITY)["Role"]
    iam.put_role_policy(RoleName="inlet-web", PolicyName="all", PolicyDocument=ALLOW_ALL)
    # The role an AWS connection's ASSUME ROLE ARN names for MSK IAM sign-in; the account's users may assume it.
    msk_role = iam.create_role(RoleName="inlet-msk", AssumeRolePolicyDocument=trust_user(user["Arn"]))["Role"]
    iam.put_role_policy(RoleName="inlet-msk", PolicyName="all", PolicyDocument=ALLOW_ALL)

    zones = ec2.describe_availability_zones()["AvailabilityZones"][:2]
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZoneId=zone["ZoneId"])["Subnet"]
        for i, zone in enumerate(zones)
    ]
    group = ec2.create_security_group(GroupName="inlet-endpoint", Description="inlet", VpcId=vpc)["GroupId"]
    nlb = elbv2.create_load_balancer(Name="msk-nlb", Type="network", Scheme="internal",
                                     Subnets=[s["SubnetId"] for s in subnets])["LoadBalancers"][0]
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb["LoadBalancerArn"]], AcceptanceRequired=False)["ServiceConfiguration"]

    if not args.keep_auth_off:
        enable_auth(args.endpoint)

    print(json.dumps({
        "region": args.region,
        "accessKeyID": key["AccessKeyId"],
        "secretAccessKey": key["SecretAccessKey"],
        "roleARN": role["Arn"],
        "mskRoleARN": msk_role["Arn"],
        "vpcID": vpc,
        "subnetIDs": [s["SubnetId"] for s in subnets],
        "zoneIDs": [s["AvailabilityZoneId"] for s in subnets],
        "zoneNames": [s["AvailabilityZone"] for s in subnets],
        "securityGroupID": group,
        "serviceName": service["ServiceName"],
        "serviceID": service["ServiceId"],
    }))


def enable_auth(endpoint):
    # A form content type would make moto parse the body as a form and read no number.
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            sys.exit(f"moto_setup: reset-auth answered {response.status}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--enable-auth":
        enable_auth(sys.argv[2])
    else:
        main()
