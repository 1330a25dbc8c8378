"""The worker against a real broker: enriched records and dead letters."""

from __future__ import annotations

from dataclasses import replace

import orjson
import pytest

from service.config import Settings
from service.transport.kafka import make_producer
from service.transport.serde import encode_raw
from tests.kafka_helpers import drain, produce_raw, running_worker
from tests.unit.worker.test_handler import RAW

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_worker_enriches_valid_records_and_dead_letters_poison(kafka_settings: Settings, mode: str) -> None:
    s = replace(kafka_settings, delivery_mode=mode)
    ids = [f"urn:test:{i}" for i in range(30)]
    records: list[tuple[bytes, bytes | None]] = [
        (rid.encode(), encode_raw(replace(RAW, id=rid))) for rid in ids]
    records.insert(11, (b"poison", b"{not json"))
    produce_raw(s, records)
    with running_worker(s) as worker:
        enriched = drain(s, s.enriched_topic, len(ids))
        dead = drain(s, s.dlq_topic, 1)

    got = sorted(orjson.loads(r.value)["x_wire"]["id"] for r in enriched)  # type: ignore[attr-defined]
    assert got == sorted(ids)
    assert len(dead) == 1
    headers = dict(dead[0].headers)  # type: ignore[attr-defined]
    assert headers["dlq-reason"] == b"invalid-record"
    assert dead[0].value == b"{not json"  # type: ignore[attr-defined]
    assert worker.stats.dead_lettered == 1


def test_broker_connected_is_true_for_live_producers_and_consumers(kafka_settings: Settings) -> None:
    from service.transport.admin import ensure_topics
    from service.transport.kafka import broker_connected, make_consumer

    probe = kafka_settings.topic("probe")
    ensure_topics(kafka_settings, {probe: {"num_partitions": 1, "replication_factor": 1}})
    producer = make_producer(kafka_settings)
    producer.send(probe, b"x").get(timeout=30)
    consumer = make_consumer(kafka_settings, probe, group_id=None)
    consumer.poll(timeout_ms=500)
    try:
        assert broker_connected(producer)
        assert broker_connected(consumer)
    finally:
        producer.close()
        consumer.close()
