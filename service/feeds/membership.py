"""Pollers share the feeds through a consumer group on the feeds topic: an
instance polls exactly the feeds on its assigned partitions. On a
rebalance the old owner finishes its polls and flushes their state before
giving the partitions up; the new owner reads that state back before it
polls. Offsets are never committed: every assignment is read from the
beginning, since the (compacted) topic is the set of definitions."""

from __future__ import annotations

import logging
import threading
from typing import Any

from kafka import ConsumerRebalanceListener, TopicPartition

from service.config import Settings
from service.feeds.catalog import decode_feed
from service.feeds.poller import Poller
from service.feeds.state import FeedState
from service.transport.compacted import read_compacted
from service.transport.kafka import make_consumer

log = logging.getLogger(__name__)


class FeedMembership(ConsumerRebalanceListener):
    def __init__(self, settings: Settings, poller: Poller) -> None:
        self._s = settings
        self._poller = poller
        self._consumer: Any = None
        self._partition_of: dict[str, int] = {}
        self.assigned: frozenset[int] = frozenset()
        self._pending: list[int] = []
        self._pending_lock = threading.Lock()
        self.joined = threading.Event()

    # ----------------------------------------------------------- rebalance

    def on_partitions_revoked(self, revoked: Any) -> None:
        gone = {tp.partition for tp in revoked if tp.topic == self._s.feeds_topic}
        ids = [fid for fid, p in self._partition_of.items() if p in gone]
        # Blocking here holds up this member's rejoin, which is the point: the
        # next owner must not start before our last polls and state are out.
        # Bounded well inside the session timeout: this blocks the consumer's IO thread.
        self._poller.release(ids, timeout=min(self._s.http_total_timeout_s + 2,
                                              self._s.kafka_session_timeout_ms / 2000))
        for fid in ids:
            self._partition_of.pop(fid, None)
        self.assigned = self.assigned - gone
        log.info("released %d feeds on partitions %s", len(ids), sorted(gone))

    def on_partitions_assigned(self, assigned: Any) -> None:
        # Runs on the consumer's IO thread, where blocking client calls are
        # forbidden: pause the new partitions, and restore their state from
        # the membership thread before their definitions are read.
        mine = sorted(tp.partition for tp in assigned if tp.topic == self._s.feeds_topic)
        if mine:
            tps = [TopicPartition(self._s.feeds_topic, p) for p in mine]
            self._consumer.pause(*tps)
            self._consumer.seek_to_beginning(*tps)
            with self._pending_lock:
                self._pending.extend(mine)
        self.assigned = self.assigned | frozenset(mine)
        log.info("assigned feed partitions %s", mine)

    def _restore_pending(self) -> None:
        with self._pending_lock:
            mine, self._pending = sorted(set(self._pending) & self.assigned), []
        if mine:
            self._poller.restore_states(self._read_states(mine))
            self._consumer.resume(*[TopicPartition(self._s.feeds_topic, p) for p in mine])
        self.joined.set()

    def _read_states(self, partitions: list[int]) -> list[FeedState]:
        feeds_parts = self._consumer.partitions_for_topic(self._s.feeds_topic) or set()
        state_parts = self._consumer.partitions_for_topic(self._s.feed_state_topic) or set()
        # same partition count and key: a feed's state sits on its feed's partition number
        aligned = len(feeds_parts) == len(state_parts)
        raw = read_compacted(self._s, self._s.feed_state_topic, partitions if aligned else None)
        states: list[FeedState] = []
        for key, value in raw.items():
            try:
                states.append(FeedState.from_bytes(value))
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("ignoring unreadable state for %r: %s", key, exc)
        return states

    # ---------------------------------------------------------------- loop

    def run(self, stop: threading.Event) -> None:
        """Consume definitions until `stop`; leaves the group on return."""
        self._consumer = make_consumer(self._s, group_id=self._s.poller_group)
        try:
            self._consumer.subscribe([self._s.feeds_topic], listener=self)
            while not stop.is_set():
                batches = self._consumer.poll(timeout_ms=200)
                if self._pending:
                    self._restore_pending()
                for tp, records in batches.items():
                    for rec in records:
                        self._apply(tp.partition, rec.key, rec.value)
        finally:
            self._consumer.close()

    def _apply(self, partition: int, key: bytes | None, value: bytes | None) -> None:
        if key is None:
            return
        fid = key.decode("utf-8", "replace")
        if value is None:
            self._poller.remove_feed(fid)
            self._partition_of.pop(fid, None)
            return
        try:
            feed = decode_feed(value)
        except Exception as exc:  # a bad definition must not stop the others
            log.warning("ignoring invalid feed definition %r: %s", fid, exc)
            return
        self._partition_of[feed.id] = partition
        self._poller.upsert_feed(feed)
