"""The shutdown grace period: it starts when the stop event is first seen set."""

from __future__ import annotations

import threading
import time


class Stopping:
    """The grace period starts when `stop` is first seen set."""

    def __init__(self, stop: threading.Event, grace_s: float) -> None:
        self.stop = stop
        self.grace_s = grace_s
        self._deadline: float | None = None

    def remaining(self) -> float:
        """Seconds of grace left (infinite while not stopping)."""
        if not self.stop.is_set():
            return float("inf")
        if self._deadline is None:
            self._deadline = time.monotonic() + self.grace_s
        return self._deadline - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0
