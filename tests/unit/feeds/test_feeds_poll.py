"""The poll decision table, with a scripted fetcher (no network)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from service.feeds.feedsfile import FeedConfig
from service.feeds.fetch import FetchResult
from service.feeds.poll import PollPolicy, PollResult, poll_feed
from service.feeds.state import FeedState

FEED = FeedConfig("wire", "Wire", "https://example.org/feed.xml", interval=100.0)
POLICY = PollPolicy(default_interval=300, lower=10, upper=1000, park_after=3, seen_limit=50,
                    max_entries=100, probe_every=4)
NOW = 1_700_000_000.0


def body(*items: tuple[str, str]) -> bytes:
    xml = "".join(f"<item><guid>{g}</guid><title>{t}</title><description>{t} text</description>"
                  f"</item>" for g, t in items)
    return f'<rss version="2.0"><channel><title>W</title>{xml}</channel></rss>'.encode()


@dataclass
class ScriptedFetcher:
    responses: list[FetchResult]
    calls: list[dict[str, str | None]] = field(default_factory=list)

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult:
        self.calls.append({"url": url, "etag": etag, "last_modified": last_modified})
        return self.responses.pop(0)


def ok(data: bytes, **headers: str) -> FetchResult:
    return FetchResult("ok", FEED.url, 200, dict(headers), data)


def run(state: FeedState, *responses: FetchResult, now: float = NOW) -> tuple[PollResult, ScriptedFetcher]:
    fetcher = ScriptedFetcher(list(responses))
    result = asyncio.run(poll_feed(FEED, state, fetcher, POLICY, now=now, rng=random.Random(1)))
    return result, fetcher


def test_first_poll_publishes_and_keeps_validators() -> None:
    result, fetcher = run(FeedState("wire"), ok(body(("a", "A"), ("b", "B")), etag='"v1"'))
    assert fetcher.calls[0]["etag"] is None
    assert [r.id for r in result.publish] == ["wire:a", "wire:b"]
    assert result.outcome == "ok" and result.state.etag == '"v1"'
    assert result.state.next_due > NOW and result.state.failures == 0


def test_second_poll_sends_validators_and_304_produces_nothing() -> None:
    first, _ = run(FeedState("wire"), ok(body(("a", "A")), etag='"v1"', **{"last-modified": "x"}))
    second, fetcher = run(first.state, FetchResult("not_modified", FEED.url, 304, {}))
    assert fetcher.calls[0] == {"url": FEED.url, "etag": '"v1"', "last_modified": "x"}
    assert second.outcome == "not_modified" and second.publish == ()
    assert second.state.seen == first.state.seen


def test_unchanged_body_is_skipped_by_hash() -> None:
    first, _ = run(FeedState("wire"), ok(body(("a", "A"))))
    second, _ = run(first.state, ok(body(("a", "A"))))
    assert second.unchanged_body and second.publish == ()


def test_edited_entry_comes_back_as_version_2_only() -> None:
    first, _ = run(FeedState("wire"), ok(body(("a", "A"), ("b", "B"))))
    second, _ = run(first.state, ok(body(("a", "A"), ("b", "B edited"))))
    assert [(r.id, r.version) for r in second.publish] == [("wire:b", 2)]
    assert (second.new, second.updated, second.suppressed) == (0, 1, 1)


def test_lying_validators_stop_being_trusted() -> None:
    first, _ = run(FeedState("wire"), ok(body(("a", "A")), etag='"same"'))
    second, _ = run(first.state, ok(body(("a", "A"), ("b", "B")), etag='"same"'))
    assert [r.id for r in second.publish] == ["wire:b"]
    assert second.state.validators_trusted is False
    third, fetcher = run(second.state, ok(body(("a", "A"), ("b", "B")), etag='"same"'))
    assert fetcher.calls[0]["etag"] is None  # no longer sent
    assert third.unchanged_body


def test_periodic_probe_is_unconditional() -> None:
    state = FeedState("wire", etag='"v"', polls=POLICY.probe_every - 1)
    _, fetcher = run(state, FetchResult("not_modified", FEED.url, 304, {}))
    assert fetcher.calls[0]["etag"] is None


def test_permanent_redirect_updates_the_url_and_410_retires() -> None:
    moved = FetchResult("ok", "https://new.example.org/feed", 200, {}, body(("a", "A")),
                        permanent_url="https://new.example.org/feed")
    first, _ = run(FeedState("wire"), moved)
    assert first.state.url == "https://new.example.org/feed"
    second, fetcher = run(first.state, FetchResult("client_error", first.state.url, 410, {}))
    assert fetcher.calls[0]["url"] == "https://new.example.org/feed"
    assert second.state.retired and second.outcome == "client_error"


def test_retry_after_is_honoured_on_429_and_503() -> None:
    for status in (429, 503):
        result, _ = run(FeedState("wire"), FetchResult("server_error", FEED.url, status,
                                                       {"retry-after": "777"}))
        assert result.state.next_due == NOW + 777
        assert result.state.failures == 1


def test_failures_back_off_then_park() -> None:
    state = FeedState("wire")
    dues = []
    for _ in range(POLICY.park_after):
        result, _ = run(state, FetchResult("server_error", FEED.url, 500, {}, error="HTTP 500"))
        state = result.state
        dues.append(state.next_due - NOW)
    assert dues[0] < dues[1]
    assert state.parked and state.failures == POLICY.park_after
    recovered, _ = run(state, ok(body(("a", "A"))))
    assert not recovered.state.parked and recovered.state.failures == 0


def test_html_instead_of_feed_is_a_parse_error() -> None:
    page = FetchResult("ok", FEED.url, 200, {"content-type": "text/html"},
                       b"<!doctype html><html><body>Welcome</body></html>")
    result, _ = run(FeedState("wire"), page)
    assert result.outcome == "parse_error" and result.publish == ()
    assert "HTML page" in (result.state.last_error or "")
    assert result.state.failures == 1 and result.state.body_hash is None
