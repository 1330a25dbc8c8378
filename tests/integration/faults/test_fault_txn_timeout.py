"""Fault test 9 (Apache Kafka): a worker SIGKILLed inside a transaction.
Its transaction stays open (read_committed readers of the partitions it
touched wait) until the broker's transaction timeout, the worker's
KAFKA_MAX_POLL_INTERVAL_MS + KAFKA_REQUEST_TIMEOUT_MS; then the coordinator
aborts it and bumps the producer epoch, which fences the dead producer: a
request with its old epoch would be refused. A new worker then delivers
every id exactly once to read_committed readers; the aborted records stay
invisible. Tansu has no transaction timeout (docs/reliability.md, gap 2), so
this runs on Apache Kafka only."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from faults_harness import (
    ServiceProcess,
    TopicReader,
    duplicates,
    fault_settings,
    publish,
    raw_stories,
    report,
    wait_until,
    worker,
)
from kafka.admin import TransactionState

from service.config import Settings
from service.transport.admin import admin_client
from tests.brokers import RunningBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240),
              pytest.mark.brokers("kafka")]


def _transactions(s: Settings) -> dict[str, Any]:
    """Transactional id -> description, for this test's workers."""
    with admin_client(s) as admin:
        listed = [t for rows in admin.list_transactions().values() for t in rows
                  if t.transactional_id.startswith(f"{s.worker_group}-")]
        if not listed:
            return {}
        return dict(admin.describe_transactions([t.transactional_id for t in listed]))


def _kill_inside_a_transaction(s: Settings, victim: ServiceProcess, attempts: int = 5) -> tuple[str, Any]:
    """SIGKILL the worker while the coordinator has its transaction
    Ongoing; restart and try again when the kill landed between two.
    (transactional id, its description just after the kill)."""
    for _ in range(attempts):
        ongoing = wait_until(lambda: [tid for tid, d in _transactions(s).items()
                                      if d.state == TransactionState.ONGOING], 60,
                             "an ongoing transaction", every=0.05, alive=[victim])
        victim.kill9()
        after = _transactions(s).get(ongoing[0])
        if after is not None and after.state == TransactionState.ONGOING:
            return ongoing[0], after
        victim.start()
    raise AssertionError(f"no kill landed inside a transaction in {attempts} attempts")


def test_a_worker_killed_inside_a_transaction_is_fenced_and_aborted_after_the_timeout(
        own_broker: RunningBroker, tmp_path: Path) -> None:
    s = fault_settings(own_broker.bootstrap, delivery_mode="exactly-once")
    timeout_s = (s.kafka_max_poll_interval_ms + s.kafka_request_timeout_ms) / 1000
    stories = raw_stories(uuid.uuid4().hex[:6], 200, 10)
    ids = {rid for _, _, rid in stories}
    sent = publish(s, stories)
    victim = worker(s, tmp_path, "victim").start()
    try:
        with TopicReader(s, s.enriched_topic, committed=False) as progress:
            wait_until(lambda: progress.distinct() >= 0.1 * sent, 120, "10% of the output",
                       alive=[victim])
            tid, open_txn = _kill_inside_a_transaction(s, victim)
            killed = time.monotonic()
            assert open_txn.transaction_timeout_ms == timeout_s * 1000
            pinned = _pinned(s)
            assert pinned, "read_committed readers wait behind the open transaction"

            aborted = wait_until(
                lambda: _settled(s, tid), timeout_s + 30,
                "the coordinator to abort the dead worker's transaction", every=0.5)
            abort_after_s = time.monotonic() - killed
            started_ago_s = time.time() - open_txn.transaction_start_time_ms / 1000
            assert not _pinned(s), "the abort released every partition"

            survivor = worker(s, tmp_path, "survivor").start()
            try:
                wait_until(lambda: progress.distinct() >= sent, 180, "every id in the output",
                           alive=[survivor])
                code, _ = survivor.terminate(timeout=30)
            finally:
                survivor.ensure_dead()
        with TopicReader(s, s.enriched_topic, committed=True) as final:
            wait_until(lambda: final.distinct() >= sent, 60, "the read_committed verdict")
            time.sleep(1)
            records = final.snapshot()
    finally:
        victim.ensure_dead()
    got = {r.id for r in records}
    dups = duplicates(records)
    report("worker-kill-9-in-transaction", sent=sent, committed_records=len(records),
           missing=len(ids - got), duplicates=dups, transaction_timeout_s=timeout_s,
           abort_after_kill_s=round(abort_after_s, 1),
           transaction_age_at_abort_s=round(started_ago_s, 1),
           epoch_before=open_txn.producer_epoch, epoch_after=aborted.producer_epoch,
           state_after=aborted.state.value, pinned_partitions=pinned)
    # aborted by the timeout, not earlier: the transaction had run at least
    # that long when the coordinator gave up on it (2 s: its sweep interval)
    assert started_ago_s >= timeout_s - 1
    assert abort_after_s <= timeout_s + 15
    # fenced: the coordinator bumped the epoch the dead producer held
    assert aborted.producer_epoch > open_txn.producer_epoch
    assert code == 0
    assert got == ids
    assert dups == 0


def _settled(s: Settings, transactional_id: str) -> Any:
    """The transaction's description once the coordinator aborted it."""
    description = _transactions(s).get(transactional_id)
    if description is not None and description.state in (TransactionState.COMPLETE_ABORT,
                                                          TransactionState.EMPTY):
        return description
    return None


def _pinned(s: Settings) -> list[int]:
    """Enriched partitions whose last stable offset is below their end."""
    uncommitted = TopicReader(s, s.enriched_topic, committed=False).end_offsets()
    stable = TopicReader(s, s.enriched_topic, committed=True).end_offsets()
    return sorted(p for p, end in uncommitted.items() if stable.get(p, 0) < end)
