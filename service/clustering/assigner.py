"""`wire-ingest cluster`: the partitioned cluster assigner on Kafka.

One consumer group reads the three step topics (cluster-keys, -matches,
-decisions). Partition p of a step topic owns the state of that step for p,
kept in memory and in the compacted state topic, partition p, under the
step's key prefix (b/ and r/, m/, c/). On assignment the state of the new
partitions is read back from the state topic; on revocation it is dropped.

Each polled batch is delivered like the worker's (service/worker/delivery):
at-least-once (outputs and state entries acknowledged, then offsets
committed) or exactly-once (outputs, state entries and offsets in one
transaction). A batch that fails is abandoned and the state of the owned
partitions reloaded, so memory never runs ahead of what the broker holds.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import datetime
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.errors import KafkaError

from service.clustering.records import BadClusterRecord, decode, encode
from service.clustering.steps import STATE_PREFIXES, STEPS, Emit
from service.config import Settings
from service.errors import ConfigError
from service.observability import metrics
from service.observability.health import Health
from service.transport.compacted import read_compacted
from service.transport.kafka import init_transactions, processor_configs
from service.worker.batch import Batch, Output
from service.worker.delivery import Delivery, StaleBatch, make_delivery

log = logging.getLogger(__name__)

STEP_ROLES = ("keys", "matches", "decisions")
BACKOFF_S = 1.0


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, assigner: Assigner) -> None:
        self.assigner = assigner

    def on_partitions_revoked(self, revoked: Any) -> None:
        for tp in revoked:
            self.assigner.state.pop((tp.topic, tp.partition), None)
        log.info("cluster partitions revoked", extra={"partitions": sorted(map(str, revoked))})

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.assigner.joined_at = time.monotonic()
        self.assigner.restore(list(assigned))
        self.assigner.health.set("partitions", True, f"{len(assigned)} assigned")


class Assigner:
    def __init__(self, settings: Settings, *, health: Health | None = None) -> None:
        self.s = settings
        self.health = health or Health()
        self.topics = settings.cluster_topics
        self.role_of = {self.topics[r]: r for r in STEP_ROLES}
        self.exactly_once = settings.delivery_mode == "exactly-once"
        self.transactional_id = f"{settings.cluster_group}-{uuid.uuid4().hex[:12]}"
        self.state: dict[tuple[str, int], Any] = {}
        self.joined_at = 0.0
        self.assigned = 0
        self.skipped = 0
        self._consumer: KafkaConsumer | None = None
        self._delivery: Delivery | None = None
        self.health.expect("broker", "partitions")

    # ------------------------------------------------------------------ state

    def restore(self, tps: list[TopicPartition]) -> None:
        """Fresh step state for `tps`, filled from the state topic."""
        wanted = {(tp.topic, tp.partition) for tp in tps if tp.topic in self.role_of}
        for topic, p in wanted:
            self.state[(topic, p)] = STEPS[self.role_of[topic]](p, self.s.cluster_window_s)
        partitions = sorted({p for _, p in wanted})
        if not partitions:
            return
        started = time.monotonic()
        entries = read_compacted(self.s, self.topics["state"], partitions, timeout_s=60,
                                 read_committed=self.exactly_once, with_partitions=True)
        by_prefix = {prefix: self.topics[role] for prefix, role in STATE_PREFIXES.items()}
        for (p, key), value in entries.items():
            text = key.decode("utf-8", "replace")
            topic = by_prefix.get(text[:2])
            step = self.state.get((topic, p)) if topic else None
            if step is not None:
                try:
                    step.restore(text, decode(value, state=True))
                except (BadClusterRecord, KeyError, TypeError, ValueError) as exc:
                    log.warning("unreadable cluster state entry skipped",
                                extra={"key": text[:200], "error": repr(exc)})
        log.info("cluster state restored", extra={
            "partitions": partitions, "entries": len(entries),
            "seconds": round(time.monotonic() - started, 3)})
        self._observe_state()

    def _observe_state(self) -> None:
        keys, decisions = self.topics["keys"], self.topics["decisions"]
        metrics.CLUSTER_STATE_DOCUMENTS.set(sum(len(st.entries) for (t, _), st in self.state.items()
                                                if t == keys))
        books = [st for (t, _), st in self.state.items() if t == decisions]
        sizes = [len(c["members"]) for book in books for c in book.clusters.values()]
        metrics.CLUSTERS_LIVE.set(len(sizes))
        metrics.CLUSTER_COPIES.set(sum(sizes) - len(sizes))
        metrics.CLUSTER_LARGEST.set(max(sizes, default=0))

    # --------------------------------------------------------------- clients

    def _clients(self) -> tuple[dict[str, Any], dict[str, Any]]:
        s = self.s
        producer, consumer = processor_configs(
            s, group_id=s.cluster_group,
            transactional_id=self.transactional_id if self.exactly_once else None,
            partition_assignment_strategy=[RangePartitionAssignor])
        return producer, consumer

    def _new_producer(self, config: dict[str, Any]) -> KafkaProducer:
        producer = KafkaProducer(**config)
        if self.exactly_once:
            init_transactions(producer, self.s)
        return producer

    def _connect(self, stop: threading.Event) -> bool:
        from service.transport.admin import ensure_topics

        producer_cfg, consumer_cfg = self._clients()
        while not stop.is_set():
            consumer = None
            try:
                consumer = KafkaConsumer(**consumer_cfg)
                ensure_topics(self.s)
                self._check_partitions(consumer)
                consumer.subscribe([self.topics[r] for r in STEP_ROLES], listener=_Rebalance(self))
                self._delivery = make_delivery(
                    self.exactly_once, consumer, lambda: self._new_producer(producer_cfg),
                    session_timeout_s=self.s.kafka_session_timeout_ms / 1000,
                    ack_timeout_s=self.s.kafka_request_timeout_ms / 1000,
                    joined_at=lambda: self.joined_at)
            except KafkaError as exc:
                if consumer is not None:
                    consumer.close(autocommit=False, timeout_ms=1000)
                self.health.set("broker", False, f"connect: {type(exc).__name__}: {exc}")
                stop.wait(BACKOFF_S)
                continue
            self._consumer = consumer
            self.health.set("broker", True, "connected")
            return True
        return False

    def _check_partitions(self, consumer: KafkaConsumer) -> None:
        """Workers route band keys with TOPIC_PARTITIONS; the topics must agree."""
        for role in (*STEP_ROLES, "state"):
            found = consumer.partitions_for_topic(self.topics[role]) or set()
            if len(found) != self.s.topic_partitions:
                raise ConfigError(f"{self.topics[role]} has {len(found)} partitions, "
                                  f"TOPIC_PARTITIONS says {self.s.topic_partitions}: the clustering "
                                  "topics must all have exactly that many")

    # ------------------------------------------------------------------ loop

    def run(self, stop: threading.Event) -> None:
        if not self._connect(stop):
            return
        assert self._consumer is not None and self._delivery is not None
        try:
            while not stop.is_set():
                polled = self._consumer.poll(timeout_ms=500)
                if polled:
                    self._process(polled)
        finally:
            self._delivery.close(timeout_s=2)
            self._consumer.close(autocommit=False, timeout_ms=5000)
            self.health.set("partitions", False, "stopped")

    def _process(self, polled: dict[TopicPartition, list[Any]]) -> None:
        assert self._consumer is not None and self._delivery is not None
        batch = Batch(group=self._consumer.group_metadata())
        assignments: list[dict[str, Any]] = []
        try:
            for tp, records in polled.items():
                batch.covers(tp, records[0].offset, records[-1].offset)
                step = self.state.get((tp.topic, tp.partition))
                for rec in records:
                    batch.count += 1
                    for emit in self._handle(step, tp, rec):
                        if emit.to == "clusters" and emit.value is not None:
                            assignments.append(emit.value)
                        self._delivery.stream(batch, self._output(emit))
            self._deliver(batch)
        except StaleBatch as exc:
            self._rewind(batch, str(exc))
            return
        self.assigned += len(assignments)
        self._observe(assignments)

    def _handle(self, step: Any, tp: TopicPartition, rec: Any) -> list[Emit]:
        if step is None:  # revoked while polled: the next owner handles it
            return []
        try:
            return list(step.handle(decode(rec.value)))
        except (BadClusterRecord, KeyError, TypeError, ValueError) as exc:
            # a malformed record must not stop clustering of everything behind it
            self.skipped += 1
            metrics.CLUSTER_RECORDS_SKIPPED.inc()
            log.warning("cluster record skipped", extra={
                "topic": tp.topic, "partition": tp.partition, "offset": rec.offset,
                "error": repr(exc)[:300]})
            return []

    def _output(self, e: Emit) -> Output:
        value = None if e.value is None else encode(e.value)
        return Output(self.topics[e.to], e.key.encode("utf-8"), value, [], e.partition)

    def _deliver(self, batch: Batch) -> None:
        assert self._delivery is not None
        while True:
            try:
                self._delivery.deliver(batch)
                self.health.set("broker", True, "delivering")
                return
            except KafkaError as exc:
                metrics.PRODUCER_ERRORS.labels(topic=self.topics["clusters"]).inc()
                self.health.set("broker", False, f"deliver: {type(exc).__name__}: {exc}")
                self._delivery.reset(batch)
                time.sleep(BACKOFF_S)

    def _rewind(self, batch: Batch, reason: str) -> None:
        """Abandon the batch: seek back and reload the state its records changed."""
        assert self._consumer is not None
        log.warning("cluster batch abandoned uncommitted", extra={"reason": reason})
        owned = self._consumer.assignment()
        for tp, first in batch.starts.items():
            if tp in owned:
                self._consumer.seek(tp, first)
        self.restore([tp for tp in owned])
        time.sleep(self.s.kafka_heartbeat_interval_ms / 1000)

    def _observe(self, assignments: list[dict[str, Any]]) -> None:
        now = time.time()
        for a in assignments:
            metrics.CLUSTER_ASSIGNMENTS.labels(role=a["role"]).inc()
            seen = datetime.fromisoformat(a["seen"].replace("Z", "+00:00")).timestamp()
            metrics.CLUSTER_ASSIGN_SECONDS.observe(max(0.0, now - seen))
        self._observe_state()
