"""Fault test 6 and the poller part of test 5: a real poller process
killed with SIGKILL right after a feed response with new entries was
served (between fetch and publish), three times, then restarted; finally
stopped with SIGTERM. No entry may be lost; an entry may be published twice
only if it was in flight (published, feed state not yet saved) at a kill."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from faults_feeds import GrowingFeed, poller
from faults_harness import TopicReader, fault_settings, report, wait_until

from service.transport.admin import ensure_topics
from service.transport.embedded import EmbeddedBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(180)]

KILLS = 3


def test_poller_killed_between_fetch_and_publish_loses_nothing(own_broker: EmbeddedBroker,
                                                              tmp_path: Path) -> None:
    s = fault_settings(own_broker.bootstrap, min_poll_interval_s=0.5)
    ensure_topics(s)
    in_flight: list[int] = []
    with GrowingFeed(uuid.uuid4().hex[:6], rate=4, limit=400) as feed, \
            TopicReader(s, s.raw_topic, committed=False, ids="raw") as raw:
        proc = poller(s, feed, tmp_path).start()
        killed = threading.Event()
        armed = threading.Event()

        def kill_after_serving(count: int) -> None:
            published = len(raw.ids_seen())
            if armed.is_set() and count > published:
                armed.clear()
                proc.kill9()  # the poller has the body; it has not published it yet
                in_flight.append(count - published)
                killed.set()

        feed.on_serve = kill_after_serving
        try:
            for _ in range(KILLS):
                before = len(raw.ids_seen())
                wait_until(lambda b=before: len(raw.ids_seen()) > b + 5, 60, "new entries published",
                           alive=[proc])
                killed.clear()
                armed.set()
                wait_until(killed.is_set, 30, "a poll to kill")
                proc.start()
            total = feed.stop_growing()
            wanted = {feed.item_id(n) for n in range(total)}
            wait_until(lambda: wanted <= raw.ids_seen(), 60, "every entry published", alive=[proc])
            code, exit_s = proc.terminate(timeout=s.shutdown_grace_s + 10)
            time.sleep(0.5)
            records = raw.snapshot()
        finally:
            feed.on_serve = None
            proc.ensure_dead()
    counts = Counter(r.id for r in records)
    dups = sum(n - 1 for n in counts.values())
    report("poller-kill-9", entries=total, published_records=len(records),
           missing=len(wanted - set(counts)), duplicates=dups, kills=len(in_flight),
           in_flight_at_kills=in_flight, sigterm_exit_code=code, sigterm_exit_s=round(exit_s, 1))
    assert set(counts) == wanted
    assert dups <= sum(in_flight)
    assert code == 0 and exit_s < s.shutdown_grace_s
