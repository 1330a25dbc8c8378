"""Fault test 4: poison records among valid ones go to the dead-letter
topic with their reasons; every valid record is enriched; the partition of
a poison record keeps moving."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from faults_harness import (
    TopicReader,
    fault_settings,
    publish,
    raw_stories,
    report,
    wait_until,
    worker,
)

from service.transport.embedded import EmbeddedBroker

# Tansu only (CI time): dead-lettering is the worker's logic, not the broker's.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(120),
              pytest.mark.brokers("tansu")]

POISON = {
    b"poison-not-json": b"{not json",
    b"poison-array": b"[1, 2, 3]",
    b"poison-no-feed": b'{"id": "x", "fetched_at": "2026-03-01T12:00:00Z", "title": "t"}',
    b"poison-naive-time": b'{"id": "x", "feed": {"id": "f"}, "fetched_at": "2026-03-01T12:00:00", "title": "t"}',
    b"poison-empty": b'{"id": "x", "feed": {"id": "f"}, "fetched_at": "2026-03-01T12:00:00Z"}',
    b"poison-version": b'{"record_version": 99, "id": "x"}',
}


def test_poison_is_dead_lettered_and_the_partition_moves_on(own_broker: EmbeddedBroker,
                                                           tmp_path: Path) -> None:
    s = fault_settings(own_broker.bootstrap)
    stories = raw_stories(uuid.uuid4().hex[:6], 500, 4)
    ids = {rid for _, _, rid in stories}
    # poison in the middle of the stream, on every partition (keys hash across them)
    mixed = stories[:1000] + [(k + bytes([i]), v, None) for i in range(4) for k, v in POISON.items()] \
        + stories[1000:]
    sent = publish(s, mixed)
    proc = worker(s, tmp_path, "w").start()
    try:
        with TopicReader(s, s.enriched_topic, committed=False) as out, \
                TopicReader(s, s.dlq_topic, committed=False, ids="none") as dlq:
            wait_until(lambda: out.distinct() >= len(ids) and len(dlq.records) >= 4 * len(POISON),
                       90, "every valid id enriched and every poison dead-lettered", alive=[proc])
            enriched, dead = out.snapshot(), dlq.snapshot()
        code, _ = proc.terminate(timeout=30)
    finally:
        proc.ensure_dead()
    reasons = sorted({d.headers["dlq-reason"].decode() for d in dead})
    report("poison", sent=sent, enriched=len(enriched), dead_lettered=len(dead),
           poison_sent=4 * len(POISON), reasons=reasons,
           partitions_with_poison=len({int(d.headers["dlq-source-partition"]) for d in dead}))
    assert code == 0
    assert {r.id for r in enriched} == ids
    assert len(dead) == 4 * len(POISON)
    assert sorted(d.key for d in dead) == sorted(k + bytes([i]) for i in range(4) for k in POISON)
    for d in dead:
        assert d.headers["dlq-reason"] == b"invalid-record"
        assert d.headers["dlq-stage"] == b"decode"
        assert d.headers["dlq-message"]
        assert d.headers["dlq-source-topic"] == s.raw_topic.encode()
        assert int(d.headers["dlq-source-offset"]) >= 0
