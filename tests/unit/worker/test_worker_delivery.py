"""Delivery modes against in-memory fakes of the two kafka-python clients:
order of operations, stale-membership refusal, producer re-creation."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from kafka import TopicPartition
from kafka.errors import KafkaTimeoutError
from kafka.structs import ConsumerGroupMetadata

from service.worker.batch import Batch, Output
from service.worker.delivery import AtLeastOnce, ExactlyOnce, StaleBatch, stale_reason

TP = TopicPartition("raw", 0)


@dataclass
class FakeFuture:
    error: Exception | None = None

    def get(self, timeout: float | None = None) -> None:
        if self.error:
            raise self.error


@dataclass
class FakeProducer:
    log: list[str]
    fail_on: str | None = None

    def _step(self, name: str) -> None:
        self.log.append(name)
        if self.fail_on == name:
            raise KafkaTimeoutError(name)

    def send(self, topic: str, **kw: Any) -> FakeFuture:
        self._step(f"send:{topic}")
        return FakeFuture()

    def flush(self, timeout: float | None = None) -> None:
        self._step("flush")

    def begin_transaction(self) -> None:
        self._step("begin")

    def send_offsets_to_transaction(self, offsets: Any, group: Any) -> None:
        self._step("offsets")

    def commit_transaction(self) -> None:
        self._step("commit-txn")

    def abort_transaction(self) -> None:
        self._step("abort-txn")

    def close(self, timeout: float | None = None) -> None:
        self.log.append("close")


@dataclass
class FakeConsumer:
    log: list[str]
    generation: int = 3
    last_heartbeat: float = 100.0
    committed: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._coordinator = SimpleNamespace(heartbeat=SimpleNamespace(last_receive=self.last_heartbeat))

    def group_metadata(self) -> ConsumerGroupMetadata:
        return ConsumerGroupMetadata("g", self.generation, "m1", None)

    def commit(self, offsets: Any) -> None:
        self.log.append("commit-offsets")
        self.committed.append(offsets)


def batch(consumer: FakeConsumer) -> Batch:
    b = Batch(group=consumer.group_metadata())
    b.outputs = [Output("enriched", b"k", b"v", []), Output("dlq", b"p", b"x", [])]
    b.covers(TP, 10, 11)
    return b


def make(cls: type, log: list[str], consumer: FakeConsumer, fail_on: str | None = None) -> Any:
    """A delivery whose clock reads 1 s after the consumer's last heartbeat."""
    producers: list[FakeProducer] = []

    def new() -> FakeProducer:
        producers.append(FakeProducer(log, fail_on if not producers else None))
        return producers[-1]

    delivery = cls(consumer, new, session_timeout_s=6.0, ack_timeout_s=1.0, joined_at=lambda: 0.0,
                   clock=lambda: consumer.last_heartbeat + 1)
    delivery.producers = producers
    return delivery


def test_at_least_once_commits_only_after_every_record_is_acknowledged() -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    make(AtLeastOnce, log, consumer).deliver(batch(consumer))
    assert log == ["send:enriched", "send:dlq", "flush", "commit-offsets"]
    assert consumer.committed[0][TP].offset == 12


def test_a_refused_flush_leaves_offsets_uncommitted() -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    delivery = make(AtLeastOnce, log, consumer, fail_on="flush")
    with pytest.raises(KafkaTimeoutError):
        delivery.deliver(batch(consumer))
    assert "commit-offsets" not in log


def test_at_least_once_sends_while_building_and_resends_everything_on_retry() -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    delivery = make(AtLeastOnce, log, consumer, fail_on="flush")
    b = Batch(group=consumer.group_metadata())
    b.covers(TP, 0, 1)
    delivery.stream(b, Output("enriched", b"a", b"1", []))
    delivery.stream(b, Output("enriched", b"b", b"2", []))
    assert log == ["send:enriched", "send:enriched"]
    with pytest.raises(KafkaTimeoutError):
        delivery.deliver(b)
    delivery.reset(b)
    delivery.producers[0].fail_on = None
    delivery.deliver(b)
    # the refused flush is waited on in slices until the ack timeout, then everything is resent
    assert set(log[2:-4]) == {"flush"}
    assert log[-4:] == ["send:enriched", "send:enriched", "flush", "commit-offsets"]


def test_exactly_once_puts_records_and_offsets_in_one_transaction() -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    delivery = make(ExactlyOnce, log, consumer)
    delivery.deliver(batch(consumer))
    assert log == ["begin", "send:enriched", "send:dlq", "offsets", "flush", "commit-txn"]


def test_after_a_transactional_error_the_producer_is_aborted_and_replaced() -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    delivery = make(ExactlyOnce, log, consumer, fail_on="offsets")
    b = batch(consumer)
    with pytest.raises(KafkaTimeoutError):
        delivery.deliver(b)
    delivery.reset(b)
    assert log[-2:] == ["abort-txn", "close"]
    delivery.deliver(b)
    assert len(delivery.producers) == 2
    assert log[-1] == "commit-txn"


@pytest.mark.parametrize("cls", [AtLeastOnce, ExactlyOnce])
def test_a_batch_from_a_lost_generation_is_refused_before_anything_is_sent(cls: type) -> None:
    log: list[str] = []
    consumer = FakeConsumer(log)
    b = batch(consumer)
    consumer.generation = 4  # a rebalance happened after the poll
    with pytest.raises(StaleBatch, match="generation moved from 3 to 4"):
        make(cls, log, consumer).deliver(b)
    assert not [step for step in log if step.startswith(("send", "commit"))]


def test_a_thawed_worker_sees_its_membership_as_stale() -> None:
    consumer = FakeConsumer([], last_heartbeat=100.0)
    b = batch(consumer)
    assert stale_reason(consumer, b, session_timeout_s=6, joined_at=0, now=lambda: 105.0) is None
    reason = stale_reason(consumer, b, session_timeout_s=6, joined_at=0, now=lambda: 120.0)
    assert reason and "20.0s ago" in reason
    # a fresh join counts as confirmation even before the first heartbeat
    assert stale_reason(consumer, b, session_timeout_s=6, joined_at=118, now=lambda: 120.0) is None
