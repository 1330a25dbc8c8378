"""Syndication clusters end to end on a real broker: raw stories and their
republications go through workers (which publish cluster keys) and cluster
assigners; a second worker and a second assigner join half-way (a
rebalance moves partitions and their state). Every document must be
assigned exactly once, every copy and update to its story's cluster."""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from kafka import KafkaConsumer

from service.clustering.assigner import Assigner
from service.clustering.view import tail_clusters
from service.config import Settings
from service.model import FeedRef, RawArticle
from service.transport.serde import encode_raw
from service.worker.loop import Worker
from tests.conftest import make_test_settings
from tests.fixtures.syndication.generator import Doc, wire_stories
from tests.kafka_helpers import produce_raw

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
FEED = FeedRef(id="f1", name="bench", url="http://127.0.0.1/feed")


def raw(doc: Doc, fetched_at: datetime) -> tuple[bytes, bytes]:
    headline, _, body = doc.text.partition("\n\n")
    r = RawArticle(id=doc.id, feed=replace(FEED, name=doc.outlet), url=None, title=headline,
                   fetched_at=fetched_at, content=body, content_type="text/plain")
    return doc.id.encode(), encode_raw(r)


@contextmanager
def running(*services: Worker | Assigner) -> Iterator[None]:
    stop = threading.Event()
    threads = [threading.Thread(target=s.run, args=(stop,), daemon=True) for s in services]
    for t in threads:
        t.start()
    try:
        yield
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads), "services stopped cleanly"


def read_assignments(s: Settings, consumer: KafkaConsumer, out: list[dict[str, object]],
                     want: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while len(out) < want and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            out.extend(orjson.loads(r.value) for r in records)


def test_copies_assigned_once_to_their_story_across_a_rebalance(broker: str) -> None:
    s = make_test_settings(broker, delivery_mode="exactly-once", max_in_flight=20,
                           topic_partitions=3)
    docs = wire_stories(6, seed=41)
    originals = [d for d in docs if d.role == "original"]
    copies = [d for d in docs if d.role != "original"]
    first_half, second_half = copies[:len(copies) // 2], copies[len(copies) // 2:]
    consumer = KafkaConsumer(s.cluster_topics["clusters"], bootstrap_servers=s.bootstrap_servers,
                             auto_offset_reset="earliest", isolation_level="read_committed")
    seen: list[dict[str, object]] = []
    with running(Worker(s), Assigner(s)):
        produce_raw(s, [raw(d, T0 + timedelta(minutes=k)) for k, d in enumerate(originals)])
        read_assignments(s, consumer, seen, len(originals), 40)
        produce_raw(s, [raw(d, T0 + timedelta(hours=1, minutes=k)) for k, d in enumerate(first_half)])
        read_assignments(s, consumer, seen, len(originals) + 3, 30)
        # a second worker and a second assigner join: both groups rebalance mid-stream
        with running(Worker(s), Assigner(s)):
            produce_raw(s, [raw(d, T0 + timedelta(hours=2, minutes=k))
                            for k, d in enumerate(second_half)])
            read_assignments(s, consumer, seen, len(docs), 60)
    consumer.close()

    counts = Counter(str(a["doc"]) for a in seen)
    assert set(counts) == {d.id for d in docs}, "every document assigned"
    assert [doc for doc, n in counts.items() if n > 1] == [], "no document assigned twice"
    by_doc = {str(a["doc"]): a for a in seen}
    for d in docs:
        a = by_doc[d.id]
        assert a["cluster"] == f"{d.story}-0", (d.id, d.variation, a)
        assert a["role"] == ("original" if d.role == "original" else
                             "update" if d.variation == "update" else "copy"), (d.id, a)
    founders = [a for a in seen if a["role"] == "original"]
    assert all(a["first_source"] == by_doc[str(a["doc"])]["source"] for a in founders)
    last = {str(a["cluster"]): a for a in seen}
    assert {c: (a["copies"], a["updates"]) for c, a in last.items()} == {
        f"{d.story}-0": (5, 1) for d in originals}

    # `wire-ingest clusters` shows the same, readably
    shown = io.StringIO()
    count = tail_clusters(s, from_beginning=True, as_json=False, max_records=len(docs),
                          timeout_s=20, stop=threading.Event(), out=shown)
    assert count == len(docs)
    text = shown.getvalue()
    assert text.count("■ cluster") == len(docs) and "copies 5  updates 1" in text
    assert "cut paragraphs" in text and "+ ¶" in text
