"""Wiring of the poller process: topics, feed definitions, group
membership, the polling loop. `run_poller` blocks until `stop` is set."""

from __future__ import annotations

import logging
import threading
from typing import Any

from kafka.errors import KafkaError

from service.config import Settings
from service.errors import ConfigError
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
    if not _wait_for_topics(settings, stop, health):
        return
    producer = make_producer(settings)
    try:
        written = put_feeds(settings, feeds, producer=producer)
        log.info("feeds file: %d feeds, %d definitions written", len(feeds), len(written))
        poller = Poller(settings, KafkaSink(settings, producer), name=name)
        if isinstance(health, Health):
            health.expect("broker", "feeds")
            watch_broker(producer, health, stop, settings)
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


def _wait_for_topics(settings: Settings, stop: threading.Event, health: object | None) -> bool:
    """Create the topics, retrying with backoff while the broker is unreachable
    (the process stays up and reports not ready). False when stopped first.

    kafka-python's admin client blocks while it bootstraps, so each attempt
    runs in a daemon thread and a stop request never waits for it."""
    delay = 0.5
    while not stop.is_set():
        outcome: list[BaseException | None] = []
        attempt = threading.Thread(target=_try_ensure_topics, args=(settings, outcome),
                                   name="ensure-topics", daemon=True)
        attempt.start()
        while attempt.is_alive() and not stop.is_set():
            attempt.join(0.2)
        if stop.is_set():
            return False
        error = outcome[0] if outcome else None
        if error is None:
            return True
        if isinstance(error, ConfigError):  # retrying cannot help
            raise error
        if isinstance(health, Health):
            health.set("broker", False, f"{type(error).__name__}: {error}")
        log.warning("broker unreachable at start-up; retrying in %.1fs: %s", delay, error)
        stop.wait(delay)
        delay = min(delay * 2, 30.0)
    return False


def _try_ensure_topics(settings: Settings, outcome: list[BaseException | None]) -> None:
    try:
        ensure_topics(settings)
        outcome.append(None)
    except (KafkaError, ConfigError) as exc:
        outcome.append(exc)
