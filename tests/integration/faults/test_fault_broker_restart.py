"""Fault test 11 (issue 12, item 3): the broker killed under a busy worker
and restarted empty (Tansu with memory storage: a new process on the same
port knows no topic, group, offset or producer id). The worker must
recover without a restart: re-create the topics (saying which), rebuild
its producer and consumer, and enrich new records; in both delivery modes.

Figures: seconds from the restart to the topics re-created and to the first
and last new record enriched; new records enriched within the window."""

from __future__ import annotations

import signal
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from faults_harness import (
    TopicReader,
    fault_settings,
    publish,
    raw_stories,
    report,
    wait_until,
    with_mode,
    worker,
)
from kafka.admin import KafkaAdminClient

from service.transport.embedded import EmbeddedBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

NEW = 300
WINDOW_S = 60.0


def _topics(bootstrap: str) -> set[str]:
    try:
        admin = KafkaAdminClient(bootstrap_servers=[bootstrap], request_timeout_ms=3000)
    except Exception:
        return set()
    try:
        return set(admin.list_topics())
    except Exception:
        return set()
    finally:
        admin.close()


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_worker_recovers_from_a_broker_restarted_empty(tmp_path: Path, mode: str) -> None:
    broker = EmbeddedBroker().start()
    s = with_mode(fault_settings(broker.bootstrap), mode)
    run = uuid.uuid4().hex[:6]
    first = raw_stories(run + "a", 200, 10)
    proc = worker(s, tmp_path, f"w-{mode}").start()
    try:
        sent = publish(s, first)
        with TopicReader(s, s.enriched_topic, committed=mode == "exactly-once") as out:
            wait_until(lambda: out.distinct() >= 0.2 * sent, 90, "20% of the first records",
                       alive=[proc])
        assert broker._proc is not None
        broker._proc.send_signal(signal.SIGKILL)  # busy: a batch in hand
        broker._proc.wait(10)
        broker._proc = None
        time.sleep(2)
        broker.start()  # same port, memory storage: empty
        restarted, restarted_wall = time.monotonic(), time.time()
        wanted_topics = {s.raw_topic, s.enriched_topic, s.dlq_topic}
        topics_s: float | None = None
        while time.monotonic() - restarted < 30:
            if wanted_topics <= _topics(broker.bootstrap):
                topics_s = round(time.monotonic() - restarted, 1)
                break
            time.sleep(0.5)
        second = raw_stories(run + "b", NEW, 1)
        publish(s, second)  # creates the topics itself if the worker did not
        new_ids = {rid for _, _, rid in second}
        with TopicReader(s, s.enriched_topic, committed=mode == "exactly-once") as out:
            deadline = time.monotonic() + WINDOW_S
            first_s = None
            while time.monotonic() < deadline and not new_ids <= out.ids_seen():
                if first_s is None and out.ids_seen() & new_ids:
                    first_s = round(time.monotonic() - restarted, 1)
                if not proc.alive():
                    break
                time.sleep(0.5)
            got = len(out.ids_seen() & new_ids)
            all_s = round(time.monotonic() - restarted, 1) if got == NEW else None
        alive = proc.alive()
        code = proc.terminate(timeout=30)[0] if alive else proc.proc.poll()  # type: ignore[union-attr]
    finally:
        proc.ensure_dead()
        broker.stop()
    # topics the worker says it re-created (Tansu may already have auto-created the
    # input topic for the consumer's metadata requests)
    said = [e.get("topics") for e in proc.log_events("created topics")
            if datetime.fromisoformat(e["ts"]).timestamp() >= restarted_wall]
    rebuilt = proc.log_events("rebuilding Kafka clients")
    report(f"broker-restarted-empty/{mode}", new_records=NEW, enriched_within_window=got,
           window_s=WINDOW_S, topics_recreated_after_s=topics_s, first_enriched_after_s=first_s,
           all_enriched_after_s=all_s, client_rebuilds=len(rebuilt), worker_starts=proc.starts,
           exit_code=code)
    assert alive and proc.starts == 1 and code == 0
    assert topics_s is not None, "the worker did not re-create the topics"
    assert said and {s.enriched_topic, s.dlq_topic} & set(said[0]), said
    assert got == NEW, f"{got} of {NEW} new records enriched within {WINDOW_S}s"
