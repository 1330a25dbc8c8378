"""Fault test 10 (issue 12, item 1): records too large to produce must not
wedge their partition. On one key (so one partition), in order: valid
stories, a 1.5 MB non-JSON record (above MAX_RECORD_BYTES, and its dead
letter above KAFKA_MAX_MESSAGE_BYTES), a valid story whose enriched document
is larger than KAFKA_MAX_MESSAGE_BYTES, more valid stories. Both become
dead letters that fit (the first cut, with its size and SHA-256 in
headers), every valid story after them is enriched, the worker never
restarts, and it stays ready; in both delivery modes."""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from faults_harness import TopicReader, fault_settings, report, wait_until, with_mode, worker

from service.model import FeedRef, RawArticle
from service.transport.admin import ensure_topics
from service.transport.embedded import EmbeddedBroker, free_port
from service.transport.kafka import make_producer
from service.transport.serde import encode_raw

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

MAX_RECORD = 512 * 1024
MAX_MESSAGE = 640 * 1024
KEY = b"one-partition"


def _story(rid: str, body: str) -> bytes:
    feed = FeedRef("fault-feed", "Fault Wire", "http://127.0.0.1/fault.rss", "UTC")
    return encode_raw(RawArticle(
        id=rid, feed=feed, url=f"https://news.example.com/{rid.rsplit(':', 1)[-1]}",
        fetched_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC), title="Harbour traffic resumes",
        published_original="Sun, 01 Mar 2026 10:00:00 GMT", content=body, version=1))


def _big_story(rid: str) -> bytes:
    """~330 KB of distinct paragraphs: under MAX_RECORD, but its enriched
    document (body HTML, text and extension) is about 1 MB."""
    return _story(rid, "".join(
        f"<p>The harbour authority said on Sunday that cargo traffic resumed after storm number "
        f"{i}, and officials expect delays to ease over the week.</p>" for i in range(2200)))


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_records_too_large_to_produce_become_dead_letters_that_fit(
        own_broker: EmbeddedBroker, tmp_path: Path, mode: str) -> None:
    s = with_mode(fault_settings(own_broker.bootstrap, max_record_bytes=MAX_RECORD,
                                 kafka_max_message_bytes=MAX_MESSAGE,
                                 kafka_max_poll_interval_ms=20000), mode)
    # topics that accept more than the worker may produce, as a cluster
    # shared with a more generous producer would
    ensure_topics(replace(s, kafka_max_message_bytes=4 * 1024 * 1024))
    run = uuid.uuid4().hex[:6]
    junk = b"\x00not json " * 150_000  # 1.5 MB
    big_id = f"urn:fault:{run}:big"
    big = _big_story(big_id)
    before = [f"urn:fault:{run}:before:{i}" for i in range(30)]
    after = [f"urn:fault:{run}:after:{i}" for i in range(30)]
    body = "<p>LAGOS (Reuters) - The port reopened on Sunday, officials said.</p>"
    producer = make_producer(s, max_request_size=4 * 1024 * 1024)
    for rid in before:
        producer.send(s.raw_topic, key=KEY, value=_story(rid, body))
    producer.send(s.raw_topic, key=KEY, value=junk)
    producer.send(s.raw_topic, key=KEY, value=big)
    for rid in after:
        producer.send(s.raw_topic, key=KEY, value=_story(rid, body))
    producer.flush(60)
    producer.close(5)
    port = free_port()
    proc = worker(s, tmp_path, f"w-{mode}", HTTP_LISTEN=f"127.0.0.1:{port}").start()
    started = time.monotonic()
    try:
        with TopicReader(s, s.enriched_topic, committed=mode == "exactly-once") as out, \
                TopicReader(s, s.dlq_topic, committed=mode == "exactly-once", ids="none") as dlq:
            wanted = set(before) | set(after)
            wait_until(lambda: wanted <= out.ids_seen() and len(dlq.records) >= 2, 150,
                       "the stories after the big records enriched", alive=[proc])
            took = time.monotonic() - started
            ready_after = _ready(port)
            dead = dlq.snapshot()
        code, _ = proc.terminate(timeout=30)
    finally:
        proc.ensure_dead()
    by_reason = {d.headers["dlq-reason"].decode(): d for d in dead}
    cut = by_reason["invalid-record"]
    too_big = by_reason["output-too-large"]
    report(f"oversized/{mode}", broker=getattr(own_broker, "kind", "tansu"), seconds_to_drain=round(took, 1), starts=proc.starts, exit_code=code,
           dead_letters=len(dead), reasons=sorted(by_reason),
           cut_value_bytes=len(cut_value := dlq_value(dlq, cut)), ready_after=ready_after)
    assert proc.starts == 1 and code == 0
    assert len(dead) == 2
    assert cut.headers["dlq-truncated"] == b"true"
    assert int(cut.headers["dlq-original-size"]) == len(junk)
    assert cut.headers["dlq-original-sha256"].decode() == hashlib.sha256(junk).hexdigest()
    assert junk.startswith(cut_value) and 0 < len(cut_value) < MAX_MESSAGE
    assert dlq_value(dlq, too_big) == big  # fits: the original bytes, whole
    assert "KAFKA_MAX_MESSAGE_BYTES" in too_big.headers["dlq-message"].decode()
    assert ready_after


def dlq_value(reader: TopicReader, record: object) -> bytes:
    """The value of a dead letter the reader saw (it keeps ids, not values)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=reader.s.bootstrap_servers, enable_auto_commit=False,
                             max_partition_fetch_bytes=8 * 1024 * 1024)
    tp = TopicPartition(reader.topic, record.partition)  # type: ignore[attr-defined]
    consumer.assign([tp])
    consumer.seek(tp, record.offset)  # type: ignore[attr-defined]
    try:
        for _ in range(50):
            for recs in consumer.poll(timeout_ms=200).values():
                return bytes(recs[0].value)
    finally:
        consumer.close()
    raise AssertionError("dead letter not readable")
