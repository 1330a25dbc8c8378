from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

from service.feeds.identity import resolve
from service.feeds.schedule import (
    adapt_interval,
    backoff_seconds,
    cache_lifetime_seconds,
    next_due_after_success,
    retry_after_seconds,
)
from service.feeds.state import FeedState, SeenEntry
from service.model import FeedRef, RawArticle

NOW = 1_700_000_000.0


def test_retry_after_delta_and_date() -> None:
    assert retry_after_seconds({"retry-after": "120"}, NOW) == 120
    date = "Tue, 14 Nov 2023 22:15:00 GMT"  # NOW + 100 s
    assert retry_after_seconds({"retry-after": date}, NOW) == 100
    assert retry_after_seconds({}, NOW) is None
    assert retry_after_seconds({"retry-after": "soon"}, NOW) is None


def test_cache_lifetime() -> None:
    assert cache_lifetime_seconds({"cache-control": "public, max-age=600"}, NOW) == 600
    assert cache_lifetime_seconds({"cache-control": "s-maxage=30"}, NOW) == 30
    headers = {"expires": "Tue, 14 Nov 2023 22:23:20 GMT", "date": "Tue, 14 Nov 2023 22:13:20 GMT"}
    assert cache_lifetime_seconds(headers, NOW) == 600
    assert cache_lifetime_seconds({"expires": "0"}, NOW) == 0
    assert cache_lifetime_seconds({}, NOW) is None


def test_cache_lifetime_is_a_floor_capped_by_the_upper_bound() -> None:
    assert next_due_after_success(NOW, 60, {"cache-control": "max-age=600"}, 3600) == NOW + 600
    assert next_due_after_success(NOW, 60, {"cache-control": "max-age=99999"}, 3600) == NOW + 3600
    assert next_due_after_success(NOW, 60, {"cache-control": "max-age=5"}, 3600) == NOW + 60


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    delays = [[backoff_seconds(n, 10, 1000, rng) for _ in range(50)] for n in (1, 2, 3, 10)]
    for n, samples in zip((1, 2, 3), delays, strict=False):
        full = 10 * 2 ** (n - 1)
        assert all(full / 2 <= d <= full for d in samples)
        assert len(set(samples)) > 1  # jittered
    assert all(500 <= d <= 1000 for d in delays[3])


def test_adaptive_interval_bounds_and_hint() -> None:
    assert adapt_interval(100, True, None, 60, 3600) == 75
    assert adapt_interval(100, False, None, 60, 3600) == 125
    assert adapt_interval(70, True, None, 60, 3600) == 60
    assert adapt_interval(3500, False, None, 60, 3600) == 3600
    assert adapt_interval(100, True, 900, 60, 3600) == 900  # ttl says: not more often
    assert adapt_interval(100, True, 99999, 60, 3600) == 3600


def _raw(rid: str, content_hash: str) -> RawArticle:
    return RawArticle(id=rid, feed=FeedRef("f", "F", "https://e.org"), url=None, title=rid,
                      fetched_at=datetime(2024, 1, 1, tzinfo=UTC), content_hash=content_hash)


def test_resolve_new_updated_and_suppressed() -> None:
    first = resolve([_raw("a", "1" * 64), _raw("b", "2" * 64)], (), 10, configured="guid")
    assert [r.version for r in first.publish] == [1, 1] and first.new == 2
    second = resolve([_raw("a", "1" * 64), _raw("b", "3" * 64)], first.seen, 10, configured="guid")
    assert [(r.id, r.version) for r in second.publish] == [("b", 2)]
    assert (second.new, second.updated, second.suppressed) == (0, 1, 1)
    third = resolve([_raw("b", "4" * 64)], second.seen, 10, configured="guid")
    assert [(r.id, r.version) for r in third.publish] == [("b", 3)]


def test_resolve_memory_is_bounded_but_keeps_the_current_body() -> None:
    seen = tuple(SeenEntry(f"old{i}", "h", 1) for i in range(20))
    result = resolve([_raw(f"new{i}", "x" * 64) for i in range(8)], seen, 10, configured="guid")
    ids = [s.id for s in result.seen]
    assert len(ids) == 10 and ids[-8:] == [f"new{i}" for i in range(8)]
    assert ids[:2] == ["old18", "old19"]  # the most recent old ones survive
    big = resolve([_raw(f"n{i}", "x" * 64) for i in range(30)], seen, 10, configured="guid")
    assert len(big.seen) == 30


def test_state_round_trips_through_bytes() -> None:
    state = FeedState("f", url="https://e.org/new", etag='"x"', failures=2, next_due=NOW,
                      seen=(SeenEntry("a", "h1", 3),), validators_trusted=False)
    assert FeedState.from_bytes(state.to_bytes()) == state
    odd = FeedState.from_bytes(replace(state, next_due=float("inf")).to_bytes())
    assert odd.next_due == 0.0  # orjson writes inf as null; must not come back as None
    assert state.material() != replace(state, etag='"y"').material()
    assert state.material() == replace(state, next_due=NOW + 5, polls=9).material()
