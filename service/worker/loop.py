"""Consume -> enrich -> produce -> commit, in batches.

At least once: a batch's enriched records and dead letters are flushed (acked
by the broker) before its offsets are committed. A crash between the two
re-delivers at most the uncommitted batch.

Exactly once: each batch is one Kafka transaction carrying its output records
and its consumed offsets; `read_committed` subscribers see it whole or not at
all. After an ambiguous transactional error the producer is re-created.

Offsets are only ever committed at batch boundaries inside the poll loop, so
when a rebalance revokes partitions (which happens inside `poll`), no
processed-but-uncommitted work exists and there is nothing to flush.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata

from service.config import Settings
from service.observability import metrics
from service.observability.health import Health
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Pipeline
from service.transport.kafka import broker_connected, make_consumer, make_producer
from service.worker.handler import Enriched, Rejected, dead_letter_headers, handle_raw

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class WorkerStats:
    consumed: int = 0
    enriched: int = 0
    dead_lettered: int = 0
    batches: int = 0
    retries: int = 0
    assigned: list[str] = field(default_factory=list)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_partitions_revoked(self, revoked: Any) -> None:
        # Nothing to flush: batches are committed before the next poll.
        log.info("partitions revoked", extra={"partitions": sorted(str(tp) for tp in revoked)})

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.worker.stats.assigned = sorted(f"{tp.topic}:{tp.partition}" for tp in assigned)
        self.worker.health.set("partitions", True, f"{len(assigned)} assigned")
        log.info("partitions assigned", extra={"partitions": self.worker.stats.assigned})


class Worker:
    def __init__(self, settings: Settings, *, health: Health | None = None,
                 pipeline: Pipeline | None = None, clock: Clock = utc_now,
                 enrich: bool = True) -> None:
        self.s = settings
        self.health = health or Health()
        self.pipeline = pipeline or default_pipeline()
        self.clock = clock
        self.enrich = enrich  # False: passthrough, for benchmarks of the plumbing
        self.stats = WorkerStats()
        self.exactly_once = settings.delivery_mode == "exactly-once"
        self._consumer: KafkaConsumer | None = None
        self._producer: KafkaProducer | None = None
        self.health.expect("broker", "partitions")

    # ----------------------------------------------------------------- clients

    def _new_producer(self) -> KafkaProducer:
        if self.exactly_once:
            # One transactional id per worker lifecycle: a restarted worker is
            # a new producer and the group-generation fencing of
            # send_offsets_to_transaction guards against zombies.
            tid = f"{self.s.worker_group}-{uuid.uuid4().hex[:12]}"
            producer = make_producer(self.s, transactional_id=tid)
            producer.init_transactions()
            return producer
        return make_producer(self.s)

    def _connect(self) -> None:
        self._consumer = make_consumer(
            self.s, group_id=self.s.worker_group, read_committed=True,
            max_poll_records=self.s.max_in_flight,
        )
        self._consumer.subscribe([self.s.raw_topic], listener=_Rebalance(self))
        self._producer = self._new_producer()
        self.health.set("broker", True, "connected")

    # -------------------------------------------------------------------- loop

    def run(self, stop: threading.Event, max_records: int | None = None) -> WorkerStats:
        """Run until `stop` is set (or `max_records` consumed), then flush,
        commit and leave the group."""
        self._connect()
        assert self._consumer is not None
        last_broker_log = 0.0
        try:
            while not stop.is_set():
                if max_records is not None and self.stats.consumed >= max_records:
                    break
                try:
                    batch = self._consumer.poll(timeout_ms=500)
                except KafkaError as exc:
                    self.health.set("broker", False, f"{type(exc).__name__}: {exc}")
                    if time.monotonic() - last_broker_log > 30:
                        log.warning("broker unavailable; retrying", extra={"error": str(exc)})
                        last_broker_log = time.monotonic()
                    time.sleep(1)
                    continue
                self._observe_broker()
                if batch:
                    self._process_batch(batch)
        finally:
            self._close()
        return self.stats

    def _observe_broker(self) -> None:
        assert self._consumer is not None
        connected = broker_connected(self._consumer)
        self.health.set("broker", bool(connected), "connected" if connected else "no broker connection")
        metrics.BROKER_UP.set(1 if connected else 0)

    def _process_batch(self, batch: dict[TopicPartition, list[Any]]) -> None:
        assert self._consumer is not None
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        outputs: list[tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]] = []
        count = 0
        for tp, records in batch.items():
            for rec in records:
                count += 1
                outputs.append(self._handle(tp, rec))
            offsets[tp] = OffsetAndMetadata(records[-1].offset + 1, "", -1)
        metrics.RECORDS_CONSUMED.inc(count)
        metrics.IN_FLIGHT.set(count)
        self.stats.consumed += count
        while True:
            try:
                if self.exactly_once:
                    self._commit_transaction(outputs, offsets)
                else:
                    self._produce_then_commit(outputs, offsets)
                break
            except KafkaError as exc:
                # Transient: never dead-letter. Retry the same batch; at-least-once
                # may duplicate it, exactly-once aborted it.
                self.stats.retries += 1
                metrics.PRODUCER_ERRORS.labels(topic=self.s.enriched_topic).inc()
                self.health.set("broker", False, f"{type(exc).__name__}: {exc}")
                log.warning("batch failed, retrying", extra={"error": f"{type(exc).__name__}: {exc}"})
                time.sleep(1)
                if self.exactly_once:
                    self._reset_producer()
        metrics.IN_FLIGHT.set(0)
        self.stats.batches += 1
        self._update_lag(batch.keys())

    def _handle(self, tp: TopicPartition, rec: Any) -> tuple[str, bytes | None, bytes | None,
                                                               list[tuple[str, bytes]]]:
        if not self.enrich:
            return (self.s.enriched_topic, rec.key, rec.value, list(rec.headers or []))
        result = handle_raw(rec.value, self.pipeline, max_bytes=self.s.max_record_bytes)
        if isinstance(result, Rejected):
            self.stats.dead_lettered += 1
            metrics.RECORDS_DEAD_LETTERED.labels(reason=result.reason).inc()
            log.warning("dead-lettered record", extra={
                "stage": result.stage, "reason": result.reason, "error_class": result.error_class,
                "detail": result.message[:300], "partition": tp.partition, "offset": rec.offset})
            headers = dead_letter_headers(result, topic=tp.topic, partition=tp.partition,
                                          offset=rec.offset, failed_at=self.clock())
            return (self.s.dlq_topic, rec.key, rec.value, headers)
        self._observe_enriched(result)
        return (self.s.enriched_topic, rec.key, result.value, result.headers)

    def _observe_enriched(self, result: Enriched) -> None:
        self.stats.enriched += 1
        metrics.RECORDS_ENRICHED.inc()
        for run in result.article.stages:
            metrics.STAGE_SECONDS.labels(stage=run.name).observe(run.seconds)
        now = self.clock()
        published = result.article.published.utc if result.article.published else None
        if published is not None and published <= now:
            metrics.PUBLISH_AGE_SECONDS.observe((now - published).total_seconds())
        metrics.FETCH_AGE_SECONDS.observe(max(0.0, (now - result.raw.fetched_at).total_seconds()))

    def _send_all(self, outputs: list[tuple[str, bytes | None, bytes | None,
                                            list[tuple[str, bytes]]]]) -> None:
        assert self._producer is not None
        for topic, key, value, headers in outputs:
            self._producer.send(topic, key=key, value=value, headers=headers)

    def _produce_then_commit(self, outputs: Any, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        assert self._producer is not None and self._consumer is not None
        futures = [self._producer.send(t, key=k, value=v, headers=h) for t, k, v, h in outputs]
        self._producer.flush()
        for fut in futures:
            fut.get(timeout=0)  # raises the KafkaError of any record the broker refused
        self._consumer.commit(offsets)

    def _commit_transaction(self, outputs: Any, offsets: dict[TopicPartition, OffsetAndMetadata]) -> None:
        assert self._producer is not None and self._consumer is not None
        self._producer.begin_transaction()
        self._send_all(outputs)
        self._producer.send_offsets_to_transaction(offsets, self._consumer.group_metadata())
        self._producer.commit_transaction()

    def _reset_producer(self) -> None:
        """After an ambiguous transactional error the producer's state cannot be
        trusted: abort if possible, discard it, and rewind to committed offsets."""
        assert self._consumer is not None
        old, self._producer = self._producer, None
        if old is not None:
            with contextlib.suppress(Exception):  # the point is to throw it away
                old.abort_transaction()
            old.close(timeout=1)
        for tp in self._consumer.assignment():
            committed = self._consumer.committed(tp)
            if committed is not None:
                self._consumer.seek(tp, committed)
            else:
                self._consumer.seek_to_beginning(tp)
        self._producer = self._new_producer()

    def _update_lag(self, partitions: Any) -> None:
        assert self._consumer is not None
        for tp in partitions:
            end = self._consumer.highwater(tp)
            if end is not None:
                lag = max(0, end - self._consumer.position(tp))
                metrics.CONSUMER_LAG.labels(topic=tp.topic, partition=str(tp.partition)).set(lag)

    def _close(self) -> None:
        if self._producer is not None:
            try:
                self._producer.flush(timeout=self.s.shutdown_grace_s)
            finally:
                self._producer.close(timeout=self.s.shutdown_grace_s)
        if self._consumer is not None:
            self._consumer.close(autocommit=False)
        self.health.set("partitions", False, "stopped")
