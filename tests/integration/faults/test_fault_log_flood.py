"""Fault test 13 (issue 12, item 9): with the broker gone (killed, not
restarted), a worker and a poller must not flood the log with the Kafka
client's connection errors: the client library's repeated lines are
rate-limited per kind, the service's own "broker unreachable" line stays.

Figure: log lines per process in WINDOW_S seconds of outage, the client
library's and the service's own."""

from __future__ import annotations

import signal
import time
import uuid
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from faults_feeds import GrowingFeed, poller
from faults_harness import (
    ServiceProcess,
    fault_settings,
    publish,
    raw_stories,
    report,
    wait_until,
    worker,
)

from service.transport.embedded import EmbeddedBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(150)]

WINDOW_S = 40.0
# the client library's lines allowed per process in the window (89 and 149 before the
# rate limit): a dozen or so
# kinds, each at most once per 30 s
MAX_CLIENT_LINES = 30


def _lines_after(proc: ServiceProcess, since: float) -> list[dict[str, object]]:
    out = []
    for line in proc.logs().splitlines():
        if line.startswith("{"):
            event = orjson.loads(line)
            if datetime.fromisoformat(str(event["ts"])).timestamp() >= since:
                out.append(event)
    return out


def test_client_connection_errors_do_not_flood_the_log(tmp_path: Path) -> None:
    broker = EmbeddedBroker().start()
    s = fault_settings(broker.bootstrap, min_poll_interval_s=0.5)
    run = uuid.uuid4().hex[:6]
    publish(s, raw_stories(run, 50, 2))
    procs: list[ServiceProcess] = []
    try:
        with GrowingFeed(run, rate=2, limit=100) as feed:
            procs = [worker(s, tmp_path, "w").start(), poller(s, feed, tmp_path).start()]
            wait_until(lambda: all(p.log_events("partitions assigned") or
                                   p.log_events("assigned feed partitions [0, 1, 2, 3]")
                                   for p in procs), 60, "both running", alive=procs)
            broker.stop()
            gone = time.time()
            time.sleep(WINDOW_S)
            counts = {}
            for p in procs:
                events = _lines_after(p, gone)
                client = [e for e in events if str(e.get("logger", "")).startswith("kafka")]
                own = [e for e in events if "broker unreachable" in str(e.get("msg", ""))]
                counts[p.name] = {"client_lines": len(client), "own_unreachable_lines": len(own),
                                  "all_lines": len(events)}
            for p in procs:
                p.send(signal.SIGTERM)
            for p in procs:
                assert p.proc is not None
                p.proc.wait(30)
    finally:
        for p in procs:
            p.ensure_dead()
        broker.stop()
    report("broker-gone-log-lines", window_s=WINDOW_S, per_process=counts)
    for name, c in counts.items():
        assert c["client_lines"] <= MAX_CLIENT_LINES, (name, c)
        assert 1 <= c["own_unreachable_lines"] <= 3, (name, c)
