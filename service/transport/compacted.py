"""Read a compacted topic to its end, keeping the last value per key.

Brokers that do not compact (Tansu keeps no topic configs) give the same
result this way, at the cost of reading the whole log.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from kafka import TopicPartition

from service.config import Settings
from service.transport.kafka import make_consumer


def read_compacted(s: Settings, topic: str, partitions: Iterable[int] | None = None,
                   timeout_s: float = 30.0) -> dict[bytes, bytes]:
    """Latest value per key (tombstones remove the key) on the given partitions
    of `topic` (all when None)."""
    consumer = make_consumer(s, group_id=None)
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            return {}
        wanted = sorted(parts if partitions is None else set(partitions) & parts)
        tps = [TopicPartition(topic, p) for p in wanted]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        latest: dict[bytes, bytes] = {}
        remaining = {tp for tp in tps if end[tp] > 0}
        deadline = time.monotonic() + timeout_s
        while remaining and time.monotonic() < deadline:
            for tp, records in consumer.poll(timeout_ms=500).items():
                for rec in records:
                    if rec.key is None:
                        continue
                    if rec.value is None:
                        latest.pop(rec.key, None)
                    else:
                        latest[rec.key] = rec.value
                if consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
        if remaining:
            raise TimeoutError(f"could not read {topic} to its end within {timeout_s}s")
        return latest
    finally:
        consumer.close()
