"""One polled batch: what it produces, which offsets it covers, and which
group membership it was consumed under."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from kafka import TopicPartition
from kafka.structs import OffsetAndMetadata

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Output:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: Headers
    partition: int | None = None  # None: the producer's partitioner decides from the key


@dataclass
class Batch:
    """Records polled together and committed together.

    `offsets` are the next offsets to consume per partition (what a commit
    stores); `starts` the first offset of each partition in the batch (where
    to rewind when the batch is abandoned); `group` the consumer's
    `group_metadata()` at poll time, which a transactional commit passes to
    the broker so that a stale member is fenced."""

    group: Any
    outputs: list[Output] = field(default_factory=list)
    offsets: dict[TopicPartition, OffsetAndMetadata] = field(default_factory=dict)
    starts: dict[TopicPartition, int] = field(default_factory=dict)
    polled_at: float = field(default_factory=time.monotonic)
    count: int = 0
    # at-least-once: futures of the outputs already sent while the batch was built
    futures: list[Any] = field(default_factory=list)

    def covers(self, tp: TopicPartition, first: int, last: int) -> None:
        self.starts.setdefault(tp, first)
        self.offsets[tp] = OffsetAndMetadata(last + 1, "", -1)
