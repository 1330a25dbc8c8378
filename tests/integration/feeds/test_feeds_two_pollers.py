"""Two pollers share 200 feeds through the poller group: each feed is polled
by exactly one of them; when one stops, the other takes every feed over
(with its state: nothing is published twice)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

import pytest
from feeds_http_server import FeedServer, Route, rss
from feeds_kafka_helpers import RunningPoller, raw_records, wait_for

from service.feeds.feedsfile import FeedConfig
from tests.conftest import make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

N = 200


def _agents_per_feed(server: FeedServer, since: float) -> dict[str, set[str]]:
    agents: dict[str, set[str]] = defaultdict(set)
    for request in list(server.requests):
        if request.at >= since and request.path.startswith("/feed/"):
            agents[request.path].add(request.headers.get("user-agent", ""))
    return agents


def test_two_pollers_split_feeds_and_one_takes_over(broker: str) -> None:
    base = make_test_settings(broker, http_per_host_rps=0.0, feed_fetch_pages=False,
                              http_per_host_concurrency=16, http_max_concurrency=32,
                              min_poll_interval_s=1.0, max_poll_interval_s=2.0)
    settings_a = replace(base, http_user_agent="poller-A")
    settings_b = replace(base, http_user_agent="poller-B")
    with FeedServer() as server:
        feeds = []
        for i in range(N):
            server.routes[f"/feed/{i}"] = Route(rss([(f"s{i}", f"Story {i}", "<p>x</p>")]),
                                                etag=f'"{i}"')
            feeds.append(FeedConfig(f"feed-{i:03d}", f"Feed {i}", server.url(f"/feed/{i}"),
                                    interval=1.0))
        with RunningPoller(settings_a, feeds, name="A") as a:
            b = RunningPoller(settings_b, feeds, name="B").__enter__()
            try:
                wait_for(lambda: len(a.status()) + len(b.status()) == N
                         and a.status() and b.status(), 60, "both pollers to own feeds")
                owned_a = {row["id"] for row in a.status()}
                owned_b = {row["id"] for row in b.status()}
                assert not owned_a & owned_b and len(owned_a | owned_b) == N
                stable = time.monotonic()
                wait_for(lambda: len(_agents_per_feed(server, stable)) == N, 60,
                         "every feed polled after the split")
                time.sleep(2.5)  # a few more polling rounds
                agents = _agents_per_feed(server, stable)
                shared = {path: who for path, who in agents.items() if len(who) != 1}
                assert not shared, f"feeds polled by both pollers: {list(shared)[:5]}"
                by_a = sum(1 for who in agents.values() if who == {"poller-A"})
                assert by_a == len(owned_a)
            finally:
                b.__exit__(None, None, None)
            stopped = time.monotonic()
            wait_for(lambda: len(a.status()) == N, 45, "poller A to own every feed")
            wait_for(lambda: len(_agents_per_feed(server, stopped)) == N, 45,
                     "every feed polled after the takeover")
            taken_over = time.monotonic() - stopped
            agents_after = _agents_per_feed(server, stopped + 0.5)
            assert all(who == {"poller-A"} for who in agents_after.values())
        records = raw_records(base)
        assert len(records) == N, "a feed was published twice across the handover"
        print(f"\ntakeover of {len(owned_b)} feeds completed in {taken_over:.1f}s "
              f"(session timeout {base.kafka_session_timeout_ms / 1000:.0f}s)")
        assert taken_over < base.kafka_session_timeout_ms / 1000 + 15
