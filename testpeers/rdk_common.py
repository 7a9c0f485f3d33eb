"""Shared helpers of the confluent-kafka (librdkafka) test peers: config flags, topic creation, base64."""
import base64
import json
import sys


def add_common_arguments(parser):
    parser.add_argument("--bootstrap", required=True, help="bootstrap.servers, e.g. 127.0.0.1:9092")
    parser.add_argument(
        "--config", action="append", default=[], metavar="KEY=VALUE",
        help="extra librdkafka property (repeatable), e.g. security.protocol=SASL_SSL")


def client_config(args, **extra):
    config = {"bootstrap.servers": args.bootstrap}
    config.update(extra)
    for item in args.config:
        key, _, value = item.partition("=")
        config[key] = value
    return config


def create_topic(args, topic, partitions, timeout=30.0):
    """Creates `topic` with `partitions` partitions through AdminClient; an existing topic is fine."""
    from confluent_kafka import KafkaError
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient(client_config(args))
    futures = admin.create_topics([NewTopic(topic, partitions, 1)], operation_timeout=timeout, request_timeout=timeout)
    for name, future in futures.items():
        try:
            future.result(timeout=timeout)
        except Exception as error:  # noqa: BLE001 - confluent-kafka raises KafkaException
            code = error.args[0].code() if error.args and hasattr(error.args[0], "code") else None
            if code != KafkaError.TOPIC_ALREADY_EXISTS:
                fail(f"creating topic {name} with {partitions} partitions failed: {error}")


def add_registry_arguments(parser):
    """The flags of a producer that serializes through a schema registry: topic, registry URL and credentials."""
    parser.add_argument("--topic", required=True)
    parser.add_argument("--registry", required=True, help="the schema registry's URL")
    parser.add_argument("--user", help="basic auth user:password for the registry")
    parser.add_argument("--registry-ca", help="the CA (PEM) that signed an https registry's certificate")
    parser.add_argument("--registry-cert", help="a client certificate (PEM) for a registry that requires one")
    parser.add_argument("--registry-key", help="the client certificate's key (PEM)")
    parser.add_argument("--create-partitions", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0)


def registry_client(args):
    """confluent-kafka's SchemaRegistryClient for `--registry` and `--user`."""
    from confluent_kafka.schema_registry import SchemaRegistryClient

    config = {"url": args.registry}
    if args.user:
        config["basic.auth.user.info"] = args.user
    for flag, option in (("registry_ca", "ssl.ca.location"), ("registry_cert", "ssl.certificate.location"),
                         ("registry_key", "ssl.key.location")):
        if getattr(args, flag, None):
            config[option] = getattr(args, flag)
    return SchemaRegistryClient(config)


def b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text):
    return None if text is None else base64.b64decode(text)


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")


def fail(message, code=1):
    print(message, file=sys.stderr, flush=True)
    sys.exit(code)
