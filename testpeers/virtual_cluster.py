#!/usr/bin/env python3
"""A virtual multi-broker Kafka cluster in front of one tansu broker, for tests.

tansu is a single broker (node 111) that leads every partition, so by itself it cannot show what
happens when a client reaches the wrong broker. This proxy opens N listeners, each one a virtual
broker with its own node id (1..N) and an advertised address that need not resolve, and forwards
Kafka requests to tansu while it:

* rewrites Metadata responses: the broker list is the virtual brokers at their advertised
  addresses, partition p of every topic is led by broker (p mod N) + 1, replicas and ISR are that
  leader followed by the next brokers (at most 3), the controller is broker 1;
* rewrites FindCoordinator responses (v0-6) to name virtual broker (crc32(key) mod N) + 1;
* answers NOT_LEADER_OR_FOLLOWER (6) itself, per partition and in the request's own response
  version, for Produce / Fetch / ListOffsets partitions the receiving broker does not lead (led
  partitions of the same request still go to tansu and both answers are merged);
* rewrites ApiVersions: every API it parses is capped to the versions in kafka_messages/, and
  DescribeCluster (60) and DescribeTopicPartitions (75), which would reveal tansu's single
  broker, are removed;
* optionally requires SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 via PyPI scramp) with
  SaslHandshake v1 + SaslAuthenticate v0-2; a wrong password gets SASL_AUTHENTICATION_FAILED (58)
  with a message, then the connection is closed;
* optionally (--sasl-mechanism OAUTHBEARER --msk-iam-key KEY:SECRET --msk-iam-region R) plays an MSK
  cluster with IAM access control: the OAUTHBEARER token is verified with botocore (msk_iam_verify.py),
  a bad one gets SASL_AUTHENTICATION_FAILED (58) with the reason; with --session-lifetime-ms N the
  SaslAuthenticate answer carries N (KIP-368), a client may re-authenticate on the connection with
  SaslHandshake + SaslAuthenticate, and a connection whose session has run out is closed at its next
  request, as Kafka does;
* optionally (--api-versions-max N) plays a broker that knows ApiVersions only up to vN: a newer
  ApiVersions request is answered UNSUPPORTED_VERSION (35) in v0 format with that range (KIP-511);
* optionally (--out-of-range) answers OFFSET_OUT_OF_RANGE (1) for Fetch partitions asked for beyond
  their high watermark, as Kafka does (tansu 0.6.0 answers an empty partition without error);
* optionally (--timestamp-offsets) answers ListOffsets by timestamp itself, as Kafka does: the first offset
  whose record timestamp is at or after the time, found by reading the partition from tansu with
  confluent-kafka (tansu's memory engine answers offset 0 for every time);
* counts the requests each broker receives per API key and version, and records the partitions of
  every Fetch request, so tests can check what a client really sent.

Startup writes a JSON "ready file" {"control_port": P, "brokers": [{"id", "port", "host",
"advertised_port"}]}. The control port speaks JSON lines: {"cmd": "brokers"}, {"cmd":
"add_broker"} (broker N+1 joins: new listener, leadership re-spread over N+1 brokers),
{"cmd": "show_partitions", "topic": T, "count": N} (Metadata lists only partitions 0..N-1 of T, so a
client sees the topic grow when N is raised; "count": null lists them all again) and
{"cmd": "connections"} (accepted connections per broker), {"cmd": "cut", "id": N} (abort every
open connection of broker N, or of every broker without "id") and {"cmd": "requests"} (per broker:
"requests" {"API vVERSION": count} and "fetches", the partition indexes of each Fetch request, in order).
"""
import argparse
import asyncio
import json
import os
import signal
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kafka_codec as codec  # noqa: E402
import msk_iam_verify  # noqa: E402

OFFSET_OUT_OF_RANGE = 1
NOT_LEADER_OR_FOLLOWER = 6
UNSUPPORTED_VERSION = 35
UNSUPPORTED_SASL_MECHANISM = 33
ILLEGAL_SASL_STATE = 34
SASL_AUTHENTICATION_FAILED = 58
HIDDEN_APIS = {60, 75}
SASL_APIS = {17, 18, 36}


def log(message):
    print(f"virtual_cluster: {message}", file=sys.stderr, flush=True)


class Broker:
    def __init__(self, node_id, advertised_host, advertised_port, listen_host):
        self.node_id = node_id
        self.listen_host = listen_host
        self.advertised_host = advertised_host
        self.advertised_port = advertised_port
        self.port = None
        self.server = None
        self.connections = 0
        self.open = set()  # live Connection objects
        self.requests = {}  # "api vversion" -> count
        self.fetches = []  # partition indexes of each Fetch request, in arrival order (the last 10,000)

    def describe(self):
        return {"id": self.node_id, "port": self.port, "host": self.advertised_host,
                "advertised_port": self.advertised_port, "connections": self.connections,
                "listen_host": self.listen_host}

    def count(self, api, version):
        key = f"{api} v{version}"
        self.requests[key] = self.requests.get(key, 0) + 1


class Cluster:
    def __init__(self, args):
        self.tansu_host, _, port = args.tansu.rpartition(":")
        self.tansu_port = int(port)
        self.template = args.advertised
        self.overrides = {int(k): v for k, _, v in (item.partition("=") for item in args.advertise_broker)}
        self.listen_host = args.listen_host
        self.api_versions_max = args.api_versions_max
        self.out_of_range = args.out_of_range
        self.timestamp_offsets = args.timestamp_offsets
        self.brokers = {}
        self.visible_partitions = {}
        self.mechanisms = [m.upper() for m in args.sasl_mechanism]
        self.users = dict(user.split(":", 1) for user in args.sasl_user)
        self.scram = {}
        self.msk_keys = dict(key.split(":", 1) for key in args.msk_iam_key)
        self.msk_region = args.msk_iam_region
        self.session_lifetime_ms = args.session_lifetime_ms
        self.reauthentications = 0
        if any(m.startswith("SCRAM") for m in self.mechanisms):
            import scramp
            for mechanism in self.mechanisms:
                if mechanism.startswith("SCRAM"):
                    scram = scramp.ScramMechanism(mechanism)
                    infos = {name: scram.make_auth_info(password, iteration_count=4096)
                             for name, password in self.users.items()}
                    self.scram[mechanism] = (scram, infos)

    # Leadership -------------------------------------------------------------------------------

    def ids(self):
        return sorted(self.brokers)

    def leader(self, partition):
        ids = self.ids()
        return ids[partition % len(ids)]

    def replicas(self, partition):
        ids = self.ids()
        start = partition % len(ids)
        return [ids[(start + i) % len(ids)] for i in range(min(3, len(ids)))]

    def coordinator(self, key):
        ids = self.ids()
        return self.brokers[ids[zlib.crc32((key or "").encode()) % len(ids)]]

    # Listeners --------------------------------------------------------------------------------

    async def add_broker(self):
        node_id = len(self.brokers) + 1
        server = await asyncio.start_server(
            lambda r, w: Connection(self, node_id, r, w).run(), self.listen_host, 0)
        port = server.sockets[0].getsockname()[1]
        advertised = self.overrides.get(node_id) or self.template.format(id=node_id, port=port)
        host, _, advertised_port = advertised.rpartition(":")
        broker = Broker(node_id, host, int(advertised_port), self.listen_host)
        broker.port = port
        broker.server = server
        self.brokers[node_id] = broker
        log(f"broker {node_id} listening on {self.listen_host}:{port}, advertised as {host}:{advertised_port}")
        return broker

    def describe(self):
        return [self.brokers[i].describe() for i in self.ids()]

    async def control(self, reader, writer):
        try:
            while line := await reader.readline():
                command = json.loads(line or b"{}").get("cmd")
                if command == "add_broker":
                    reply = (await self.add_broker()).describe()
                elif command in ("brokers", "connections"):
                    reply = {"brokers": self.describe()}
                elif command == "requests":
                    reply = {"brokers": {str(i): {"requests": b.requests, "fetches": b.fetches}
                                         for i, b in self.brokers.items()}}
                elif command == "reauthentications":
                    reply = {"reauthentications": self.reauthentications}
                elif command == "show_partitions":
                    request = json.loads(line)
                    if request.get("count") is None:
                        self.visible_partitions.pop(request["topic"], None)
                    else:
                        self.visible_partitions[request["topic"]] = int(request["count"])
                    reply = {"topic": request["topic"], "count": request.get("count")}
                elif command == "cut":
                    wanted = json.loads(line).get("id")
                    cut = 0
                    for broker in self.brokers.values():
                        if wanted is None or broker.node_id == wanted:
                            for connection in list(broker.open):
                                connection.abort()
                                cut += 1
                    reply = {"cut": cut}
                else:
                    reply = {"error": f"unknown command {command!r}"}
                writer.write((json.dumps(reply) + "\n").encode())
                await writer.drain()
        except (ConnectionError, json.JSONDecodeError) as error:
            log(f"control connection: {error}")
        finally:
            writer.close()


class Connection:
    """One client connection to one virtual broker, with its own upstream connection to tansu."""

    def __init__(self, cluster, node_id, reader, writer):
        self.cluster = cluster
        self.node_id = node_id
        self.reader = reader
        self.writer = writer
        self.responses = asyncio.Queue()  # futures, in request order
        self.waiting = {}  # correlation id -> (future, api key, version, transform)
        self.authenticated = not cluster.mechanisms
        self.mechanism = None
        self.scram_server = None
        self.upstream_writer = None
        self.session_ends = None  # monotonic time the SASL session runs out (KIP-368), None: never

    def abort(self):
        """Kills the client connection at once (the client sees it die mid-stream)."""
        self.writer.transport.abort()
        if self.upstream_writer is not None:
            self.upstream_writer.transport.abort()

    async def run(self):
        broker = self.cluster.brokers[self.node_id]
        broker.connections += 1
        broker.open.add(self)
        try:
            await self.serve()
        finally:
            broker.open.discard(self)

    async def serve(self):
        try:
            upstream_reader, self.upstream_writer = await asyncio.open_connection(
                self.cluster.tansu_host, self.cluster.tansu_port)
        except OSError as error:
            log(f"broker {self.node_id}: cannot reach tansu: {error}")
            self.writer.close()
            return
        tasks = [asyncio.create_task(self.read_upstream(upstream_reader)),
                 asyncio.create_task(self.write_client())]
        try:
            while True:
                size_bytes = await self.reader.readexactly(4)
                frame = await self.reader.readexactly(struct.unpack(">i", size_bytes)[0])
                if not await self.handle(frame):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except Exception as error:  # noqa: BLE001 - a broken request must not kill the cluster
            log(f"broker {self.node_id}: closing connection after error: {error!r}")
        finally:
            await self.responses.put(None)
            try:
                await asyncio.wait_for(tasks[1], timeout=5)
            except (asyncio.TimeoutError, Exception):  # noqa: BLE001
                pass
            tasks[0].cancel()
            self.upstream_writer.close()
            self.writer.close()

    # Plumbing ---------------------------------------------------------------------------------

    async def write_client(self):
        while True:
            future = await self.responses.get()
            if future is None:
                return
            data = await future
            if data is None:
                self.writer.close()
                return
            self.writer.write(struct.pack(">i", len(data)) + data)
            await self.writer.drain()

    async def read_upstream(self, reader):
        try:
            while True:
                size = struct.unpack(">i", await reader.readexactly(4))[0]
                frame = await reader.readexactly(size)
                correlation = struct.unpack(">i", frame[:4])[0]
                entry = self.waiting.pop(correlation, None)
                if entry is None:
                    log(f"broker {self.node_id}: dropping unexpected response {correlation}")
                    continue
                future, transform = entry
                try:
                    future.set_result(transform(frame) if transform else frame)
                except Exception as error:  # noqa: BLE001
                    log(f"broker {self.node_id}: cannot rewrite response {correlation}: {error!r}")
                    future.set_result(None)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        for future, _ in self.waiting.values():
            if not future.done():
                future.set_result(None)
        self.answer(None)  # tansu went away: close the client connection once earlier answers are out

    def answer(self, data):
        future = asyncio.get_running_loop().create_future()
        future.set_result(data)
        self.responses.put_nowait(future)

    def forward(self, correlation, frame, transform=None, expect_response=True):
        self.upstream_writer.write(struct.pack(">i", len(frame)) + frame)
        if expect_response:
            future = asyncio.get_running_loop().create_future()
            self.waiting[correlation] = (future, transform)
            self.responses.put_nowait(future)

    def local_response(self, header, body):
        api, version = header["api_key"], header["version"]
        encoded = codec.response_schema(api).encode(body, version)
        return codec.encode_response(api, version, header["correlation_id"], encoded)

    # Requests ---------------------------------------------------------------------------------

    async def handle(self, frame):
        """Handles one request frame; returns False to close the connection."""
        api, version, correlation = struct.unpack(">hhi", frame[:8])
        self.cluster.brokers[self.node_id].count(api, version)
        if not self.authenticated and api not in SASL_APIS:
            log(f"broker {self.node_id}: request {api} before SASL authentication; closing")
            return False
        if self.authenticated and self.session_ends is not None and api != 17 and \
                time.monotonic() > self.session_ends:
            log(f"broker {self.node_id}: SASL session expired before request {api}; closing")
            self.abort()
            return False
        if api == 18 and self.cluster.api_versions_max is not None and version > self.cluster.api_versions_max:
            header, _ = codec.decode_request(frame)
            schema = codec.response_schema(18)
            answer = dict(schema.default(0), ErrorCode=UNSUPPORTED_VERSION,
                          ApiKeys=[{"ApiKey": 18, "MinVersion": 0, "MaxVersion": self.cluster.api_versions_max}])
            self.answer(codec.encode_response(18, version, correlation, schema.encode(answer, 0)))
        elif api == 18:
            self.forward(correlation, frame, lambda data: self.rewrite_api_versions(version, data))
        elif api == 17:
            return self.sasl_handshake(frame)
        elif api == 36:
            return self.sasl_authenticate(frame)
        elif api == 3:
            self.forward(correlation, frame, lambda data: self.rewrite_metadata(version, data))
        elif api == 10:
            key = None
            if version <= 3:
                header, body = codec.decode_request(frame)
                key = codec.request_schema(10).decode(body, version)["Key"]
            self.forward(correlation, frame, lambda data: self.rewrite_find_coordinator(version, data, key))
        elif api in (0, 1, 2) and version <= codec.max_version(api):
            self.partitioned(frame)
        else:
            self.forward(correlation, frame)
        await self.upstream_writer.drain()
        return True

    def partitioned(self, frame):
        header, body = codec.decode_request(frame)
        api, version = header["api_key"], header["version"]
        request = codec.request_schema(api).decode(body, version)
        if api == 2 and self.cluster.timestamp_offsets and version >= 1 and all(
                p["Timestamp"] >= 0 for t in request["Topics"] for p in t["Partitions"]):
            self.offsets_for_times(header, request)
            return
        topics_key, partitions_key, index_key = {
            0: ("TopicData", "PartitionData", "Index"),
            1: ("Topics", "Partitions", "Partition"),
            2: ("Topics", "Partitions", "PartitionIndex"),
        }[api]
        if api == 1:
            fetches = self.cluster.brokers[self.node_id].fetches
            fetches.append(sorted(p[index_key] for t in request[topics_key] or [] for p in t[partitions_key]))
            del fetches[:-10000]
        misrouted = []  # (topic entry, [partition indexes])
        kept_topics = []
        for topic in request[topics_key] or []:
            kept = [p for p in topic[partitions_key] if self.cluster.leader(p[index_key]) == self.node_id]
            lost = [p[index_key] for p in topic[partitions_key] if self.cluster.leader(p[index_key]) != self.node_id]
            if lost:
                misrouted.append((topic, lost))
            if kept:
                kept_topics.append(dict(topic, **{partitions_key: kept}))
        expect_response = not (api == 0 and request["Acks"] == 0)
        asked = {}
        if api == 1 and self.cluster.out_of_range:
            asked = {p["Partition"]: p["FetchOffset"] for t in kept_topics for p in t[partitions_key]}
        if not misrouted and not asked:
            self.forward(header["correlation_id"], frame, expect_response=expect_response)
            return
        if misrouted:
            log(f"broker {self.node_id}: NOT_LEADER_OR_FOLLOWER for api {api} v{version} partitions "
                f"{[lost for _, lost in misrouted]}")
        if not kept_topics:
            if expect_response:
                response = codec.response_schema(api).default(version)
                self.add_not_leader(api, version, response, misrouted)
                self.answer(self.local_response(header, response))
            return
        request[topics_key] = kept_topics
        new_frame = codec.encode_request(header, codec.request_schema(api).encode(request, version))

        def merge(data):
            correlation, response_body = codec.split_response(api, version, data)
            response = codec.response_schema(api).decode(response_body, version)
            self.add_not_leader(api, version, response, misrouted)
            for topic in response["Responses"] if asked else []:
                for partition in topic["Partitions"]:
                    offset = asked.get(partition["PartitionIndex"])
                    if partition["ErrorCode"] == 0 and offset is not None and offset > partition["HighWatermark"]:
                        log(f"broker {self.node_id}: OFFSET_OUT_OF_RANGE for partition "
                            f"{partition['PartitionIndex']} at {offset}")
                        partition["ErrorCode"] = OFFSET_OUT_OF_RANGE
                        partition["Records"] = b""
            return self.local_response(header, response)

        self.forward(header["correlation_id"], new_frame, merge, expect_response)

    def offsets_for_times(self, header, request):
        """Answers a ListOffsets request whose partitions all ask for a time, in the order of the other answers."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.responses.put_nowait(future)
        version = header["version"]
        asked = [(t["Name"], p["PartitionIndex"], p["Timestamp"]) for t in request["Topics"] for p in t["Partitions"]]
        tansu = f"{self.cluster.tansu_host}:{self.cluster.tansu_port}"

        def find():
            from confluent_kafka import Consumer, TopicPartition
            found = {}
            for topic, partition, timestamp in asked:
                consumer = Consumer({"bootstrap.servers": tansu, "group.id": "virtual-cluster-offsets",
                                     "enable.auto.commit": False})
                try:
                    consumer.assign([TopicPartition(topic, partition, 0)])
                    answer = (-1, -1)
                    idle = 0
                    while idle < 3:
                        message = consumer.poll(0.5)
                        if message is None:
                            idle += 1
                            continue
                        if message.error():
                            break
                        idle = 0
                        if message.timestamp()[1] >= timestamp:
                            answer = (message.offset(), message.timestamp()[1])
                            break
                    found[(topic, partition)] = answer
                finally:
                    consumer.close()
            return found

        async def respond():
            found = await loop.run_in_executor(None, find)
            schema = codec.response_schema(2)
            topics_field = next(f for f in schema.fields if f.name == "Topics")
            partitions_field = next(f for f in topics_field.fields if f.name == "Partitions")
            response = schema.default(version)
            for topic in request["Topics"]:
                entry = dict(codec.default_struct(topics_field.fields, version), Name=topic["Name"], Partitions=[])
                for partition in topic["Partitions"]:
                    offset, timestamp = found[(topic["Name"], partition["PartitionIndex"])]
                    entry["Partitions"].append(dict(
                        codec.default_struct(partitions_field.fields, version),
                        PartitionIndex=partition["PartitionIndex"], ErrorCode=0, Timestamp=timestamp, Offset=offset))
                response["Topics"].append(entry)
            log(f"broker {self.node_id}: ListOffsets by time answered {found}")
            future.set_result(self.local_response(header, response))

        asyncio.ensure_future(respond())

    def add_not_leader(self, api, version, response, misrouted):
        schema = codec.response_schema(api)
        topics_field = next(f for f in schema.fields if f.is_array and f.is_struct)
        partitions_field = next(f for f in topics_field.fields if f.is_array and f.is_struct)
        topic_keys = [f.name for f in topics_field.fields
                      if f.name in ("Name", "Topic", "TopicId") and f.present(version)]
        index_key = {0: "Index", 1: "PartitionIndex", 2: "PartitionIndex"}[api]
        for request_topic, lost in misrouted:
            identity = {key: request_topic[key] for key in topic_keys if key in request_topic}
            target = next((t for t in response[topics_field.name]
                           if all(t.get(k) == v for k, v in identity.items())), None)
            if target is None:
                target = dict(codec.default_struct(topics_field.fields, version), **identity)
                target[partitions_field.name] = []
                response[topics_field.name].append(target)
            for index in lost:
                entry = codec.default_struct(partitions_field.fields, version)
                entry[index_key] = index
                entry["ErrorCode"] = NOT_LEADER_OR_FOLLOWER
                if api == 0:
                    entry["BaseOffset"] = -1
                elif api == 1:
                    entry["HighWatermark"] = -1
                    entry["Records"] = b""
                target[partitions_field.name].append(entry)

    # Response rewriting -----------------------------------------------------------------------

    def rewrite_api_versions(self, version, data):
        correlation, body = codec.split_response(18, version, data)
        schema = codec.response_schema(18)
        try:
            response = schema.decode(body, version)
        except ValueError:
            return data  # an error answer in v0 shape for a version tansu does not know
        if response["ErrorCode"] != 0:
            return data
        keys = []
        for entry in response["ApiKeys"]:
            api = entry["ApiKey"]
            if api in HIDDEN_APIS:
                continue
            if api in codec.APIS:
                entry["MaxVersion"] = min(entry["MaxVersion"], codec.max_version(api))
            if api == 17:
                entry["MinVersion"] = max(entry["MinVersion"], 1)
            if api == 18 and self.cluster.api_versions_max is not None:
                entry["MaxVersion"] = min(entry["MaxVersion"], self.cluster.api_versions_max)
            keys.append(entry)
        response["ApiKeys"] = keys
        return codec.encode_response(18, version, correlation, schema.encode(response, version))

    def rewrite_metadata(self, version, data):
        correlation, body = codec.split_response(3, version, data)
        schema = codec.response_schema(3)
        response = schema.decode(body, version)
        response["Brokers"] = [
            {"NodeId": b.node_id, "Host": b.advertised_host, "Port": b.advertised_port, "Rack": None}
            for b in (self.cluster.brokers[i] for i in self.cluster.ids())]
        response["ControllerId"] = self.cluster.ids()[0]
        for topic in response["Topics"]:
            visible = self.cluster.visible_partitions.get(topic.get("Name"))
            if visible is not None:
                topic["Partitions"] = [p for p in topic["Partitions"] if p["PartitionIndex"] < visible]
            for partition in topic["Partitions"]:
                index = partition["PartitionIndex"]
                partition["LeaderId"] = self.cluster.leader(index)
                partition["ReplicaNodes"] = self.cluster.replicas(index)
                partition["IsrNodes"] = self.cluster.replicas(index)
                partition["OfflineReplicas"] = []
        return codec.encode_response(3, version, correlation, schema.encode(response, version))

    def rewrite_find_coordinator(self, version, data, key):
        correlation, body = codec.split_response(10, version, data)
        schema = codec.response_schema(10)
        response = schema.decode(body, version)
        if version >= 4:
            for entry in response["Coordinators"]:
                if entry["ErrorCode"] == 0:
                    broker = self.cluster.coordinator(entry["Key"])
                    entry.update(NodeId=broker.node_id, Host=broker.advertised_host, Port=broker.advertised_port)
        elif response["ErrorCode"] == 0:
            broker = self.cluster.coordinator(key)
            response.update(NodeId=broker.node_id, Host=broker.advertised_host, Port=broker.advertised_port)
        return codec.encode_response(10, version, correlation, schema.encode(response, version))

    # SASL -------------------------------------------------------------------------------------

    def sasl_handshake(self, frame):
        header, body = codec.decode_request(frame)
        version = header["version"]
        request = codec.request_schema(17).decode(body, version)
        mechanism = request["Mechanism"].upper()
        ok = mechanism in self.cluster.mechanisms and version >= 1
        if ok:
            self.mechanism = mechanism
            if self.authenticated:  # KIP-368 re-authentication
                self.authenticated = False
                self.cluster.reauthentications += 1
        self.answer(self.local_response(header, {
            "ErrorCode": 0 if ok else UNSUPPORTED_SASL_MECHANISM, "Mechanisms": self.cluster.mechanisms}))
        return True

    def sasl_authenticate(self, frame):
        header, body = codec.decode_request(frame)
        version = header["version"]
        token = codec.request_schema(36).decode(body, version)["AuthBytes"]
        failure = ("Authentication failed during authentication due to invalid credentials with SASL mechanism "
                   f"{self.mechanism}")
        if self.mechanism != "OAUTHBEARER":
            self.session_ends = None
        if self.mechanism is None or self.authenticated:
            self.answer(self.local_response(header, {
                "ErrorCode": ILLEGAL_SASL_STATE, "ErrorMessage": "SaslAuthenticate without a SaslHandshake",
                "AuthBytes": b""}))
            self.answer(None)
            return False
        try:
            reply = self.sasl_step(token)
        except Exception as error:  # noqa: BLE001 - scramp raises ScramException and friends
            log(f"broker {self.node_id}: SASL {self.mechanism} failed: {error}")
            if self.mechanism == "OAUTHBEARER":
                failure = f"{failure}: {error}"
            self.answer(self.local_response(header, {
                "ErrorCode": SASL_AUTHENTICATION_FAILED, "ErrorMessage": failure, "AuthBytes": b""}))
            self.answer(None)
            return False
        lifetime = self.cluster.session_lifetime_ms if self.mechanism == "OAUTHBEARER" else 0
        if self.authenticated and lifetime:
            self.session_ends = time.monotonic() + lifetime / 1000
        self.answer(self.local_response(header, {"ErrorCode": 0, "ErrorMessage": None, "AuthBytes": reply,
                                                 "SessionLifetimeMs": lifetime}))
        return True

    def sasl_step(self, token):
        if self.mechanism == "OAUTHBEARER":
            key_id = msk_iam_verify.verify(msk_iam_verify.parse_client_first(token), self.cluster.msk_keys,
                                           self.cluster.msk_region)
            log(f"broker {self.node_id}: MSK IAM sign-in with access key {key_id}")
            self.authenticated = True
            return b""
        if self.mechanism == "PLAIN":
            _, user, password = token.decode("utf-8").split("\x00")
            if self.cluster.users.get(user) != password:
                raise ValueError(f"wrong password for user {user!r}")
            self.authenticated = True
            return b""
        scram, infos = self.cluster.scram[self.mechanism]
        if self.scram_server is None:
            def lookup(user):
                if user not in infos:
                    raise ValueError(f"unknown user {user!r}")
                return infos[user]
            self.scram_server = scram.make_server(lookup)
            self.scram_server.set_client_first(token.decode("utf-8"))
            return self.scram_server.get_server_first().encode("utf-8")
        self.scram_server.set_client_final(token.decode("utf-8"))
        self.authenticated = True
        return self.scram_server.get_server_final().encode("utf-8")


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tansu", required=True, help="host:port of the tansu broker")
    parser.add_argument("--brokers", type=int, default=3)
    parser.add_argument("--advertised", default="b-{id}.kafka.internal:9096",
                        help="advertised host:port template with {id} and {port} (the broker's listener port)")
    parser.add_argument("--advertise-broker", action="append", default=[], metavar="ID=HOST:PORT",
                        help="advertise broker ID at HOST:PORT instead of the template (repeatable)")
    parser.add_argument("--listen-host", default="127.0.0.1")
    parser.add_argument("--sasl-mechanism", action="append", default=[],
                        help="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (repeatable); none: no SASL")
    parser.add_argument("--sasl-user", action="append", default=[], metavar="USER:PASSWORD")
    parser.add_argument("--msk-iam-key", action="append", default=[], metavar="ACCESS_KEY_ID:SECRET",
                        help="an IAM key OAUTHBEARER tokens may be signed with (repeatable)")
    parser.add_argument("--msk-iam-region", default="us-east-1")
    parser.add_argument("--session-lifetime-ms", type=int, default=0,
                        help="KIP-368 session lifetime of OAUTHBEARER sign-ins; 0: unlimited")
    parser.add_argument("--api-versions-max", type=int, default=None, metavar="N",
                        help="answer ApiVersions requests newer than vN with UNSUPPORTED_VERSION (KIP-511)")
    parser.add_argument("--out-of-range", action="store_true",
                        help="answer OFFSET_OUT_OF_RANGE for Fetch offsets beyond the high watermark, as Kafka does")
    parser.add_argument("--timestamp-offsets", action="store_true",
                        help="answer ListOffsets by timestamp from the records' timestamps, as Kafka does")
    parser.add_argument("--ready-file", required=True)
    args = parser.parse_args()

    cluster = Cluster(args)
    for _ in range(args.brokers):
        await cluster.add_broker()
    control = await asyncio.start_server(cluster.control, args.listen_host, 0)
    ready = {"control_port": control.sockets[0].getsockname()[1], "brokers": cluster.describe()}
    temporary = args.ready_file + ".tmp"
    with open(temporary, "w") as handle:
        json.dump(ready, handle)
    os.rename(temporary, args.ready_file)
    log(f"ready: {json.dumps(ready)}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
