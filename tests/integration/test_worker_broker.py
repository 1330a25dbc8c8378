"""The worker against a real broker: enriched records and dead letters."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import orjson
import pytest
from kafka import KafkaConsumer

from service.config import Settings
from service.transport.admin import ensure_topics
from service.transport.kafka import make_producer
from service.transport.serde import encode_raw
from service.worker.loop import Worker
from tests.unit.worker.test_handler import RAW

pytestmark = pytest.mark.integration


def drain(s: Settings, topic: str, expected: int, timeout_s: float = 30) -> list[object]:
    consumer = KafkaConsumer(topic, bootstrap_servers=s.bootstrap_servers, auto_offset_reset="earliest",
                             isolation_level="read_committed", consumer_timeout_ms=1000)
    out: list[object] = []
    deadline = time.monotonic() + timeout_s
    while len(out) < expected and time.monotonic() < deadline:
        out.extend(consumer)
    consumer.close()
    return out


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_worker_enriches_valid_records_and_dead_letters_poison(kafka_settings: Settings, mode: str) -> None:
    s = replace(kafka_settings, delivery_mode=mode)
    ensure_topics(s)
    producer = make_producer(s)
    ids = [f"urn:test:{i}" for i in range(30)]
    for i, rid in enumerate(ids):
        producer.send(s.raw_topic, key=rid.encode(), value=encode_raw(replace(RAW, id=rid)))
        if i == 10:
            producer.send(s.raw_topic, key=b"poison", value=b"{not json")
    producer.flush()
    producer.close()

    stop = threading.Event()
    worker = Worker(s)
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    enriched = drain(s, s.enriched_topic, len(ids))
    dead = drain(s, s.dlq_topic, 1)
    stop.set()
    thread.join(20)
    assert not thread.is_alive()

    got = sorted(orjson.loads(r.value)["x_wire"]["id"] for r in enriched)  # type: ignore[attr-defined]
    assert got == sorted(ids)
    assert len(dead) == 1
    headers = dict(dead[0].headers)  # type: ignore[attr-defined]
    assert headers["dlq-reason"] == b"invalid-record"
    assert dead[0].value == b"{not json"  # type: ignore[attr-defined]
    assert worker.stats.dead_lettered == 1


def test_broker_connected_is_true_for_live_producers_and_consumers(kafka_settings: Settings) -> None:
    from service.transport.kafka import broker_connected, make_consumer

    producer = make_producer(kafka_settings)
    producer.send(kafka_settings.topic("probe"), b"x").get(timeout=30)
    consumer = make_consumer(kafka_settings, kafka_settings.topic("probe"), group_id=None)
    consumer.poll(timeout_ms=500)
    try:
        assert broker_connected(producer)
        assert broker_connected(consumer)
    finally:
        producer.close()
        consumer.close()
