"""Where the poller's output goes: raw records and feed state. A small
interface with a Kafka implementation and an in-memory fake."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

from service.config import Settings
from service.errors import BrokerUnavailable
from service.feeds.state import FeedState
from service.model import RawArticle
from service.transport.serde import encode_raw


class FeedSink(Protocol):
    def publish(self, records: Sequence[RawArticle]) -> None:
        """Publish raw records; return only once the broker has them."""

    def save_state(self, state: FeedState) -> None:
        """Record a feed's state (may be buffered until `flush`)."""

    def flush(self) -> None: ...


class KafkaSink:
    """Raw records keyed by raw id to `raw_topic`; states keyed by feed id to
    the compacted `feed_state_topic`."""

    def __init__(self, settings: Settings, producer: Any) -> None:
        self._raw_topic = settings.raw_topic
        self._state_topic = settings.feed_state_topic
        self._timeout = settings.kafka_request_timeout_ms / 1000 * 2
        self._producer = producer

    def publish(self, records: Sequence[RawArticle]) -> None:
        futures = [self._producer.send(self._raw_topic, key=r.id.encode("utf-8"), value=encode_raw(r))
                   for r in records]
        try:
            for future in futures:
                future.get(timeout=self._timeout)
        except Exception as exc:  # kafka-python raises many types; all mean "not acked"
            raise BrokerUnavailable(f"publishing to {self._raw_topic} failed: {exc}") from exc

    def save_state(self, state: FeedState) -> None:
        # waited for: a poller that gives a feed away must have its state out
        # before the next owner reads it back
        future = self._producer.send(self._state_topic, key=state.feed_id.encode("utf-8"),
                                     value=state.to_bytes())
        try:
            future.get(timeout=self._timeout)
        except Exception as exc:
            raise BrokerUnavailable(f"saving feed state to {self._state_topic} failed: {exc}") from exc

    def flush(self) -> None:
        self._producer.flush(timeout=self._timeout)


class MemorySink:
    """In-memory fake for tests and benchmarks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.records: list[RawArticle] = []
        self.states: dict[str, FeedState] = {}
        self.fail_publish = False

    def publish(self, records: Sequence[RawArticle]) -> None:
        if self.fail_publish:
            raise BrokerUnavailable("fake broker down")
        with self._lock:
            self.records.extend(records)

    def save_state(self, state: FeedState) -> None:
        with self._lock:
            self.states[state.feed_id] = state

    def flush(self) -> None:
        pass
