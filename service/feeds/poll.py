"""One poll of one feed: fetch, normalise, resolve identities, and decide the next
state. The only I/O is the injected fetcher (and optional page expander),
so the whole decision table is testable with fakes."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from service.config import Settings
from service.feeds.feedsfile import FeedConfig
from service.feeds.fetch import FetchResult
from service.feeds.identity import resolve
from service.feeds.normalise import Rejection, normalise_feed
from service.feeds.schedule import (
    PARK_RETRY_S,
    adapt_interval,
    backoff_seconds,
    next_due_after_success,
    retry_after_seconds,
)
from service.feeds.state import FeedState
from service.model import RawArticle
from service.transport.serde import encode_raw


class FetchLike(Protocol):
    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult: ...


Expander = Callable[[RawArticle], Awaitable[RawArticle]]

RETIRED_S = 10 * 365 * 86400.0  # a retired feed waits for a new definition, not the clock


@dataclass(frozen=True, slots=True)
class PollPolicy:
    default_interval: float
    lower: float
    upper: float
    park_after: int
    seen_limit: int
    max_entries: int
    probe_every: int = 10  # unconditional GET every N polls, to catch lying validators
    max_record_bytes: int = 4 * 1024 * 1024  # MAX_RECORD_BYTES: larger entries are rejected

    @staticmethod
    def from_settings(s: Settings) -> PollPolicy:
        return PollPolicy(s.default_poll_interval_s, s.min_poll_interval_s, s.max_poll_interval_s,
                          s.feed_park_after_failures, s.feed_seen_ids, s.max_entries_per_feed,
                          max_record_bytes=s.max_record_bytes)


@dataclass(frozen=True, slots=True)
class PollResult:
    outcome: str  # the FEED_POLLS label
    state: FeedState
    publish: tuple[RawArticle, ...] = ()
    new: int = 0
    updated: int = 0
    suppressed: int = 0
    rejections: tuple[Rejection, ...] = ()
    bozo: str | None = None
    fetch: FetchResult | None = None
    unchanged_body: bool = False
    rotations: int = 0  # entries seen again under a new GUID (service/feeds/identity.py)


def _failure(state: FeedState, result: FetchResult, outcome: str, policy: PollPolicy,
             now: float, rng: random.Random, error: str | None) -> FeedState:
    failures = state.failures + 1
    parked = failures >= policy.park_after
    waited = retry_after_seconds(result.headers, now) if result.status in (429, 503) else None
    if parked:
        delay = PARK_RETRY_S
    elif waited is not None:
        delay = min(waited, PARK_RETRY_S)
    else:
        delay = backoff_seconds(failures, max(policy.lower, 1.0), policy.upper, rng)
    return replace(state, failures=failures, parked=parked, next_due=now + delay,
                   last_outcome=outcome, last_error=error)


def _is_teaser(record: RawArticle) -> bool:
    if record.text_source != "feed-summary" or not record.url:
        return False
    return len(record.summary or "") < 600


async def poll_feed(feed: FeedConfig, state: FeedState, fetcher: FetchLike, policy: PollPolicy,
                    *, now: float, rng: random.Random | None = None,
                    expand: Expander | None = None) -> PollResult:
    """Poll `feed` once. Returns what to publish and the state to keep once
    it is published; never raises for fetch or parse trouble."""
    rng = rng or random.Random()
    has_validators = bool(state.etag or state.last_modified)
    probe = has_validators and state.polls % policy.probe_every == policy.probe_every - 1
    conditional = state.validators_trusted and not probe
    result = await fetcher.fetch(state.url or feed.url,
                                 etag=state.etag if conditional else None,
                                 last_modified=state.last_modified if conditional else None)
    state = replace(state, polls=state.polls + 1, last_polled=now,
                    url=result.permanent_url or state.url)
    interval = state.interval_s or feed.interval or policy.default_interval
    interval = min(policy.upper, max(policy.lower, interval))
    if result.status == 410:
        gone = replace(state, retired=True, last_outcome="client_error",
                       last_error="HTTP 410 Gone: feed retired", next_due=now + RETIRED_S)
        return PollResult("client_error", gone, fetch=result)
    if result.outcome == "not_modified":
        interval = adapt_interval(interval, False, None, policy.lower, policy.upper)
        ok = replace(state, failures=0, parked=False, interval_s=interval, last_success=now,
                     last_outcome="not_modified", last_error=None,
                     etag=result.headers.get("etag") or state.etag,
                     last_modified=result.headers.get("last-modified") or state.last_modified,
                     next_due=next_due_after_success(now, interval, result.headers, policy.upper))
        return PollResult("not_modified", ok, fetch=result)
    if result.outcome != "ok":
        return PollResult(result.outcome, _failure(state, result, result.outcome, policy, now,
                                                   rng, result.error), fetch=result)
    body_hash = hashlib.sha256(result.body).hexdigest()
    etag, modified = result.headers.get("etag"), result.headers.get("last-modified")
    lying = (has_validators and state.body_hash is not None and body_hash != state.body_hash
             and (etag or None, modified or None) == (state.etag, state.last_modified))
    state = replace(state, etag=etag, last_modified=modified,
                    validators_trusted=state.validators_trusted and not lying)
    if body_hash == state.body_hash:
        interval = adapt_interval(interval, False, None, policy.lower, policy.upper)
        same = replace(state, failures=0, parked=False, interval_s=interval, last_success=now,
                       last_outcome="ok", last_error=None,
                       next_due=next_due_after_success(now, interval, result.headers, policy.upper))
        return PollResult("ok", same, fetch=result, unchanged_body=True)
    fetched_at = datetime.fromtimestamp(now, tz=UTC)
    # parsing is CPU work: off the event loop, so other feeds' timers stay honest
    parsed = await asyncio.to_thread(normalise_feed, result.body, result.headers, feed.ref,
                                     fetched_at, max_entries=policy.max_entries)
    if parsed.rejected:
        reason = "; ".join(f"{r.reason}: {r.detail}" for r in parsed.rejections
                           if r.entry_index is None)
        return PollResult("parse_error", _failure(state, result, "parse_error", policy, now, rng,
                                                  reason),
                          rejections=parsed.rejections, bozo=parsed.bozo, fetch=result)
    # identity keys split the published entries into paragraphs: CPU work, off the loop too
    chosen = await asyncio.to_thread(resolve, parsed.records, state.seen, policy.seen_limit,
                                     configured=feed.identity or "auto", switched=state.identity,
                                     rotations_before=state.guid_rotations)
    publish = chosen.publish
    if expand is not None:
        publish = tuple([await expand(r) if _is_teaser(r) else r for r in publish])
    publish, too_large, new_cut = _within_size(publish, parsed.records, policy.max_record_bytes)
    hint = parsed.feed_meta.get("poll_hint_s")
    interval = adapt_interval(interval, bool(chosen.new or chosen.updated),
                              hint if isinstance(hint, float) else None, policy.lower, policy.upper)
    done = replace(state, failures=0, parked=False, interval_s=interval, last_success=now,
                   body_hash=body_hash, seen=chosen.seen, last_outcome="ok",
                   identity=chosen.switched_to,
                   guid_rotations=state.guid_rotations + chosen.rotations,
                   last_error=parsed.bozo and f"bozo: {parsed.bozo}",
                   next_due=next_due_after_success(now, interval, result.headers, policy.upper))
    return PollResult("ok", done, publish, chosen.new - new_cut,
                      chosen.updated - (len(too_large) - new_cut), chosen.suppressed,
                      (*parsed.rejections, *too_large), parsed.bozo, result,
                      rotations=chosen.rotations)


def _within_size(publish: tuple[RawArticle, ...], parsed: tuple[RawArticle, ...],
                 limit: int) -> tuple[tuple[RawArticle, ...], tuple[Rejection, ...], int]:
    """Entries whose raw record exceeds MAX_RECORD_BYTES are rejected (the
    worker would dead-letter them, and the broker may refuse them): they stay
    in the seen set, so they are not tried again, and the rest of the feed
    goes through."""
    index = {r.id: i for i, r in enumerate(parsed)}
    kept: list[RawArticle] = []
    rejected: list[Rejection] = []
    new = 0
    for record in publish:
        size = len(encode_raw(record))
        if size <= limit:
            kept.append(record)
            continue
        new += record.version == 1
        rejected.append(Rejection("entry-too-large", f"entry {record.id!r} makes a raw record of "
                                  f"{size} bytes, above MAX_RECORD_BYTES={limit}",
                                  index.get(record.id, -1)))
    return tuple(kept), tuple(rejected), new
