"""Politeness per host: at most N fetches in flight and at most R requests
per second to one host, whatever the number of feeds it serves."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class HostLimiter:
    def __init__(self, per_host_concurrency: int, per_host_rps: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._concurrency = per_host_concurrency
        self._interval = 1.0 / per_host_rps if per_host_rps > 0 else 0.0
        self._clock = clock
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def _reserve(self, host: str) -> float:
        """Book the next start slot for `host`; return seconds to wait for it."""
        if not self._interval:
            return 0.0
        now = self._clock()
        start = max(now, self._next_start.get(host, now))
        self._next_start[host] = start + self._interval
        return start - now

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        semaphore = self._semaphores.setdefault(host, asyncio.Semaphore(self._concurrency))
        async with semaphore:
            wait = self._reserve(host)
            if wait > 0:
                await asyncio.sleep(wait)
            yield
