"""Fault test 7: a worker frozen (SIGSTOP) past its session timeout loses
its partitions to the other worker; when it thaws (SIGCONT) the batch it
was holding must not be committed over the new owner's work. The output
still holds every id (exactly once in exactly-once mode)."""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import pytest
from faults_harness import (
    TopicReader,
    duplicates,
    fault_settings,
    order_violations,
    publish,
    raw_stories,
    report,
    wait_until,
    worker,
)

from tests.brokers import RunningBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(180)]


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_a_frozen_worker_is_fenced_when_it_thaws(own_broker: RunningBroker, tmp_path: Path,
                                                 mode: str) -> None:
    s = fault_settings(own_broker.bootstrap, delivery_mode=mode)
    stories = raw_stories(uuid.uuid4().hex[:6], 600, 10)
    ids = {rid for _, _, rid in stories}
    sent = publish(s, stories)
    workers = [worker(s, tmp_path, f"w{i}").start() for i in range(2)]
    zombie, survivor = workers
    try:
        with TopicReader(s, s.enriched_topic, committed=False) as progress:
            wait_until(lambda: zombie.log_events("partitions assigned")
                       and progress.distinct() >= 0.25 * sent, 90, "25% of the output", alive=workers)
            zombie.send(signal.SIGSTOP)
            frozen = time.monotonic()
            wait_until(lambda: _owns(survivor) == s.topic_partitions, 60,
                       "the survivor to own every partition", alive=[survivor])
            takeover_s = time.monotonic() - frozen
            time.sleep(max(0.0, s.kafka_session_timeout_ms / 1000 + 3 - takeover_s))
            zombie.send(signal.SIGCONT)
            frozen_s = time.monotonic() - frozen
            wait_until(lambda: progress.distinct() >= sent, 120, "every id in the output", alive=workers)
        codes = [w.terminate(timeout=30)[0] for w in workers]
        with TopicReader(s, s.enriched_topic, committed=(mode == "exactly-once")) as final:
            wait_until(lambda: final.distinct() >= sent, 60, "the verdict read")
            time.sleep(1)
            records = final.snapshot()
    finally:
        for w in workers:
            w.ensure_dead()
    refused = [e for e in zombie.log_events("batch abandoned uncommitted")]
    got = {r.id for r in records}
    dups = duplicates(records)
    report(f"worker-frozen/{mode}", sent=sent, enriched_records=len(records),
           missing=len(ids - got), duplicates=dups, frozen_s=round(frozen_s, 1),
           takeover_s=round(takeover_s, 1), zombie_batches_refused=len(refused),
           refusal=refused[0]["reason"] if refused else None)
    assert codes == [0, 0]
    assert got == ids
    assert not order_violations(records)
    if mode == "exactly-once" and own_broker.kind == "kafka":
        assert dups == 0  # the zombie's refused batch was aborted: invisible to read_committed
    elif mode == "exactly-once":
        # Tansu 0.6.0 shows aborted records to read_committed readers (gap 1
        # in docs/reliability.md), so the refused batch can appear once more,
        # at most one refused batch each, and never as a missing or reordered id.
        assert dups <= len(refused) * s.max_in_flight
    else:
        assert dups <= s.max_in_flight


def _owns(proc: object) -> int:
    events = proc.log_events("partitions assigned")  # type: ignore[attr-defined]
    return len(events[-1].get("partitions") or []) if events else 0
