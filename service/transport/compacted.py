"""Read a compacted topic to its end, keeping the last value per key.

Brokers that do not compact (Tansu keeps no topic configs) give the same
result this way, at the cost of reading the whole log.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from kafka import TopicPartition

from service.config import Settings
from service.transport.kafka import make_consumer


def read_compacted(s: Settings, topic: str, partitions: Iterable[int] | None = None,
                   timeout_s: float = 30.0, *, read_committed: bool = False,
                   with_partitions: bool = False) -> dict[Any, bytes]:
    """Latest value per key (tombstones remove the key) on the given partitions
    of `topic` (all when None). `read_committed` for topics written in
    transactions: aborted writes are skipped. `with_partitions`: keys are
    (partition, key), for topics whose partitions hold separate states."""
    consumer = make_consumer(s, group_id=None, read_committed=read_committed)
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            return {}
        wanted = sorted(parts if partitions is None else set(partitions) & parts)
        tps = [TopicPartition(topic, p) for p in wanted]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        latest: dict[Any, bytes] = {}
        remaining = {tp for tp in tps if end[tp] > 0}
        deadline = time.monotonic() + timeout_s
        quiet = 0
        while remaining and time.monotonic() < deadline:
            polled = consumer.poll(timeout_ms=500)
            # read_committed stops before the end when the log ends in a transaction
            # marker or an open transaction: two quiet polls mean nothing more to read
            quiet = quiet + 1 if not polled and read_committed else 0
            if quiet >= 2:
                remaining.clear()
                break
            for tp, records in polled.items():
                for rec in records:
                    if rec.key is None:
                        continue
                    key = (tp.partition, rec.key) if with_partitions else rec.key
                    if rec.value is None:
                        latest.pop(key, None)
                    else:
                        latest[key] = rec.value
                if consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
        if remaining:
            raise TimeoutError(f"could not read {topic} to its end within {timeout_s}s")
        return latest
    finally:
        consumer.close()
