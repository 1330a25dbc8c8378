"""Fault test 3: the broker frozen (SIGSTOP) for 15 s mid-stream, then
resumed (SIGCONT). Two workers and a poller must ride it out without a
restart: not ready while the broker is away (logging the cause once per
interval, not per record), ready again after, and nothing lost."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from faults_feeds import GrowingFeed, poller
from faults_harness import (
    TopicReader,
    duplicates,
    fault_settings,
    publish,
    raw_stories,
    ready,
    report,
    wait_until,
    worker,
)

from service.transport.embedded import EmbeddedBroker, free_port

# Tansu only (CI time): the client side of a frozen broker (readiness, retry,
# no restart) does not depend on which broker froze.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(200),
              pytest.mark.brokers("tansu")]

FREEZE_S = 15



def test_broker_frozen_15s_everyone_recovers_without_restart(own_broker: EmbeddedBroker,
                                                            tmp_path: Path) -> None:
    s = fault_settings(own_broker.bootstrap, min_poll_interval_s=0.5)
    run = uuid.uuid4().hex[:6]
    stories = raw_stories(run, 600, 10)
    sent = publish(s, stories)
    ports = [free_port(), free_port()]
    workers = [worker(s, tmp_path, f"w{i}", HTTP_LISTEN=f"127.0.0.1:{port}").start()
               for i, port in enumerate(ports)]
    assert own_broker.pid is not None
    with GrowingFeed(run, rate=2, limit=400) as feed, \
            TopicReader(s, s.enriched_topic, committed=False) as out:
        poll = poller(s, feed, tmp_path).start()
        procs = [*workers, poll]
        try:
            wait_until(lambda: all(ready(p) for p in ports), 60, "workers ready", alive=procs)
            wait_until(lambda: out.distinct() >= 0.3 * sent, 90, "30% of the output", alive=procs)
            os.kill(own_broker.pid, signal.SIGSTOP)
            try:
                frozen = time.monotonic()
                seen_not_ready = set()
                while time.monotonic() - frozen < FREEZE_S:
                    seen_not_ready |= {p for p in ports if ready(p) is False}
                    time.sleep(0.5)
                out_at_thaw = out.distinct()
            finally:
                os.kill(own_broker.pid, signal.SIGCONT)
            thawed = time.monotonic()
            wait_until(lambda: out.distinct() > out_at_thaw, 60, "output moving again", alive=procs)
            resumed_s = time.monotonic() - thawed
            wait_until(lambda: all(ready(p) for p in ports), 60, "workers ready again", alive=procs)
            ready_s = time.monotonic() - thawed
            total = feed.stop_growing()
            wanted = {rid for _, _, rid in stories} | {feed.item_id(n) for n in range(total)}
            wait_until(lambda: wanted <= out.ids_seen(), 120, "every story and feed entry enriched",
                       alive=procs)
            codes = [p.terminate(timeout=30)[0] for p in procs]
            records = out.snapshot()
        finally:
            for p in procs:
                p.ensure_dead()
    warnings = {w.name: len(w.log_events("broker unreachable; retrying")) for w in workers}
    report("broker-freeze", sent=sent, feed_entries=total, enriched_records=len(records),
           missing=len(wanted - {r.id for r in records}), duplicates=duplicates(records),
           freeze_s=FREEZE_S, output_resumed_after_s=round(resumed_s, 1),
           ready_again_after_s=round(ready_s, 1), reported_not_ready=len(seen_not_ready),
           unreachable_warnings=warnings)
    assert codes == [0, 0, 0]
    assert wanted <= {r.id for r in records}
    assert seen_not_ready == set(ports), "a worker stayed ready with the broker frozen"
    # once per interval (30 s) while unreachable, not once per record or poll
    assert all(1 <= n <= 2 for n in warnings.values()), warnings
