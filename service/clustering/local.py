"""The three steps wired together in memory, with the same partitioning
Kafka would apply: for benchmarks, tests of the pure parts, and the
documentation of how records flow. The Kafka process (`assigner.py`) runs
exactly these steps; only the transport differs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from service.clustering.keys import partition_of
from service.clustering.records import Record, decode, encode
from service.clustering.steps import BandIndex, ClusterBook, Collector, Emit

WEEK_S = 7 * 86400.0


class LocalAssigner:
    def __init__(self, partitions: int, window_s: float = WEEK_S) -> None:
        self.partitions = partitions
        self.steps: dict[str, list[Any]] = {
            "keys": [BandIndex(p, window_s) for p in range(partitions)],
            "matches": [Collector(p, window_s) for p in range(partitions)],
            "decisions": [ClusterBook(p, window_s) for p in range(partitions)],
        }
        self.queue: deque[tuple[str, int, bytes]] = deque()
        self.assignments: list[Record] = []
        self.state_writes = 0
        self.state_bytes = 0

    def feed(self, records: Iterable[tuple[bytes, bytes]]) -> list[Record]:
        """Send a document's cluster-keys records and run until quiet; the
        assignments published meanwhile."""
        for key, value in records:
            self.queue.append(("keys", partition_of(key.decode(), self.partitions), value))
        return self.drain()

    def drain(self) -> list[Record]:
        start = len(self.assignments)
        while self.queue:
            topic, partition, value = self.queue.popleft()
            # through the codec, as on Kafka: the steps see what a broker would hand them
            for emit in self.steps[topic][partition].handle(decode(value)):
                self._route(emit)
        return self.assignments[start:]

    def _route(self, e: Emit) -> None:
        if e.to == "state":  # encoded as the Kafka process would, so benchmarks pay for it
            self.state_writes += 1
            self.state_bytes += 0 if e.value is None else len(encode(e.value))
        elif e.to == "clusters":
            assert e.value is not None
            self.assignments.append(e.value)
        else:
            assert e.value is not None
            self.queue.append((e.to, partition_of(e.key, self.partitions), encode(e.value)))
