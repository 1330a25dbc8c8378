"""Foundation end to end: `wire-ingest poll` and `wire-ingest work` as separate
processes, exactly as in production, against a real broker and a real HTTP
feed server; the enriched topic must hold exactly the feeds' entries."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
import pytest
from kafka import KafkaConsumer

from service.config import Settings
from service.demo.run import write_feeds_file
from service.demo.server import FeedServer
from service.feeds.feedsfile import load_feeds_file
from service.feeds.normalise import normalise_feed

pytestmark = pytest.mark.integration


def service_env(s: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "KAFKA_BOOTSTRAP_SERVERS": s.kafka_bootstrap_servers,
        "TOPIC_PREFIX": s.topic_prefix,
        "TOPIC_PARTITIONS": str(s.topic_partitions),
        "KAFKA_SESSION_TIMEOUT_MS": "6000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "1000",
        "KAFKA_MAX_POLL_INTERVAL_MS": "20000",
        "KAFKA_REQUEST_TIMEOUT_MS": "10000",
        "HTTP_ALLOW_PRIVATE": "true",
        "HTTP_LISTEN": "",
        "MIN_POLL_INTERVAL_S": "1",
        "SHUTDOWN_GRACE_S": "5",
        "LOG_FORMAT": "json",
    })
    env.update(extra)
    return env


def wire_ingest(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "service.cli.main", *args], env=env,
                                stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


def expected_ids(feeds_file: Path) -> set[str]:
    """What the feeds hold, normalised the same way the poller does."""
    ids: set[str] = set()
    for feed in load_feeds_file(feeds_file):
        response = httpx.get(feed.url)
        result = normalise_feed(response.content, dict(response.headers), feed.ref,
                                datetime.now(UTC))
        ids.update(r.id for r in result.records)
    return ids


def read_enriched(s: Settings, want: set[str], timeout_s: float) -> list[dict[str, object]]:
    consumer = KafkaConsumer(s.enriched_topic, bootstrap_servers=s.bootstrap_servers,
                             auto_offset_reset="earliest", consumer_timeout_ms=1000)
    docs: list[dict[str, object]] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        docs.extend(orjson.loads(r.value) for r in consumer)
        if {d["x_wire"]["id"] for d in docs} >= want:  # type: ignore[index]
            time.sleep(2)  # anything extra that was going to arrive has arrived
            docs.extend(orjson.loads(r.value) for r in consumer)
            break
    consumer.close()
    return docs


def stop(proc: subprocess.Popen[bytes], grace_s: float = 15) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return -9


def test_poll_and_work_processes_enrich_every_feed_entry(
        kafka_settings: Settings, broker_kind: str, feed_server: FeedServer, tmp_path: Path) -> None:
    feeds_file = write_feeds_file(feed_server.base, tmp_path)
    want = expected_ids(feeds_file)
    assert len(want) >= 9, "the sample feeds carry at least nine stories"
    env = service_env(kafka_settings, FEEDS_FILE=str(feeds_file))

    created = subprocess.run([sys.executable, "-m", "service.cli.main", "topics", "create"],
                             env=env, capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    assert f"{kafka_settings.raw_topic}\tcreated" in created.stdout

    poller = wire_ingest("poll", env=env, log=tmp_path / "poll.log")
    worker = wire_ingest("work", env=env, log=tmp_path / "work.log")
    try:
        docs = read_enriched(kafka_settings, want, timeout_s=90)
    finally:
        codes = (stop(poller), stop(worker))
    logs = (tmp_path / "poll.log").read_text() + (tmp_path / "work.log").read_text()
    got = [d["x_wire"]["id"] for d in docs]  # type: ignore[index]
    assert set(got) == want, logs[-3000:]
    assert len(got) == len(set(got)), "no entry is enriched twice in a clean run"
    assert codes == (0, 0), logs[-3000:]
    for doc in docs:
        assert doc["headlines"] and doc["language"]  # minimal enrichment happened
        assert str(doc["firstCreated"]).endswith("Z")

    if broker_kind == "kafka":  # on Tansu kcat needs a relay: tests/integration/test_kcat.py
        assert kcat_ids(kafka_settings) == want


def kcat_ids(s: Settings) -> set[str]:
    """The article ids kcat (librdkafka) reads from the enriched topic."""
    if not shutil.which("kcat"):
        pytest.skip("kcat is not installed (tests/setup_system.sh installs it as root)")
    out = subprocess.run(["kcat", "-b", s.kafka_bootstrap_servers, "-C", "-t", s.enriched_topic,
                          "-o", "beginning", "-e", "-q"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return {orjson.loads(line)["x_wire"]["id"] for line in out.stdout.splitlines() if line.strip()}


def test_poll_refuses_to_start_without_a_cluster(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    out = subprocess.run([sys.executable, "-m", "service.cli.main", "poll"], env=env,
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2
    assert "KAFKA_BOOTSTRAP_SERVERS is not set" in out.stderr
