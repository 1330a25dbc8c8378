"""The shutdown grace period: it starts when the stop event is first seen set."""

from __future__ import annotations

import threading
import time


class Stopping:
    """The grace period starts when `stop` is first seen set. `budget_s` is
    the part of it the current work may use (the rest is for closing)."""

    def __init__(self, stop: threading.Event, budget_s: float) -> None:
        self.stop = stop
        self.budget_s = budget_s
        self._started: float | None = None

    def elapsed(self) -> float:
        """Seconds since stopping began (0 while not stopping)."""
        if not self.stop.is_set():
            return 0.0
        if self._started is None:
            self._started = time.monotonic()
        return time.monotonic() - self._started

    def remaining(self, of_s: float | None = None) -> float:
        """Seconds left of the budget (or of `of_s` seconds); infinite while
        not stopping."""
        if not self.stop.is_set():
            return float("inf")
        return (self.budget_s if of_s is None else of_s) - self.elapsed()

    def expired(self) -> bool:
        return self.remaining() <= 0
