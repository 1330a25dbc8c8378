"""Feed definitions in the compacted feeds topic, keyed by feed id; a
tombstone removes a feed. This topic, not any one file, is what the poller
group divides between its members."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson

from service.config import Settings
from service.feeds.feedsfile import FeedConfig, feed_from_mapping
from service.transport.compacted import read_compacted
from service.transport.kafka import make_producer

log = logging.getLogger(__name__)


def encode_feed(feed: FeedConfig) -> bytes:
    return orjson.dumps(feed.to_dict(), option=orjson.OPT_SORT_KEYS)


def decode_feed(value: bytes) -> FeedConfig:
    """Raises ConfigError (or ValueError for non-JSON) on a bad definition."""
    return feed_from_mapping(orjson.loads(value), where="feeds topic record")


def list_feeds(settings: Settings) -> list[FeedConfig]:
    feeds: list[FeedConfig] = []
    for key, value in read_compacted(settings, settings.feeds_topic).items():
        try:
            feeds.append(decode_feed(value))
        except ValueError as exc:  # ConfigError is not a ValueError; handled below
            log.warning("skipping unreadable feed definition %r: %s", key, exc)
        except Exception as exc:
            log.warning("skipping invalid feed definition %r: %s", key, exc)
    return sorted(feeds, key=lambda f: f.id)


def put_feeds(settings: Settings, feeds: Iterable[FeedConfig], *, only_changed: bool = True,
              producer: Any = None) -> list[str]:
    """Write definitions (skipping identical ones); return the ids written."""
    feeds = list(feeds)
    current = read_compacted(settings, settings.feeds_topic) if only_changed and feeds else {}
    own = producer is None
    producer = producer or make_producer(settings)
    written: list[str] = []
    try:
        for feed in feeds:
            key, value = feed.id.encode("utf-8"), encode_feed(feed)
            if current.get(key) != value:
                producer.send(settings.feeds_topic, key=key, value=value)
                written.append(feed.id)
        producer.flush(timeout=settings.kafka_request_timeout_ms / 1000)
    finally:
        if own:
            producer.close(timeout=5)
    return written


def remove_feeds(settings: Settings, feed_ids: Iterable[str]) -> list[str]:
    """Tombstone the given ids (and their state); return the ids that existed."""
    ids = list(feed_ids)
    current = read_compacted(settings, settings.feeds_topic)
    producer = make_producer(settings)
    removed: list[str] = []
    try:
        for fid in ids:
            key = fid.encode("utf-8")
            if key in current:
                removed.append(fid)
            producer.send(settings.feeds_topic, key=key, value=None)
            producer.send(settings.feed_state_topic, key=key, value=None)
        producer.flush(timeout=settings.kafka_request_timeout_ms / 1000)
    finally:
        producer.close(timeout=5)
    return removed
