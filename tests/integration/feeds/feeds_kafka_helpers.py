"""Helpers for feed integration tests: read a whole topic, run a poller in
a thread, wait for a condition."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kafka import TopicPartition

from service.config import Settings
from service.feeds.app import run_poller
from service.feeds.feedsfile import FeedConfig
from service.model import RawArticle
from service.transport.kafka import make_consumer
from service.transport.serde import decode_raw


def read_topic(settings: Settings, topic: str) -> list[tuple[bytes | None, bytes | None]]:
    """Every record of `topic`, in partition order (not compacted)."""
    consumer = make_consumer(settings, group_id=None)
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        out: list[tuple[bytes | None, bytes | None]] = []
        deadline = time.monotonic() + 20
        while any(consumer.position(tp) < end[tp] for tp in tps) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=300).values():
                out.extend((r.key, r.value) for r in records)
        return out
    finally:
        consumer.close()


def raw_records(settings: Settings) -> list[RawArticle]:
    return [decode_raw(v) for _, v in read_topic(settings, settings.raw_topic)]


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class FakeHealth:
    def __init__(self) -> None:
        self.checks: dict[str, tuple[bool, str]] = {}
        self.providers: dict[str, Callable[[], Any]] = {}

    def set(self, check: str, ok: bool, detail: str = "") -> None:
        self.checks[check] = (ok, detail)

    def add_status(self, name: str, provider: Callable[[], Any]) -> None:
        self.providers[name] = provider


@dataclass
class RunningPoller:
    settings: Settings
    feeds: list[FeedConfig]
    name: str = "poller"
    stop: threading.Event = field(default_factory=threading.Event)
    health: FakeHealth = field(default_factory=FakeHealth)
    error: list[BaseException] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            run_poller(self.settings, self.feeds, self.stop, self.health, name=self.name)
        except BaseException as exc:
            self.error.append(exc)
            raise

    def __enter__(self) -> RunningPoller:
        self.thread.start()
        return self

    def status(self) -> list[dict[str, Any]]:
        provider = self.health.providers.get("feeds")
        return provider() if provider else []

    def __exit__(self, *exc: object) -> None:
        started = time.monotonic()
        self.stop.set()
        self.thread.join(timeout=30)
        self.stop_seconds = time.monotonic() - started
        assert not self.thread.is_alive(), "run_poller did not return after stop"
        assert not self.error, f"run_poller raised {self.error[0]!r}"
