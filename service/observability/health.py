"""Liveness and readiness, as named checks that components report into.

A component calls `health.set("broker", ok, detail)`; `/readyz` and
`wire-ingest healthcheck` are ready when every registered check is ok.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CheckState:
    ok: bool
    detail: str
    since: float


class Health:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._checks: dict[str, CheckState] = {}
        self._status_providers: dict[str, Callable[[], Any]] = {}

    def expect(self, *checks: str) -> None:
        """Declare checks that must report ok before the process is ready."""
        with self._lock:
            for name in checks:
                self._checks.setdefault(name, CheckState(False, "not reported yet", self._clock()))

    def set(self, check: str, ok: bool, detail: str = "") -> None:
        with self._lock:
            previous = self._checks.get(check)
            if previous is not None and previous.ok == ok and previous.detail == detail:
                return
            since = previous.since if previous is not None and previous.ok == ok else self._clock()
            self._checks[check] = CheckState(ok, detail, since)

    def ready(self) -> tuple[bool, dict[str, dict[str, Any]]]:
        with self._lock:
            checks = dict(self._checks)
        report = {name: {"ok": s.ok, "detail": s.detail, "since": s.since} for name, s in checks.items()}
        return bool(checks) and all(s.ok for s in checks.values()), report

    def add_status(self, name: str, provider: Callable[[], Any]) -> None:
        """Register a callable whose result appears under `name` on /status."""
        with self._lock:
            self._status_providers[name] = provider

    def status(self) -> dict[str, Any]:
        with self._lock:
            providers = dict(self._status_providers)
        ready, checks = self.ready()
        out: dict[str, Any] = {"ready": ready, "checks": checks}
        for name, provider in providers.items():
            out[name] = provider()
        return out
