"""Helpers for tests that drive a real broker: read a topic, run a worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from kafka import KafkaConsumer

from service.config import Settings
from service.transport.admin import ensure_topics
from service.transport.kafka import make_producer
from service.worker.loop import Worker


def drain(s: Settings, topic: str, expected: int, timeout_s: float = 30) -> list[Any]:
    """Read `topic` from the start (read_committed) until `expected` records or the timeout."""
    consumer = KafkaConsumer(topic, bootstrap_servers=s.bootstrap_servers, auto_offset_reset="earliest",
                             isolation_level="read_committed", consumer_timeout_ms=1000)
    out: list[Any] = []
    deadline = time.monotonic() + timeout_s
    while len(out) < expected and time.monotonic() < deadline:
        out.extend(consumer)
    consumer.close()
    return out


def produce_raw(s: Settings, records: Iterable[tuple[bytes, bytes | None]]) -> None:
    """Create the topics and write (key, value) pairs to the raw topic."""
    ensure_topics(s)
    producer = make_producer(s)
    for key, value in records:
        producer.send(s.raw_topic, key=key, value=value)
    producer.flush()
    producer.close()


@contextmanager
def running_worker(s: Settings) -> Iterator[Worker]:
    """A worker on its own thread; stopped, and checked to have stopped, on exit."""
    stop = threading.Event()
    worker = Worker(s)
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        stop.set()
        thread.join(20)
    assert not thread.is_alive(), "the worker stopped cleanly"
