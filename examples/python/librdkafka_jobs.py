#!/usr/bin/env python3
"""Submit embedding jobs to a running Roocode with Confluent's Python client (librdkafka), twice.

The first pass uses librdkafka's default partitioner (CRC32 of the key), the second another one
(`random` by default); the script counts how many jobs landed elsewhere than Java's default
partitioner (murmur2) would have put them, how many Results each requestId got, and how many provider
calls the simulator counted. Roocode must answer each requestId exactly once, whatever the client's
partitioner (docs/guarantees.md, "Jobs from any Kafka client").

Needs confluent-kafka (`pip install confluent-kafka`, or Debian's python3-confluent-kafka) and nothing
else: the Job is Avro-encoded by the small encoder below from schemas/src/main/avro, in the Confluent
wire format (magic byte 0, 4-byte schema id, Avro binary).

    roocode sandbox --data-dir /tmp/rc --partitions 4      # prints the three URLs below
    python3 examples/python/librdkafka_jobs.py --bootstrap 127.0.0.1:PORT \\
        --registry http://127.0.0.1:PORT --simulator http://127.0.0.1:PORT --jobs 1000
"""
import argparse
import json
import os
import struct
import sys
import time
import urllib.request
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

AVRO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas", "src", "main", "avro")


# --- the Job schema, every named type inlined once, as one registrable schema

def load_schemas():
    schemas = {}
    for name in os.listdir(AVRO_DIR):
        if name.endswith(".avsc"):
            with open(os.path.join(AVRO_DIR, name), encoding="utf-8") as f:
                schema = json.load(f)
            schemas[schema["name"]] = schema
    return schemas


def inline(schema, schemas, seen):
    if isinstance(schema, str):
        short = schema.split(".")[-1]
        if short in schemas and short not in seen:
            seen.add(short)
            return inline(schemas[short], schemas, seen)
        return schema
    if isinstance(schema, list):
        return [inline(s, schemas, seen) for s in schema]
    schema = dict(schema)
    if schema.get("type") in ("record", "enum", "fixed"):
        seen.add(schema["name"])
    if schema.get("type") == "record":
        schema["fields"] = [dict(f, type=inline(f["type"], schemas, seen)) for f in schema["fields"]]
    elif schema.get("type") == "array":
        schema["items"] = inline(schema["items"], schemas, seen)
    elif schema.get("type") == "map":
        schema["values"] = inline(schema["values"], schemas, seen)
    return schema


# --- a small Avro binary encoder, enough for a Job

def zigzag(n):
    out = bytearray()
    n = (n << 1) ^ (n >> 63)
    while n & ~0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def named_types(schema, names):
    if isinstance(schema, dict):
        if schema.get("type") in ("record", "enum", "fixed"):
            names[schema["name"]] = schema
        for f in schema.get("fields", []):
            named_types(f["type"], names)
        for key in ("items", "values"):
            if key in schema:
                named_types(schema[key], names)
    elif isinstance(schema, list):
        for s in schema:
            named_types(s, names)
    return names


def matches(schema, value, names):
    t = schema if isinstance(schema, str) else schema.get("type")
    t = names.get(t.split(".")[-1], {}).get("type", t) if isinstance(t, str) else t
    return {"null": value is None, "string": isinstance(value, str), "boolean": isinstance(value, bool),
            "int": isinstance(value, int), "long": isinstance(value, int), "double": isinstance(value, float),
            "record": isinstance(value, dict), "map": isinstance(value, dict), "array": isinstance(value, list),
            "enum": isinstance(value, str)}.get(t, False)


def encode(schema, value, names):
    if isinstance(schema, list):
        for i, branch in enumerate(schema):
            if matches(branch, value, names):
                return zigzag(i) + encode(branch, value, names)
        raise ValueError("no union branch for %r" % (value,))
    if isinstance(schema, str):
        if schema.split(".")[-1] in names:
            return encode(names[schema.split(".")[-1]], value, names)
        schema = {"type": schema}
    t = schema["type"]
    if t == "null":
        return b""
    if t == "boolean":
        return b"\x01" if value else b"\x00"
    if t in ("int", "long"):
        return zigzag(int(value))
    if t == "double":
        return struct.pack("<d", value)
    if t == "string":
        data = value.encode("utf-8")
        return zigzag(len(data)) + data
    if t == "enum":
        return zigzag(schema["symbols"].index(value))
    if t == "array":
        return (zigzag(len(value)) + b"".join(encode(schema["items"], v, names) for v in value) if value else b"") + b"\x00"
    if t == "map":
        body = b"".join(encode("string", k, names) + encode(schema["values"], v, names) for k, v in value.items())
        return (zigzag(len(value)) + body if value else b"") + b"\x00"
    if t == "record":
        out = b""
        for field in schema["fields"]:
            out += encode(field["type"], value.get(field["name"], field.get("default")), names)
        return out
    if isinstance(t, (dict, list)):
        return encode(t, value, names)
    raise ValueError("unsupported Avro type %r" % (t,))


# --- Java's default partitioner for keyed records: murmur2 of the key bytes, made positive, mod partitions

def murmur2(data):
    m, r = 0x5BD1E995, 24
    h = (0x9747B28C ^ len(data)) & 0xFFFFFFFF
    for i in range(0, len(data) - len(data) % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = len(data) % 4
    tail = len(data) - rest
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def java_partition(key, partitions):
    return (murmur2(key) & 0x7FFFFFFF) % partitions


# --- talking to Roocode

def http_json(url, body=None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode("utf-8"))


def job(request_id, batch):
    return {"requestId": request_id, "batchId": batch, "kind": "EMBEDDING", "model": "text-embedding-3-small",
            "embedding": {"input": ["text of " + request_id]}, "routing": {}, "metadata": {},
            "submittedAt": int(time.time() * 1000)}


def submit(args, jobs_topic, partitioner, schema_id, schema, names, ids, batch):
    producer = Producer({"bootstrap.servers": args.bootstrap, "partitioner": partitioner, "acks": "all"})
    placed = {}

    def delivered(error, message):
        if error is not None:
            sys.exit("delivery failed: %s" % error)
        placed[message.key().decode("utf-8")] = message.partition()

    for request_id in ids:
        value = b"\x00" + struct.pack(">I", schema_id) + encode(schema, job(request_id, batch), names)
        producer.produce(jobs_topic, key=request_id.encode("utf-8"), value=value, on_delivery=delivered)
        producer.poll(0)
    producer.flush(30)
    return placed


def results_consumer(args, topic):
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "librdkafka-check-" + uuid.uuid4().hex,
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    assignment = []
    for p in partitions:
        _, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
        assignment.append(TopicPartition(topic, p, high))
    consumer.assign(assignment)
    return consumer


def collect(consumer, counts, prefix, wanted, timeout_s):
    deadline = time.time() + timeout_s
    while time.time() < deadline and (wanted is None or sum(1 for k in counts if k.startswith(prefix)) < wanted):
        message = consumer.poll(0.2)
        if message is not None and message.error() is None and message.key() is not None:
            key = message.key().decode("utf-8")
            if key.startswith(prefix):
                counts[key] = counts.get(key, 0) + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--simulator", help="the provider simulator's URL, for its call counters")
    parser.add_argument("--prefix", default="roocode.")
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--partitioner", default="consistent_random", help="first pass (librdkafka's default)")
    parser.add_argument("--resubmit-partitioner", default="random", help="second pass, same requestIds")
    args = parser.parse_args()

    jobs_topic, results_topic = args.prefix + "jobs", args.prefix + "results"
    schema = inline("Job", load_schemas(), set())
    names = named_types(schema, {})
    schema_id = http_json("%s/subjects/%s-value/versions" % (args.registry, jobs_topic), {"schema": json.dumps(schema)})["id"]
    stats_before = http_json(args.simulator + "/_sim/stats") if args.simulator else None

    batch = "librdkafka-" + uuid.uuid4().hex[:8]
    ids = ["%s/%d" % (batch, i) for i in range(args.jobs)]
    consumer = results_consumer(args, results_topic)
    counts = {}

    placed = submit(args, jobs_topic, args.partitioner, schema_id, schema, names, ids, batch)
    partitions = len(Consumer({"bootstrap.servers": args.bootstrap, "group.id": "x"}).list_topics(jobs_topic, timeout=10)
                     .topics[jobs_topic].partitions)
    elsewhere = sum(1 for k, p in placed.items() if java_partition(k.encode("utf-8"), partitions) != p)
    print("pass 1 (%s): %d jobs, %d on another partition than Java's murmur2 would pick (%d partitions)"
          % (args.partitioner, len(placed), elsewhere, partitions))
    collect(consumer, counts, batch + "/", len(ids), 180)
    collect(consumer, counts, batch + "/", None, 3)
    print("  Results: %d requestIds answered, %d answered more than once" % (len(counts), sum(1 for c in counts.values() if c > 1)))

    placed = submit(args, jobs_topic, args.resubmit_partitioner, schema_id, schema, names, ids, batch)
    moved = sum(1 for k, p in placed.items() if java_partition(k.encode("utf-8"), partitions) != p)
    print("pass 2 (%s, same requestIds): %d jobs, %d on another partition than Java's" % (args.resubmit_partitioner, len(placed), moved))
    collect(consumer, counts, batch + "/", None, 15)
    print("  Results: %d requestIds answered, %d answered more than once" % (len(counts), sum(1 for c in counts.values() if c > 1)))
    consumer.close()

    if stats_before is not None:
        stats = http_json(args.simulator + "/_sim/stats")
        print("simulator: %d calls for these jobs, %d repeated calls"
              % (stats["totalCalls"] - stats_before["totalCalls"], stats["duplicateCalls"] - stats_before["duplicateCalls"]))
    missing = len(ids) - len(counts)
    twice = sum(1 for c in counts.values() if c > 1)
    if missing or twice:
        sys.exit("FAILED: %d requestIds without a Result, %d with more than one" % (missing, twice))
    print("OK: exactly one Result per requestId")


if __name__ == "__main__":
    main()
