"""Readiness and logging while the broker comes and goes.

The worker reports what it sees after every broker interaction; this turns
that stream into a `broker` health check and at most one warning per
interval while the broker is unreachable (not one per message), plus one
line when it comes back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from kafka.structs import MemberState

from service.observability import metrics
from service.observability.health import Health

log = logging.getLogger(__name__)


class BrokerWatch:
    """Two sources report: the worker loop (`up`/`failed`, after each
    broker interaction) and the liveness probe (`probed`, from its own
    thread, see service/transport/probe.py). The broker counts as down while
    either has a problem, so a loop that is blocked in a long request (and so
    reports nothing) cannot hide a stall the probe sees, and a probe that
    still gets answers cannot hide failing deliveries."""

    def __init__(self, health: Health, *, log_interval_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._health = health
        self._interval = log_interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._problems: dict[str, str] = {}
        self._down_since: float | None = None
        self._last_log: float | None = None
        self.warnings_logged = 0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def up(self, detail: str = "connected") -> None:
        """The broker answered the worker loop."""
        self._report("loop", None, detail)

    def failed(self, cause: str) -> None:
        """The broker did not answer or refused; `cause` says how."""
        self._report("loop", cause)

    def probed(self, problem: str | None) -> None:
        """What the liveness probe found (None: the broker answered)."""
        self._report("probe", f"probe: {problem}" if problem else None)

    def _report(self, source: str, problem: str | None, detail: str = "connected") -> None:
        with self._lock:
            now = self._clock()
            if problem is None:
                self._problems.pop(source, None)
            else:
                self._problems[source] = problem
            if not self._problems:
                self._health.set("broker", True, detail)
                metrics.BROKER_UP.set(1)
                if self._down_since is not None:
                    log.info("broker reachable again", extra={
                        "unreachable_s": round(now - self._down_since, 1)})
                self._down_since = None
                # _last_log is kept: an outage that flaps is logged once per interval
                return
            cause = "; ".join(self._problems.values())
            self._health.set("broker", False, cause)
            metrics.BROKER_UP.set(0)
            if self._down_since is None:
                self._down_since = now
            if self._last_log is None or now - self._last_log >= self._interval:
                self._last_log = now
                self.warnings_logged += 1
                log.warning("broker unreachable; retrying", extra={
                    "error": cause, "unreachable_s": round(now - self._down_since, 1)})


def consumer_broker_problem(consumer: Any, session_timeout_s: float,
                            now: Callable[[], float] = time.monotonic) -> str | None:
    """Why `consumer` looks cut off from the broker, or None when it does not.

    kafka-python's `poll` does not raise when the broker goes away; it
    returns nothing. Two signs are read from the client instead: no open
    connection to any known broker, or, while the member is in a stable
    group, no heartbeat answered for a whole session timeout (a frozen broker
    keeps its sockets open). During a rebalance heartbeats pause by design,
    so silence then means nothing."""
    client: Any = getattr(consumer, "_client", None)
    try:
        nodes = [b.node_id for b in client.cluster.brokers()] if client is not None else []
        if nodes and not any(client.connected(n) for n in nodes):
            return "no connection to any broker"
    except AttributeError:  # kafka-python internals moved: fall back on heartbeats alone
        pass
    coordinator = getattr(consumer, "_coordinator", None)
    heartbeat = getattr(coordinator, "heartbeat", None)
    if heartbeat is None or consumer.group_metadata().state != MemberState.STABLE:
        return None
    silent = now() - max(heartbeat.last_receive, heartbeat.last_reset)
    if silent > session_timeout_s:
        return f"no heartbeat answered by the group coordinator for {silent:.0f}s"
    return None
