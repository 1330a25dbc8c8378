"""Consume -> enrich -> produce -> commit, in batches.

The worker polls at most MAX_IN_FLIGHT records, enriches them, and hands the
batch to its `Delivery` (at-least-once or exactly-once, see `delivery.py`).
It polls again only once the batch is committed, which gives three
properties at once:

- backpressure: records in flight never exceed one batch; when the broker
  acknowledges slowly, the worker simply does not fetch more;
- rebalances find no uncommitted work: revocation happens inside `poll`,
  between batches, so the rebalance listener has nothing to flush, and
  kafka-python's heartbeat thread keeps the membership alive meanwhile;
- transient broker errors are retried with backoff on the same batch, never
  dead-lettered; a batch whose group membership was lost meanwhile is
  abandoned (the new owner re-processes it) rather than committed.

Shutdown (the `stop` event, set on SIGTERM/SIGINT): no further poll; the
batch in hand is finished within SHUTDOWN_GRACE_S or abandoned uncommitted;
the producer is flushed and the consumer leaves the group.
"""

from __future__ import annotations

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

from service.clustering.keys import key_records
from service.config import Settings
from service.observability import metrics
from service.observability.health import Health
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Pipeline
from service.transport.kafka import init_transactions, processor_configs
from service.transport.probe import start_probe
from service.worker.batch import Batch, Output
from service.worker.brokerwatch import BrokerWatch, consumer_broker_problem
from service.worker.delivery import Delivery, StaleBatch, make_delivery
from service.worker.handler import Enriched, Rejected, dead_letter_headers, handle_raw
from service.worker.oversize import cut_dead_letter, fits, record_size
from service.worker.safety import check_delivery_config
from service.worker.stopping import Stopping

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 10.0
REBUILD_AFTER_FAILURES = 3  # failed deliveries of one batch before the clients are rebuilt
TOPIC_CHECK_S = 5.0  # how often an idle worker checks that its input topic exists
BATCH_SHARE_OF_GRACE = 0.7  # of SHUTDOWN_GRACE_S for the batch in hand
CLOSE_SHARE_OF_GRACE = 0.8  # ...and up to here for closing the clients; the rest is exit margin


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class WorkerStats:
    consumed: int = 0
    enriched: int = 0
    dead_lettered: int = 0
    batches: int = 0
    retries: int = 0
    abandoned: int = 0
    assigned: list[str] = field(default_factory=list)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_partitions_revoked(self, revoked: Any) -> None:
        # Nothing to flush: a batch is committed (or abandoned) before the next poll.
        log.info("partitions revoked", extra={"partitions": sorted(str(tp) for tp in revoked)})

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.worker.joined_at = time.monotonic()
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
        # one transactional id per worker lifecycle, reused when the producer is re-created
        self.transactional_id = f"{settings.worker_group}-{uuid.uuid4().hex[:12]}"
        self.broker = BrokerWatch(self.health)
        self._consumer: KafkaConsumer | None = None
        self._delivery: Delivery | None = None
        self.joined_at = 0.0  # monotonic time of the last completed group join
        self.abandoned_at_shutdown: list[str] = []  # said in the "shutdown: abandoned" log line
        self._rebuild_reason: str | None = None  # set: rebuild the clients before the next poll
        self._topic_checked_at = 0.0
        self.rebuilds = 0
        self.health.expect("broker", "partitions")
        self.client_configs()  # refuse a contradicting configuration before anything starts

    # ----------------------------------------------------------------- clients

    def client_configs(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The producer and consumer configs, checked against the delivery mode."""
        s = self.s
        producer, consumer = processor_configs(
            s, group_id=s.worker_group,
            transactional_id=self.transactional_id if self.exactly_once else None)
        check_delivery_config(s, producer, consumer)
        return producer, consumer

    def _new_producer(self, config: dict[str, Any]) -> KafkaProducer:
        producer = KafkaProducer(**config)
        if self.exactly_once:
            init_transactions(producer, self.s)
        return producer

    def _connect(self, stopping: Stopping) -> bool:
        """Build the clients, retrying while the broker is unreachable.
        False when asked to stop first."""
        from service.transport.admin import ensure_topics

        producer_cfg, consumer_cfg = self.client_configs()
        backoff = BACKOFF_START_S
        while not stopping.stop.is_set():
            consumer = None
            try:
                consumer = KafkaConsumer(**consumer_cfg)
                ensure_topics(self.s)
                consumer.subscribe([self.s.raw_topic], listener=_Rebalance(self))
                self._delivery = make_delivery(
                    self.exactly_once, consumer, lambda: self._new_producer(producer_cfg),
                    session_timeout_s=self.s.kafka_session_timeout_ms / 1000,
                    ack_timeout_s=self.s.kafka_request_timeout_ms / 1000,
                    joined_at=lambda: self.joined_at, time_left=stopping.remaining)
            except KafkaError as exc:
                if consumer is not None:
                    consumer.close(autocommit=False, timeout_ms=1000)
                self.broker.failed(f"connect: {type(exc).__name__}: {exc}")
                stopping.stop.wait(backoff)
                backoff = min(BACKOFF_MAX_S, backoff * 2)
                continue
            self._consumer = consumer
            self._topic_checked_at = time.monotonic()  # the first metadata has yet to arrive
            self.broker.up()
            return True
        return False

    # -------------------------------------------------------------------- loop

    def run(self, stop: threading.Event, max_records: int | None = None) -> WorkerStats:
        """Run until `stop` is set (or `max_records` consumed), then flush,
        commit and leave the group within the grace period."""
        # the batch may use most of the grace period; closing the clients gets the rest
        stopping = Stopping(stop, self.s.shutdown_grace_s * BATCH_SHARE_OF_GRACE)
        probe_stop = threading.Event()
        start_probe(self.s, self.broker.probed, probe_stop)
        try:
            if not self._connect(stopping):
                return self.stats
            self._loop(stop, stopping, max_records)
        finally:
            probe_stop.set()
        return self.stats

    def _loop(self, stop: threading.Event, stopping: Stopping, max_records: int | None) -> None:
        assert self._consumer is not None
        try:
            while not stop.is_set():
                if max_records is not None and self.stats.consumed >= max_records:
                    break
                polled = self._consumer.poll(timeout_ms=500)
                self._observe_broker(bool(polled))
                if polled:
                    self._process(self._build_batch(polled, stopping), stopping)
                elif self._raw_topic_missing():
                    self._rebuild_reason = self._rebuild_reason or f"topic {self.s.raw_topic} is missing"
                if self._rebuild_reason and not stop.is_set() and not self._rebuild(stopping):
                    return
        finally:
            self._close(stopping)

    def _raw_topic_missing(self) -> bool:
        """The consumer's metadata has no input topic (a broker that lost its
        state, or a topic deleted): checked at most every TOPIC_CHECK_S."""
        now = time.monotonic()
        if now - self._topic_checked_at < TOPIC_CHECK_S or self.broker.down:
            return False
        self._topic_checked_at = now
        cluster = getattr(getattr(self._consumer, "_client", None), "cluster", None)
        return cluster is not None and cluster.partitions_for_topic(self.s.raw_topic) is None

    def _rebuild(self, stopping: Stopping) -> bool:
        """Throw the producer and consumer away and connect afresh (which
        re-creates missing topics, logging them): what a process restart
        would do, for client state the broker no longer knows (producer ids,
        groups, topics after a broker lost its data). False when stopped."""
        reason, self._rebuild_reason = self._rebuild_reason, None
        self.rebuilds += 1
        log.warning("rebuilding Kafka clients", extra={"reason": reason, "rebuilds": self.rebuilds})
        if self._delivery is not None:
            self._delivery.close(timeout_s=1.0)
        if self._consumer is not None:
            self._consumer.close(autocommit=False, timeout_ms=1000)
        self._delivery, self._consumer = None, None
        return self._connect(stopping)

    def _observe_broker(self, got_records: bool) -> None:
        problem = None if got_records else consumer_broker_problem(
            self._consumer, self.s.kafka_session_timeout_ms / 1000)
        if problem is None:
            self.broker.up()
        else:
            self.broker.failed(problem)

    def _build_batch(self, polled: dict[TopicPartition, list[Any]], stopping: Stopping) -> Batch | None:
        """Enrich every polled record, handing each output to the delivery as
        it is made (at-least-once sends it at once, so the producer's network
        work overlaps enrichment). None when the grace period ran out, or the
        membership was lost, before the batch was complete."""
        assert self._consumer is not None and self._delivery is not None
        batch = Batch(group=self._consumer.group_metadata())
        try:
            for tp, records in polled.items():
                batch.covers(tp, records[0].offset, records[-1].offset)
                for rec in records:
                    if stopping.expired():
                        self._abandon(batch, "shutdown grace period ran out while enriching")
                        return None
                    batch.count += 1
                    self.stats.consumed += 1
                    metrics.RECORDS_CONSUMED.inc()  # now, not after the batch: never trails enriched
                    for output in self._handle(tp, rec):
                        self._delivery.stream(batch, output)
        except StaleBatch as exc:
            self._abandon(batch, str(exc))
            self._await_rejoin()
            return None
        return batch

    def _process(self, batch: Batch | None, stopping: Stopping) -> None:
        """Deliver the batch, retrying transient errors with backoff until it
        is committed, stale, or the grace period is over."""
        assert self._delivery is not None
        if batch is None:
            return
        metrics.IN_FLIGHT.set(batch.count)
        backoff = BACKOFF_START_S
        failures = 0
        try:
            while True:
                try:
                    self._delivery.deliver(batch)
                    break
                except StaleBatch as exc:
                    self._abandon(batch, str(exc))
                    self._await_rejoin()
                    return
                except KafkaError as exc:
                    # poison never reaches the producer: a broker or client-state problem
                    self.stats.retries += 1
                    failures += 1
                    metrics.PRODUCER_ERRORS.labels(topic=self.s.enriched_topic).inc()
                    self.broker.failed(f"deliver: {type(exc).__name__}: {exc}")
                    self._delivery.reset(batch)
                    if not exc.retriable or failures >= REBUILD_AFTER_FAILURES:
                        # e.g. InitProducerId UnknownError after the broker lost its
                        # state: this producer will not recover by retrying
                        self._rebuild_reason = (f"{failures} failed deliveries, last: "
                                                f"{type(exc).__name__}: {exc}")
                        self._abandon(batch, "clients rebuilt")
                        return
                    if stopping.remaining() < backoff:
                        self._abandon(batch, "shutdown grace period ran out while retrying")
                        return
                    stopping.stop.wait(backoff)
                    backoff = min(BACKOFF_MAX_S, backoff * 2)
            self.broker.up()
            self.stats.batches += 1
            self._update_lag(batch.offsets)
        finally:
            metrics.IN_FLIGHT.set(0)

    def _abandon(self, batch: Batch, reason: str) -> None:
        """Leave the batch uncommitted: rewind so this worker (or the next
        owner of the partitions) consumes it again."""
        assert self._consumer is not None
        self.stats.abandoned += 1
        log.warning("batch abandoned uncommitted", extra={"reason": reason, "records": batch.count})
        if "shutdown" in reason:
            self.abandoned_at_shutdown.append(
                f"batch of {batch.count} records uncommitted (re-delivered to the next owner of "
                f"partitions {sorted(f'{tp.topic}:{tp.partition}' for tp in batch.starts)})")
        owned = self._consumer.assignment()
        for tp, first in batch.starts.items():
            if tp in owned:
                self._consumer.seek(tp, first)

    def _await_rejoin(self) -> None:
        """After a stale batch the consumer may still hand out records of the
        partitions it is about to lose; give its heartbeat thread a beat to
        notice the eviction instead of refusing batch after batch."""
        time.sleep(self.s.kafka_heartbeat_interval_ms / 1000)

    def _handle(self, tp: TopicPartition, rec: Any) -> list[Output]:
        limit = self.s.kafka_max_message_bytes
        if not self.enrich:
            out = Output(self.s.enriched_topic, rec.key, rec.value, list(rec.headers or []))
            return [out] if fits(out, limit) else [self._dead_letter(tp, rec, Rejected(
                "produce", "output-too-large", "MessageSizeTooLargeError",
                f"record of {record_size(out)} bytes exceeds KAFKA_MAX_MESSAGE_BYTES={limit}"))]
        result = handle_raw(rec.value, self.pipeline, max_bytes=self.s.max_record_bytes)
        if isinstance(result, Rejected):
            return [self._dead_letter(tp, rec, result)]
        out = Output(self.s.enriched_topic, rec.key, result.value, result.headers)
        if not fits(out, limit):  # the raw record fitted, its enriched document does not
            return [self._dead_letter(tp, rec, Rejected(
                "produce", "output-too-large", "MessageSizeTooLargeError",
                f"enriched document of {record_size(out)} bytes exceeds "
                f"KAFKA_MAX_MESSAGE_BYTES={limit}"))]
        self._observe_enriched(result)
        if not self.s.cluster_keys:
            return [out]
        keys_topic = self.s.cluster_topics["keys"]
        return [out, *(Output(keys_topic, key, value, [])
                       for key, value in key_records(result.article, self.s.topic_partitions,
                                                     seen=result.raw.fetched_at.timestamp()))]

    def _dead_letter(self, tp: TopicPartition, rec: Any, result: Rejected) -> Output:
        """The dead letter of `rec`: its original bytes (cut to fit the
        message size, with size and hash headers, when they do not)."""
        self.stats.dead_lettered += 1
        metrics.RECORDS_DEAD_LETTERED.labels(reason=result.reason).inc()
        log.warning("dead-lettered record", extra={
            "stage": result.stage, "reason": result.reason, "error_class": result.error_class,
            "detail": result.message[:300], "partition": tp.partition, "offset": rec.offset})
        headers = dead_letter_headers(result, topic=tp.topic, partition=tp.partition,
                                      offset=rec.offset, failed_at=self.clock())
        return cut_dead_letter(Output(self.s.dlq_topic, rec.key, rec.value, headers),
                               self.s.kafka_max_message_bytes)

    def _observe_enriched(self, result: Enriched) -> None:
        self.stats.enriched += 1
        metrics.RECORDS_ENRICHED.inc()
        for run in result.article.stages:
            metrics.stage_seconds(run.name).observe(run.seconds)
        now = self.clock()
        published = result.article.published.utc if result.article.published else None
        if published is not None and published <= now:
            metrics.PUBLISH_AGE_SECONDS.observe((now - published).total_seconds())
        metrics.FETCH_AGE_SECONDS.observe(max(0.0, (now - result.raw.fetched_at).total_seconds()))

    def _update_lag(self, partitions: Any) -> None:
        assert self._consumer is not None
        for tp in partitions:
            end = self._consumer.highwater(tp)
            if end is not None:
                lag = max(0, end - self._consumer.position(tp))
                metrics.CONSUMER_LAG.labels(topic=tp.topic, partition=str(tp.partition)).set(lag)

    def _close(self, stopping: Stopping) -> None:
        """Flush and leave the group within what is left of SHUTDOWN_GRACE_S
        (less a margin for the process to exit)."""
        def left() -> float:
            if not stopping.stop.is_set():
                return self.s.shutdown_grace_s
            return max(0.2, stopping.remaining(self.s.shutdown_grace_s * CLOSE_SHARE_OF_GRACE))

        if self._delivery is not None and not self._delivery.close(timeout_s=left() / 2):
            self.abandoned_at_shutdown.append(
                "output records not acknowledged (their input stays uncommitted and is re-delivered)")
        if self._consumer is not None:
            # leaves the group, so the partitions move at once rather than after the session timeout
            self._consumer.close(autocommit=False, timeout_ms=int(left() * 1000))
        self.health.set("partitions", False, "stopped")
        if self.abandoned_at_shutdown:
            log.warning("shutdown: abandoned", extra={
                "abandoned": "; ".join(self.abandoned_at_shutdown),
                "grace_s": self.s.shutdown_grace_s})
