"""Fault test 9 (issue 12, items 4 and 5): the broker frozen (SIGSTOP) under
a busy worker and a poller running with the *default* Kafka timeouts
(session 10 s, request 30 s). Both must report not ready and log "broker
unreachable" within about 10 s, and SIGTERM while the broker is still
frozen must make them exit 0 within SHUTDOWN_GRACE_S, saying what they
abandoned. After the thaw a new worker re-delivers the abandoned batch:
nothing is lost.

Figures: seconds from the freeze to /readyz 503 and to the log line, seconds
from SIGTERM to exit, exit codes."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from faults_feeds import GrowingFeed, poller
from faults_harness import (
    ServiceProcess,
    TopicReader,
    fault_settings,
    publish,
    raw_stories,
    ready,
    report,
    wait_until,
    worker,
)

from service.transport.embedded import EmbeddedBroker, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

GRACE_S = 10.0
READY_WITHIN_S = 12.0  # "about 10 s" with default settings
WATCH_S = 25.0  # how long the test looks for a 503 before giving up



def _first_log_after(proc: ServiceProcess, message: str, since_wall: float) -> float | None:
    for event in proc.log_events(message):
        from datetime import datetime
        at = datetime.fromisoformat(event["ts"]).timestamp()
        if at >= since_wall:
            return round(at - since_wall, 1)
    return None


def test_frozen_broker_with_default_timeouts(own_broker: EmbeddedBroker, tmp_path: Path) -> None:
    # the Kafka timeouts of the defaults, not the fault suite's short ones
    s = fault_settings(own_broker.bootstrap, kafka_session_timeout_ms=10000,
                       kafka_heartbeat_interval_ms=3000, kafka_max_poll_interval_ms=60000,
                       kafka_request_timeout_ms=30000, shutdown_grace_s=GRACE_S,
                       min_poll_interval_s=0.5)
    run = uuid.uuid4().hex[:6]
    stories = raw_stories(run, 600, 10)
    sent = publish(s, stories)
    ports = {"worker": free_port(), "poller": free_port()}
    assert own_broker.pid is not None
    with GrowingFeed(run, rate=5, limit=2000) as feed, \
            TopicReader(s, s.enriched_topic, committed=False) as out:
        work = worker(s, tmp_path, "w", HTTP_LISTEN=f"127.0.0.1:{ports['worker']}").start()
        poll = poller(s, feed, tmp_path)
        poll.extra_env["HTTP_LISTEN"] = f"127.0.0.1:{ports['poller']}"
        poll.start()
        procs = {"worker": work, "poller": poll}
        late: ServiceProcess | None = None
        try:
            wait_until(lambda: all(ready(p) for p in ports.values()), 60, "both ready",
                       alive=procs.values())
            wait_until(lambda: out.distinct() >= 0.1 * sent, 90, "10% of the output",
                       alive=procs.values())
            os.kill(own_broker.pid, signal.SIGSTOP)
            frozen, frozen_wall = time.monotonic(), time.time()
            try:
                not_ready_s: dict[str, float | None] = dict.fromkeys(ports)
                while time.monotonic() - frozen < WATCH_S and None in not_ready_s.values():
                    for name, port in ports.items():
                        if not_ready_s[name] is None and ready(port) is False:
                            not_ready_s[name] = round(time.monotonic() - frozen, 1)
                    time.sleep(0.25)
                exits: dict[str, tuple[int | None, float]] = {}
                for proc in procs.values():
                    proc.send(signal.SIGTERM)
                termed = time.monotonic()
                for name, proc in procs.items():
                    assert proc.proc is not None
                    try:
                        code: int | None = proc.proc.wait(GRACE_S + 30)
                    except Exception:
                        code = None
                    exits[name] = (code, round(time.monotonic() - termed, 1))
            finally:
                os.kill(own_broker.pid, signal.SIGCONT)
            logged_s = {name: _first_log_after(proc, "broker unreachable; retrying", frozen_wall)
                        for name, proc in procs.items()}
            logged_s["poller"] = logged_s["poller"] or _first_log_after(
                poll, "broker unreachable; the client keeps retrying", frozen_wall)
            abandoned = {name: [e.get("abandoned") for e in proc.log_events("shutdown: abandoned")]
                         for name, proc in procs.items()}
            # nothing lost: a new worker re-delivers what the stopped one abandoned
            late = worker(s, tmp_path, "w-after").start()
            ids = {rid for _, _, rid in stories}
            wait_until(lambda: ids <= out.ids_seen(), 150, "every story enriched", alive=[late])
            missing = len(ids - out.ids_seen())
            late.terminate(timeout=30)
        finally:
            for p in (*procs.values(), *([late] if late else [])):
                p.ensure_dead()
    report("broker-frozen-default-timeouts", broker=getattr(own_broker, "kind", "tansu"), grace_s=GRACE_S, not_ready_after_s=not_ready_s,
           unreachable_logged_after_s=logged_s, exit_code_and_s=exits, abandoned=abandoned,
           sent=sent, missing=missing)
    for name in ports:
        assert not_ready_s[name] is not None and not_ready_s[name] <= READY_WITHIN_S, \
            f"{name}: /readyz still 200 {WATCH_S}s into the freeze: {not_ready_s}"
        assert logged_s[name] is not None and logged_s[name] <= READY_WITHIN_S, logged_s
        code, took = exits[name]
        assert code == 0 and took < GRACE_S, f"{name}: exit {code} after {took}s (grace {GRACE_S}s)"
    assert abandoned["worker"], "the worker did not say what it abandoned"
    assert abandoned["poller"], "the poller did not say what it abandoned"
    assert missing == 0
