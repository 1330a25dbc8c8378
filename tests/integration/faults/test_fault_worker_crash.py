"""Fault tests 1, 2 and 8: two real worker processes, one of them killed
with SIGKILL three times mid-stream; every raw article must come out
(at-least-once: duplicates bounded by the uncommitted window; exactly-once,
read with read_committed: exactly once), and each key's versions in order."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
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

# Apache Kafka holds a killed worker's partitions until its transaction times
# out (25 s here) after each kill, hence the longer limit.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]

KEYS, VERSIONS = 2000, 10  # 20,000 raw articles
KILL_AT = (0.2, 0.45, 0.7)  # fraction of distinct ids out before each kill


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_kill_9_a_worker_three_times(own_broker: RunningBroker, tmp_path: Path, mode: str) -> None:
    s = fault_settings(own_broker.bootstrap, delivery_mode=mode)
    run = uuid.uuid4().hex[:6]
    stories = raw_stories(run, KEYS, VERSIONS)
    ids = {rid for _, _, rid in stories}
    sent = publish(s, stories)
    workers = [worker(s, tmp_path, f"w{i}").start() for i in range(2)]
    victim = workers[0]
    started = time.monotonic()
    recover_s: list[float] = []
    try:
        # progress is watched uncommitted (it moves even while a transaction
        # is open); the verdict is read as the mode promises
        with TopicReader(s, s.enriched_topic, committed=False) as progress:
            for fraction in KILL_AT:
                wait_until(lambda f=fraction: progress.distinct() >= f * sent, 120,
                           f"{fraction:.0%} of the output", alive=workers)
                victim.kill9()
                killed_at = datetime.now(UTC)
                victim.start()
                assigned = wait_until(lambda: victim.assigned_at(victim.starts), 60,
                                      "the restarted worker to get partitions", alive=workers)
                recover_s.append(round((assigned - killed_at).total_seconds(), 1))
            wait_until(lambda: progress.distinct() >= sent, 240, "every id in the output", alive=workers)
            elapsed = time.monotonic() - started
        codes = [w.terminate(timeout=30)[0] for w in workers]
        with TopicReader(s, s.enriched_topic, committed=(mode == "exactly-once")) as final:
            # Tansu never aborts a dead producer's transaction: the partitions
            # it pinned stay pinned. Apache Kafka aborts it after the timeout.
            pinned = _pinned_partitions(final) if own_broker.kind == "tansu" else []
            wait_until(lambda: final.distinct() >= sent or pinned, 90, "the verdict read")
            time.sleep(1)
            out = final.snapshot()
    finally:
        for w in workers:
            w.ensure_dead()
    got = {r.id for r in out}
    dups = duplicates(out)
    violations = order_violations(out)
    report(f"worker-kill-9/{mode}", sent=sent, enriched_records=len(out), distinct=len(got),
           missing=len(ids - got), duplicates=dups, uncommitted_window=2 * s.max_in_flight,
           kills=len(KILL_AT), recover_s=recover_s, seconds=round(elapsed, 1),
           records_per_s=round(sent / elapsed), pinned_partitions=pinned,
           order_violations=len(violations))
    assert codes == [0, 0]
    assert not violations, violations[:5]
    if mode == "exactly-once" and pinned:
        pytest.xfail(f"Tansu left partitions {pinned} pinned by the open transaction of a killed "
                     "worker (no transaction timeout); see docs/reliability.md")
    assert got == ids
    if mode == "exactly-once":
        assert dups == 0
    else:
        # each kill can replay at most the batch in hand of the killed worker
        assert dups <= len(KILL_AT) * s.max_in_flight


def _pinned_partitions(reader: TopicReader) -> list[int]:
    """Partitions whose last stable offset stays below the end once every
    worker has stopped: only an open transaction of a killed producer can
    hold them there."""
    if reader.isolation != "read_committed":
        return []
    from faults_harness import TopicReader as Reader

    uncommitted = Reader(reader.s, reader.topic, committed=False).end_offsets()
    stable = reader.end_offsets()
    return sorted(p for p, end in uncommitted.items() if stable.get(p, 0) < end)
