"""The polling loop: many feeds in flight on one asyncio loop, each feed in
its own task so a slow or broken feed never delays the others.

Which feeds this instance owns is pushed in from outside (the group
membership thread, or a test) through `upsert_feed`, `remove_feed`,
`restore_states` and `release`; all are thread-safe.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from service.config import Settings
from service.feeds.feedsfile import FeedConfig
from service.feeds.fetch import Fetcher
from service.feeds.identity import ROTATION_SWITCH
from service.feeds.poll import PollPolicy, PollResult, poll_feed
from service.feeds.schedule import backoff_seconds
from service.feeds.sink import FeedSink
from service.feeds.state import FeedState
from service.model import RawArticle
from service.observability import metrics

log = logging.getLogger(__name__)

STOP_GRACE_S = 2.0
TICK_S = 0.05


def _iso(epoch: float | None) -> str | None:
    if epoch is None or epoch == float("inf"):
        return None
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat()


class Poller:
    def __init__(self, settings: Settings, sink: FeedSink, *, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None, name: str = "poller") -> None:
        self._s = settings
        self._sink = sink
        self._clock = clock
        self._rng = rng or random.Random()
        self._policy = PollPolicy.from_settings(settings)
        self.name = name
        self._lock = threading.Condition()
        self._feeds: dict[str, FeedConfig] = {}
        self._states: dict[str, FeedState] = {}
        self._inflight: set[str] = set()
        self.polls_started = 0

    # ------------------------------------------------------------ ownership

    def upsert_feed(self, feed: FeedConfig) -> None:
        with self._lock:
            previous = self._feeds.get(feed.id)
            self._feeds[feed.id] = feed
            state = self._states.get(feed.id) or FeedState(feed.id)
            if previous is not None and previous.url != feed.url:
                # a new definition gives a retired or parked feed a fresh start
                state = replace(state, url=None, retired=False, parked=False, failures=0,
                                etag=None, last_modified=None, next_due=0.0)
            self._states[feed.id] = state

    def remove_feed(self, feed_id: str) -> None:
        with self._lock:
            self._feeds.pop(feed_id, None)

    def restore_states(self, states: Iterable[FeedState]) -> None:
        """Adopt states read back from the state topic (new owner, restart)."""
        with self._lock:
            for state in states:
                if state.feed_id not in self._inflight:
                    self._states[state.feed_id] = state

    def release(self, feed_ids: Iterable[str] | None = None, timeout: float = 60.0) -> None:
        """Stop owning these feeds (all when None): no new polls start, polls
        in flight finish, and their state is flushed before this returns."""
        with self._lock:
            ids = set(self._feeds) if feed_ids is None else set(feed_ids)
            for fid in ids:
                self._feeds.pop(fid, None)
            self._lock.wait_for(lambda: not (self._inflight & ids), timeout=timeout)
            for fid in ids:
                self._states.pop(fid, None)
        self._sink.flush()

    def owned(self) -> list[str]:
        with self._lock:
            return sorted(self._feeds)

    # ---------------------------------------------------------------- status

    def status(self) -> list[dict[str, Any]]:
        """Per-feed detail for the /status endpoint (JSON-serialisable)."""
        with self._lock:
            pairs = [(f, self._states.get(f.id) or FeedState(f.id)) for f in self._feeds.values()]
        return [{
            "id": f.id, "name": f.name, "url": s.url or f.url, "configured_url": f.url,
            "poller": self.name, "last_outcome": s.last_outcome, "last_error": s.last_error,
            "last_polled": _iso(s.last_polled), "last_success": _iso(s.last_success),
            "next_due": _iso(s.next_due), "interval_s": s.interval_s, "failures": s.failures,
            "parked": s.parked, "retired": s.retired, "validators_trusted": s.validators_trusted,
            "polls": s.polls, "seen_ids": len(s.seen),
            "identity_configured": f.identity or "auto", "publisher": f.publisher,
            "identity": s.identity or (f.identity if f.identity not in (None, "auto") else "guid"),
            "guid_rotations": s.guid_rotations,
            "guid_rotation_detected": s.guid_rotations >= ROTATION_SWITCH,
        } for f, s in sorted(pairs, key=lambda p: p[0].id)]

    # ------------------------------------------------------------------ loop

    def run(self, stop: threading.Event) -> None:
        """Poll owned feeds until `stop` is set; returns within a few seconds of it."""
        asyncio.run(self.run_async(stop))

    async def run_async(self, stop: threading.Event) -> None:
        from service.feeds.teaser import PageExtractor

        async with Fetcher(self._s) as fetcher:
            expander = PageExtractor(self._s, fetcher).expand if self._s.feed_fetch_pages else None
            tasks: dict[str, asyncio.Task[None]] = {}
            cap = self._s.http_max_concurrency * 2
            while not stop.is_set():
                now = self._clock()
                for fid in self._due(now, cap - len(tasks), set(tasks)):
                    tasks[fid] = asyncio.create_task(self._poll_one(fid, fetcher, expander))
                    self.polls_started += 1
                # a fixed tick, not a wake-up per finished poll: scanning every
                # owned feed on each completion made the scheduler O(feeds) per poll
                await asyncio.sleep(TICK_S)
                for fid in [f for f, t in tasks.items() if t.done()]:
                    tasks.pop(fid)
            if tasks:
                _done, late = await asyncio.wait(list(tasks.values()), timeout=STOP_GRACE_S)
                for task in late:
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
        self._sink.flush()

    def _due(self, now: float, room: int, running: set[str]) -> list[str]:
        due: list[tuple[float, str]] = []
        parked = overdue = rotating = 0
        default = self._policy.default_interval
        with self._lock:
            for fid, feed in self._feeds.items():
                state = self._states.get(fid)
                if state is None:
                    state = self._states[fid] = FeedState(fid)
                if state.retired:
                    continue
                parked += state.parked
                rotating += state.guid_rotations >= ROTATION_SWITCH
                if state.next_due <= now:
                    if fid not in running:
                        due.append((state.next_due, fid))
                    if now - state.next_due > (state.interval_s or feed.interval or default):
                        overdue += 1
            due.sort()
            chosen = [fid for _, fid in due[:max(0, room)]]
            self._inflight.update(chosen)
            owned = len(self._feeds)
        metrics.FEEDS_OWNED.set(owned)
        metrics.FEEDS_DUE.set(len(due))
        metrics.FEEDS_OVERDUE.set(overdue)
        metrics.FEEDS_PARKED.set(parked)
        metrics.FEEDS_ROTATING_GUIDS.set(rotating)
        return chosen

    async def _poll_one(self, fid: str, fetcher: Fetcher, expander: Any) -> None:
        try:
            with self._lock:
                feed = self._feeds.get(fid)
                state = self._states.get(fid) or FeedState(fid)
            if feed is None:
                return
            now = self._clock()
            result = await poll_feed(feed, state, fetcher, self._policy, now=now, rng=self._rng,
                                     expand=expander)
            for rejection in result.rejections:
                if rejection.reason == "entry-too-large":
                    log.warning("feed %s: entry rejected: %s", fid, rejection.detail)
            new_state = result.state
            try:
                save = new_state.material() != state.material()
                await asyncio.to_thread(self._commit, result.publish, new_state if save else None)
                self._count(result)  # items counted once published, not per failed attempt
            except Exception as exc:  # the broker said no: keep the old memory, retry later
                self._count(result, items=False)
                log.warning("publishing feed %s failed: %s", fid, exc)
                new_state = replace(state, last_polled=now, last_outcome="publish_error",
                                    last_error=str(exc), next_due=now + backoff_seconds(
                                        1, self._policy.lower, self._policy.upper, self._rng))
            with self._lock:
                if fid in self._feeds:
                    self._states[fid] = new_state
        except Exception:
            log.exception("polling feed %s crashed", fid)
            with self._lock:
                self._states[fid] = replace(self._states.get(fid) or FeedState(fid),
                                            next_due=self._clock() + self._policy.upper)
        finally:
            with self._lock:
                self._inflight.discard(fid)
                self._lock.notify_all()

    def _commit(self, records: tuple[RawArticle, ...], state: FeedState | None) -> None:
        if records:
            self._sink.publish(records)
        if state is not None:
            self._sink.save_state(state)

    @staticmethod
    def _count(result: PollResult, *, items: bool = True) -> None:
        metrics.FEED_POLLS.labels(result.outcome).inc()
        if result.fetch is not None:
            metrics.FETCH_SECONDS.observe(result.fetch.seconds)
            metrics.FETCH_BYTES.inc(result.fetch.received_bytes)
        for label, count in () if not items else (("new", result.new), ("updated", result.updated),
                             ("seen", result.suppressed), ("rotated-guid", result.rotations),
                             ("rejected", sum(1 for r in result.rejections if r.entry_index is not None))):
            if count:
                metrics.ITEMS.labels(label).inc(count)
        if result.outcome not in ("ok", "not_modified"):
            log.info("feed %s: %s (%s)", result.state.feed_id, result.outcome, result.state.last_error)
