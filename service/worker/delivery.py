"""How a batch's output and its consumed offsets reach the broker, per
delivery mode.

- `AtLeastOnce`: send everything, wait for every acknowledgement, then
  commit the offsets. A crash before the commit re-delivers the batch.
- `ExactlyOnce`: one Kafka transaction per batch holding the output records
  and the offsets (`send_offsets_to_transaction` with the consumer's group
  metadata from poll time, so a broker implementing KIP-447 fences a stale
  member). After any error the transaction is aborted and the producer is
  thrown away and re-created: an ambiguous error (a timeout during commit,
  say) leaves its state unknowable.

Both refuse to commit a batch consumed under a group membership that has
since been lost (`StaleBatch`): the partitions may already belong to another
worker, which re-processes them from the last commit. This is the worker's
own zombie fence; it also covers brokers that do not fence (see
docs/reliability.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError, KafkaTimeoutError

from service.worker.batch import Batch, Output

log = logging.getLogger(__name__)

ProducerFactory = Callable[[], KafkaProducer]


class StaleBatch(Exception):
    """The group membership the batch was consumed under is gone: do not commit it."""


def stale_reason(consumer: KafkaConsumer, batch: Batch, *, session_timeout_s: float,
                 joined_at: float, now: Callable[[], float] = time.monotonic) -> str | None:
    """Why committing `batch` now could overwrite another member's work, or None.

    Two signs: the generation or member id changed since the poll, or the
    coordinator has confirmed our membership (a heartbeat answered, or the
    join at `joined_at`) longer than a session timeout ago. The second
    catches a process that was frozen: when it thaws, its heartbeat thread
    has not yet learnt that the group evicted it."""
    current = consumer.group_metadata()
    then = batch.group
    if (current.generation_id, current.member_id) != (then.generation_id, then.member_id):
        return (f"group generation moved from {then.generation_id} to {current.generation_id} "
                "since the batch was polled")
    heartbeat = getattr(getattr(consumer, "_coordinator", None), "heartbeat", None)
    # not kafka-python's last_reset: it moves when the coordinator is merely rediscovered
    answered = heartbeat.last_receive if heartbeat is not None else batch.polled_at
    silent = now() - max(answered, joined_at)
    if silent > session_timeout_s:
        return (f"membership last confirmed {silent:.1f}s ago "
                f"(session timeout {session_timeout_s:.1f}s)")
    return None


class Delivery(Protocol):
    def stream(self, batch: Batch, output: Output) -> None:
        """Add an output to the batch being built (may send it already)."""

    def deliver(self, batch: Batch) -> None:
        """Make the batch's output durable and commit its offsets, or raise
        (`KafkaError`: transient, retry; `StaleBatch`: abandon)."""

    def reset(self, batch: Batch) -> None:
        """Called after `deliver` raised, before a retry of `batch`."""

    def close(self, timeout_s: float) -> bool:
        """Flush and close within `timeout_s`; False when records were given up."""


class _Base:
    def __init__(self, consumer: KafkaConsumer, new_producer: ProducerFactory, *,
                 session_timeout_s: float, ack_timeout_s: float,
                 joined_at: Callable[[], float],
                 time_left: Callable[[], float] = lambda: float("inf"),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.consumer = consumer
        self.clock = clock
        self.time_left = time_left  # seconds of shutdown grace left (inf while running)
        self.joined_at = joined_at
        self._new_producer = new_producer
        self.producer: KafkaProducer | None = new_producer()
        self.session_timeout_s = session_timeout_s
        self.ack_timeout_s = ack_timeout_s
        self.producers_created = 1

    def _guard(self, batch: Batch) -> None:
        reason = stale_reason(self.consumer, batch, session_timeout_s=self.session_timeout_s,
                              joined_at=self.joined_at(), now=self.clock)
        if reason is not None:
            raise StaleBatch(reason)

    def _producer(self) -> KafkaProducer:
        if self.producer is None:
            self.producer = self._new_producer()
            self.producers_created += 1
        return self.producer

    def _wait_s(self) -> float:
        """How long an acknowledgement may be waited for now."""
        return max(0.0, min(self.ack_timeout_s, self.time_left()))

    def close(self, timeout_s: float) -> bool:
        producer, self.producer = self.producer, None
        return producer is None or close_producer(producer, timeout_s)


class AtLeastOnce(_Base):
    def stream(self, batch: Batch, output: Output) -> None:
        """Send at once: acknowledgements arrive while the rest is enriched."""
        self._guard(batch)  # a worker back from a freeze should not even send
        batch.outputs.append(output)
        batch.futures.append(self._send(output))

    def _send(self, o: Output) -> Any:
        return self._producer().send(o.topic, key=o.key, value=o.value, headers=o.headers,
                                     partition=o.partition)

    def deliver(self, batch: Batch) -> None:
        self._guard(batch)
        if len(batch.futures) < len(batch.outputs):  # a retry: send everything again
            batch.futures = [self._send(o) for o in batch.outputs]
        flush_within(self._producer(), self.ack_timeout_s, self.time_left)
        for fut in batch.futures:
            fut.get(timeout=0)  # raises the error of any record the broker refused
        self._guard(batch)
        self.consumer.commit(batch.offsets)

    def reset(self, batch: Batch) -> None:
        # the retry sends the whole batch again: duplicates are allowed, loss is not
        batch.futures.clear()


class ExactlyOnce(_Base):
    def stream(self, batch: Batch, output: Output) -> None:
        # kept until deliver: a transaction opened this early would stay open
        # (and pin readers) for the whole enrichment of the batch
        batch.outputs.append(output)

    def deliver(self, batch: Batch) -> None:
        self._guard(batch)
        producer = self._producer()
        producer.begin_transaction()
        for o in batch.outputs:
            producer.send(o.topic, key=o.key, value=o.value, headers=o.headers,
                          partition=o.partition)
        producer.send_offsets_to_transaction(batch.offsets, batch.group)
        flush_within(producer, self.ack_timeout_s, self.time_left)
        try:
            self._guard(batch)
        except StaleBatch:
            self.reset(batch)
            raise
        end_transaction(producer, commit=True, timeout_s=self._wait_s())

    def reset(self, batch: Batch) -> None:
        """Abort whatever transaction is open and discard the producer: the
        next `deliver` starts from a fresh one (same transactional id, so the
        broker also aborts a transaction this call could not)."""
        producer, self.producer = self.producer, None
        if producer is None:
            return
        try:
            end_transaction(producer, commit=False, timeout_s=max(0.1, self._wait_s()))
        except Exception as exc:  # the producer is being thrown away whatever happened
            log.warning("abort of the failed transaction did not complete", extra={"error": repr(exc)})
        try:
            producer.close(timeout=max(0.1, min(1.0, self._wait_s())))
        except KafkaError:  # records it could not flush in time: nothing to wait for
            abandon_producer(producer)


FLUSH_SLICE_S = 0.25


def flush_within(producer: KafkaProducer, timeout_s: float,
                 time_left: Callable[[], float] = lambda: float("inf")) -> None:
    """Wait for every record sent so far to be acknowledged, at most
    `timeout_s`, and no longer than `time_left()` (the shutdown grace left,
    read again every slice so that a SIGTERM arriving mid-wait shortens it).
    Raises KafkaTimeoutError when the time is up."""
    deadline = time.monotonic() + timeout_s
    while True:
        wait = min(FLUSH_SLICE_S, deadline - time.monotonic(), time_left())
        if wait <= 0:
            raise KafkaTimeoutError("records not acknowledged in time"
                                    + (" (shutdown grace period over)" if time_left() <= 0 else ""))
        try:
            producer.flush(timeout=wait)
            return
        except KafkaTimeoutError:
            continue


def close_producer(producer: KafkaProducer, timeout_s: float) -> bool:
    """Flush and close within `timeout_s`; False when unacknowledged records
    had to be given up (the producer is then closed without waiting)."""
    try:
        flush_within(producer, max(0.1, timeout_s))
    except KafkaError as exc:
        log.warning("producer flush at close failed", extra={"error": repr(exc)})
        abandon_producer(producer)
        return False
    producer.close(timeout=max(0.1, timeout_s))
    return True


def abandon_producer(producer: KafkaProducer) -> None:
    """Close a producer whose records cannot be acknowledged, without waiting:
    kafka-python's `close()` flushes first and raises when that times out,
    and its exit hook would try (and wait) again."""
    unregister = getattr(producer, "_unregister_cleanup", None)
    if unregister is not None:
        unregister()
    sender = getattr(producer, "_sender", None)
    if sender is not None:
        sender.force_close()
    producer._closed = True  # so __del__ does not flush again


def end_transaction(producer: KafkaProducer, *, commit: bool, timeout_s: float) -> None:
    """Commit or abort the open transaction, waiting at most `timeout_s`.

    kafka-python's `commit_transaction()` waits without a bound, so a broker
    that stops answering mid-commit would hang the worker (and its shutdown).
    A timeout here is the textbook ambiguous outcome: the caller treats it as
    a transient error and re-creates the producer."""
    manager = getattr(producer, "_transaction_manager", None)
    sender = getattr(producer, "_sender", None)
    if manager is None or sender is None:  # not the kafka-python we know: public, unbounded
        producer.commit_transaction() if commit else producer.abort_transaction()
        return
    result = manager.begin_commit() if commit else manager.begin_abort()
    sender.wakeup()
    if timeout_s <= 0 or not result.wait(timeout_ms=timeout_s * 1000):
        raise KafkaTimeoutError(f"transaction {'commit' if commit else 'abort'} not confirmed "
                                f"within {timeout_s:.0f}s; outcome unknown")


def make_delivery(exactly_once: bool, consumer: KafkaConsumer, new_producer: ProducerFactory,
                  **kwargs: Any) -> Delivery:
    cls = ExactlyOnce if exactly_once else AtLeastOnce
    return cls(consumer, new_producer, **kwargs)
