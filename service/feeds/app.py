"""Wiring of the poller process: topics, feed definitions, group
membership, the polling loop. `run_poller` blocks until `stop` is set."""

from __future__ import annotations

import logging
import threading
from typing import Any

from service.config import Settings
from service.feeds.catalog import put_feeds
from service.feeds.feedsfile import FeedConfig
from service.feeds.membership import FeedMembership
from service.feeds.poller import Poller
from service.feeds.sink import KafkaSink
from service.observability.health import Health
from service.transport.admin import ensure_topics
from service.transport.kafka import make_producer
from service.transport.liveness import watch_broker

log = logging.getLogger(__name__)


def run_poller(settings: Settings, feeds: list[FeedConfig], stop: threading.Event,
               health: object | None = None, *, name: str = "poller") -> None:
    """Publish `feeds` to the feeds topic (changed definitions only), join the
    poller group, and poll the feeds this instance is assigned until `stop`.

    With a health object, reports check "feeds" and registers the per-feed
    status (`Poller.status`) under "feeds" on /status."""
    settings.require_kafka("poll")
    ensure_topics(settings)
    producer = make_producer(settings)
    try:
        written = put_feeds(settings, feeds, producer=producer)
        log.info("feeds file: %d feeds, %d definitions written", len(feeds), len(written))
        poller = Poller(settings, KafkaSink(settings, producer), name=name)
        if isinstance(health, Health):
            health.expect("broker", "feeds")
            watch_broker(producer, health, stop)
        if health is not None:
            _report(health, poller, len(feeds))
        membership = FeedMembership(settings, poller)
        group = threading.Thread(target=membership.run, args=(stop,), name=f"{name}-group",
                                 daemon=True)
        group.start()
        try:
            poller.run(stop)
        finally:
            stop.set()
            group.join(timeout=settings.kafka_request_timeout_ms / 1000)
    finally:
        producer.flush(timeout=10)
        producer.close(timeout=5)


def _report(health: Any, poller: Poller, count: int) -> None:
    health.set("feeds", True, f"{count} feeds loaded")
    if hasattr(health, "add_status"):
        health.add_status("feeds", poller.status)
