"""The enriched topic is readable by kcat (librdkafka), not only by kafka-python:
keys, headers and JSON values as the worker wrote them.

Runs on both broker kinds. Against Apache Kafka kcat talks to the broker
directly, no relay. The embedded Tansu 0.6.0 sends an ApiVersions response librdkafka
misreads, so there kcat goes through tests/librdkafka_shim.py, which re-frames
that one response and passes everything else (Metadata, Fetch: the records
themselves) through untouched. A second test asserts that the direct
connection still fails, so the suite notices the day Tansu is fixed and the
shim can go."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace

import orjson
import pytest

from service.config import Settings
from service.transport.embedded import EmbeddedBroker, free_port
from service.transport.serde import encode_raw
from tests.conftest import make_test_settings
from tests.kafka_helpers import drain, produce_raw, running_worker
from tests.librdkafka_shim import LibrdkafkaShim
from tests.unit.worker.test_handler import RAW

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def kcat() -> str:
    found = shutil.which("kcat")
    if not found:
        pytest.skip("kcat is not installed (tests/setup_system.sh installs it as root)")
    return found


@pytest.fixture(scope="module")
def kcat_bootstrap(broker_kind: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A broker kcat can read: Apache Kafka as it is, or Tansu behind the shim."""
    if broker_kind == "kafka":
        yield request.getfixturevalue("broker")
        return
    relay_port = free_port()
    with EmbeddedBroker(advertised_port=relay_port) as broker, \
            LibrdkafkaShim(relay_port, broker.port) as shim:
        yield f"127.0.0.1:{relay_port}"
        assert shim.rewritten > 0  # kcat did go through the one rewrite


def run_kcat(kcat: str, bootstrap: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([kcat, "-b", bootstrap, *args], capture_output=True, text=True,
                          timeout=60)


def test_kcat_reads_what_the_worker_wrote(kcat: str, kcat_bootstrap: str) -> None:
    s: Settings = replace(make_test_settings(kcat_bootstrap), delivery_mode="at-least-once")
    ids = [f"urn:test:kcat:{i}" for i in range(6)]
    produce_raw(s, [(rid.encode(), encode_raw(replace(RAW, id=rid))) for rid in ids])
    with running_worker(s):
        written = drain(s, s.enriched_topic, len(ids))
    assert len(written) == len(ids)

    out = run_kcat(kcat, kcat_bootstrap, "-C", "-t", s.enriched_topic, "-o", "beginning",
                   "-e", "-q", "-f", "%k\t%h\t%s\n")
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t", 2) for line in out.stdout.splitlines() if line.strip()]
    by_key = {key: (headers, orjson.loads(value)) for key, headers, value in rows}
    assert set(by_key) == set(ids)
    for record in written:
        headers, document = by_key[record.key.decode()]
        assert document == orjson.loads(record.value)  # byte for byte the same JSON
        for name, value in record.headers:
            assert f"{name}={value.decode()}" in headers
        assert "wire-schema-version=" in headers
        assert document["x_wire"]["id"] == record.key.decode()


def test_kcat_lists_the_service_topics(kcat: str, kcat_bootstrap: str) -> None:
    s = make_test_settings(kcat_bootstrap, topic_partitions=2)
    produce_raw(s, [])
    out = run_kcat(kcat, kcat_bootstrap, "-L", "-J")
    assert out.returncode == 0, out.stderr
    topics = {t["topic"]: len(t["partitions"]) for t in orjson.loads(out.stdout)["topics"]}
    for name in (s.raw_topic, s.enriched_topic, s.dlq_topic):
        assert topics.get(name) == 2, topics


@pytest.mark.brokers("tansu")
def test_kcat_cannot_yet_talk_to_tansu_directly(kcat: str, broker: str) -> None:
    out = run_kcat(kcat, broker, "-L", "-m", "5")
    assert out.returncode != 0, "Tansu now answers librdkafka: drop tests/librdkafka_shim.py"
    assert "underflow" in out.stderr or "Broker transport failure" in out.stderr
