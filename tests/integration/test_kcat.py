"""The output topic is readable by kcat (librdkafka), not only by kafka-python.

Against Apache Kafka (KAFKA_BOOTSTRAP_SERVERS set) this must pass. Against the
embedded Tansu 0.6.0 it cannot: librdkafka (Debian's 2.0.2, and 2.16 from
PyPI's confluent-kafka alike) fails to parse Tansu's ApiVersions v3 response
("Protocol read buffer underflow for ApiVersion v3 at 274/279") and never
connects. The test asserts exactly that failure there, so it notices the day
Tansu is fixed."""

from __future__ import annotations

import os
import shutil
import subprocess

import orjson
import pytest

from service.config import Settings
from service.transport.kafka import make_producer
from service.transport.serde import encode_enriched, enriched_headers

pytestmark = pytest.mark.integration


def test_kcat_reads_records_with_keys_and_headers(kafka_settings: Settings) -> None:
    if not shutil.which("kcat"):
        pytest.skip("kcat is not installed (tests/setup_system.sh installs it as root)")
    topic = kafka_settings.enriched_topic
    producer = make_producer(kafka_settings)
    docs = {f"urn:test:{i}": {"uri": f"urn:test:{i}", "x_wire": {"id": f"urn:test:{i}"}}
            for i in range(3)}
    for key, doc in docs.items():
        producer.send(topic, key=key.encode(), value=encode_enriched(doc), headers=enriched_headers(1))
    producer.flush()
    producer.close()
    out = subprocess.run(["kcat", "-b", kafka_settings.kafka_bootstrap_servers, "-C", "-t", topic,
                          "-o", "beginning", "-e", "-q", "-f", "%k\t%h\t%s\n"],
                         capture_output=True, text=True, timeout=60)
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        # Embedded Tansu: the known interoperability failure, see the module docstring.
        assert out.returncode != 0
        assert "Broker transport failure" in out.stderr or "underflow" in out.stderr
        pytest.xfail("Tansu 0.6.0 ApiVersions v3 response is unreadable to librdkafka")
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t", 2) for line in out.stdout.splitlines() if line.strip()]
    assert {key for key, _, _ in rows} == set(docs)
    assert all("wire-schema-version=" in headers for _, headers, _ in rows)
    assert {orjson.loads(value)["x_wire"]["id"] for _, _, value in rows} == set(docs)
