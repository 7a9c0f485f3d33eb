#!/usr/bin/env python3
"""Admin calls with confluent-kafka (librdkafka): create or delete a topic, or print cluster metadata as JSON.

    rdk_admin.py --bootstrap B create-topic --topic T --partitions N
    rdk_admin.py --bootstrap B delete-topic --topic T
    rdk_admin.py --bootstrap B metadata [--topic T]
metadata prints {"brokers": [{"id", "host", "port"}], "topics": {T: {P: {"leader", "replicas", "isrs"}}}}.
"""
import argparse

from rdk_common import add_common_arguments, client_config, create_topic, emit, fail


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_common_arguments(parser)
    parser.add_argument("--timeout", type=float, default=30.0)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-topic")
    create.add_argument("--topic", required=True)
    create.add_argument("--partitions", type=int, required=True)
    delete = commands.add_parser("delete-topic")
    delete.add_argument("--topic", required=True)
    metadata = commands.add_parser("metadata")
    metadata.add_argument("--topic")
    args = parser.parse_args()

    if args.command == "create-topic":
        create_topic(args, args.topic, args.partitions, args.timeout)
        emit({"created": args.topic, "partitions": args.partitions})
        return

    from confluent_kafka.admin import AdminClient

    admin = AdminClient(client_config(args))
    if args.command == "delete-topic":
        futures = admin.delete_topics([args.topic], operation_timeout=args.timeout, request_timeout=args.timeout)
        for name, future in futures.items():
            try:
                future.result(timeout=args.timeout)
            except Exception as error:  # noqa: BLE001 - confluent-kafka raises KafkaException
                fail(f"deleting topic {name} failed: {error}")
        emit({"deleted": args.topic})
        return

    try:
        cluster = admin.list_topics(args.topic, timeout=args.timeout)
    except Exception as error:  # noqa: BLE001
        fail(f"metadata failed: {error}")
    emit({
        "brokers": [{"id": b.id, "host": b.host, "port": b.port}
                    for b in sorted(cluster.brokers.values(), key=lambda b: b.id)],
        "topics": {
            name: {str(p): {"leader": pm.leader, "replicas": list(pm.replicas), "isrs": list(pm.isrs),
                            "error": None if pm.error is None else str(pm.error)}
                   for p, pm in topic.partitions.items()}
            for name, topic in cluster.topics.items()
        },
    })


if __name__ == "__main__":
    main()
