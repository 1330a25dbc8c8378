"""The poller's state lives in a compacted topic: on Apache Kafka the log
cleaner really removes superseded records (Tansu keeps topic configs but
never compacts), and a poller restarted after a compaction still finds its
state: it sends the validators it saved and republishes nothing.

The compaction is forced: the feed-state topic gets tiny segments (a new
one per write), a dirty ratio near zero and no compaction lag, and the
broker's cleaner looks every 500 ms (tests/apache_kafka.py)."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from feeds_http_server import FeedServer, Route, rss
from feeds_kafka_helpers import RunningPoller, raw_records, read_topic, wait_for
from kafka import TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType

from service.config import Settings
from service.feeds.feedsfile import FeedConfig
from service.transport.admin import admin_client, ensure_topics, read_topic_configs
from service.transport.kafka import make_consumer
from tests.conftest import make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240), pytest.mark.brokers("kafka")]

EDITIONS = 12  # the feed changes this many times: one new state record each
STORIES = [(f"story-{i}", f"Harbour cranes restart, berth {i}",
            f"<p>Dock workers returned to berth {i} on Tuesday.</p>") for i in range(EDITIONS)]
FORCE_COMPACTION = {"segment.ms": "100", "min.cleanable.dirty.ratio": "0.001",
                    "min.compaction.lag.ms": "0", "delete.retention.ms": "100"}


def _log_size(s: Settings, topic: str) -> int:
    """Offsets the topic has handed out (records written, compacted or not)."""
    consumer = make_consumer(s, group_id=None)
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        return sum(consumer.end_offsets(tps).values())
    finally:
        consumer.close()


def test_feed_state_survives_a_log_compaction(broker: str) -> None:
    s = make_test_settings(broker, http_per_host_rps=0.0, feed_fetch_pages=False,
                           max_poll_interval_s=2.0)
    ensure_topics(s)
    for name in (s.feed_state_topic, s.feeds_topic):
        assert read_topic_configs(s, [name])[name]["cleanup.policy"] == "compact"
    with admin_client(s) as admin:
        result = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, s.feed_state_topic,
                                                     dict(FORCE_COMPACTION))], incremental=True)
    assert result["topic"][s.feed_state_topic] == "OK", result

    with FeedServer() as server:
        def publish_edition(n: int) -> None:
            body = rss(STORIES[: n + 1])
            server.routes["/wire.rss"] = Route(body, etag=f'"{hashlib.sha256(body).hexdigest()[:16]}"')

        publish_edition(0)
        feeds = [FeedConfig(id="wire", name="Test Wire", url=server.url("/wire.rss"), interval=0.5)]
        # Every edition changes the feed's state (validators, seen ids): one
        # state record each, in a segment of its own, so the cleaner can
        # drop all but the newest.
        with RunningPoller(s, feeds):
            for n in range(EDITIONS):
                publish_edition(n)
                wait_for(lambda n=n: len(raw_records(s)) >= n + 1, 60, f"edition {n}")
            wait_for(lambda: _log_size(s, s.feed_state_topic) >= EDITIONS, 30, "the state writes")
        written = _log_size(s, s.feed_state_topic)
        kept = wait_for(lambda: _compacted(s, written), 90, "the cleaner to compact feed-state")
        states = Counter(key for key, _ in kept)[b"wire"]
        print(f"\nFIGURES feed-state compaction: written={written} kept={len(kept)} wire_states={states}")
        assert 1 <= states < EDITIONS, "superseded states removed, the newest kept"

        polls_before = len(server.hits("/wire.rss"))
        with RunningPoller(s, feeds):
            wait_for(lambda: len(server.hits("/wire.rss")) >= polls_before + 2, 60,
                     "two polls after the restart")
        after_restart = server.hits("/wire.rss")[polls_before:]
    assert "if-none-match" in after_restart[0].headers, "the restored state had no validators"
    ids = [r.id for r in raw_records(s)]
    assert sorted(ids) == sorted(f"wire:story-{i}" for i in range(EDITIONS)), "nothing republished"


def _compacted(s: Settings, written: int) -> list[tuple[bytes | None, bytes | None]] | None:
    """The feed-state records when fewer remain than were written."""
    kept = read_topic(s, s.feed_state_topic)
    return kept if len(kept) < written else None
