"""Readiness and logging while the broker comes and goes.

The worker reports what it sees after every broker interaction; this turns
that stream into a `broker` health check and at most one warning per
interval while the broker is unreachable (not one per message), plus one
line when it comes back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from service.observability import metrics
from service.observability.health import Health

log = logging.getLogger(__name__)


class BrokerWatch:
    def __init__(self, health: Health, *, log_interval_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._health = health
        self._interval = log_interval_s
        self._clock = clock
        self._down_since: float | None = None
        self._last_log: float | None = None
        self.warnings_logged = 0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def up(self, detail: str = "connected") -> None:
        """The broker answered."""
        self._health.set("broker", True, detail)
        metrics.BROKER_UP.set(1)
        if self._down_since is not None:
            log.info("broker reachable again", extra={
                "unreachable_s": round(self._clock() - self._down_since, 1)})
        self._down_since = None
        self._last_log = None

    def failed(self, cause: str) -> None:
        """The broker did not answer or refused; `cause` says how."""
        now = self._clock()
        self._health.set("broker", False, cause)
        metrics.BROKER_UP.set(0)
        if self._down_since is None:
            self._down_since = now
        if self._last_log is None or now - self._last_log >= self._interval:
            self._last_log = now
            self.warnings_logged += 1
            log.warning("broker unreachable; retrying", extra={
                "error": cause, "unreachable_s": round(now - self._down_since, 1)})
