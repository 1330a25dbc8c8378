"""Restart safety against a real broker: nothing is republished after a
restart; an edited entry comes back exactly once, as version 2."""

from __future__ import annotations

import hashlib

import pytest
from feeds_http_server import FeedServer, Route, rss
from feeds_kafka_helpers import RunningPoller, raw_records, wait_for

from service.feeds.feedsfile import FeedConfig
from tests.conftest import make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

ITEMS = [("story-1", "Ceasefire talks resume", "<p>Negotiators met in Cairo on Monday.</p>"),
         ("story-2", "Grain prices climb", "<p>Wheat futures rose 3% in Chicago.</p>"),
         ("story-3", "Storm hits coast", "<p>Thousands were left without power.</p>")]


def _route(items: list[tuple[str, str, str]]) -> Route:
    body = rss(items)
    return Route(body, etag='"' + hashlib.sha256(body).hexdigest()[:16] + '"')


def test_restart_publishes_nothing_twice_and_edits_as_version_2(broker: str) -> None:
    settings = make_test_settings(broker, http_per_host_rps=0.0, feed_fetch_pages=False,
                                  max_poll_interval_s=2.0)
    with FeedServer() as server:
        server.routes["/wire.rss"] = _route(ITEMS)
        feeds = [FeedConfig(id="wire", name="Test Wire", url=server.url("/wire.rss"), interval=0.5)]

        with RunningPoller(settings, feeds) as first:
            wait_for(lambda: len(raw_records(settings)) >= 3, 60, "first publication")
            assert first.health.checks["feeds"][0] is True
        assert first.stop_seconds < 10
        first_ids = sorted(r.id for r in raw_records(settings))
        assert first_ids == ["wire:story-1", "wire:story-2", "wire:story-3"]

        polls_before = len(server.hits("/wire.rss"))
        with RunningPoller(settings, feeds):
            wait_for(lambda: len(server.hits("/wire.rss")) >= polls_before + 2, 60,
                     "two polls after restart")
        after_restart = server.hits("/wire.rss")[polls_before:]
        assert any("if-none-match" in r.headers for r in after_restart), \
            "restored validators were not sent"
        assert len(raw_records(settings)) == 3

        edited = [ITEMS[0], ("story-2", "Grain prices climb", "<p>Wheat futures rose 4%.</p>"),
                  ITEMS[2]]
        server.routes["/wire.rss"] = _route(edited)
        with RunningPoller(settings, feeds):
            wait_for(lambda: len(raw_records(settings)) >= 4, 60, "the edited entry")
            polls = len(server.hits("/wire.rss"))
            wait_for(lambda: len(server.hits("/wire.rss")) >= polls + 2, 30, "more polls")
        records = raw_records(settings)
        assert len(records) == 4
        latest = records[-1] if records[-1].version == 2 else next(r for r in records if r.version == 2)
        assert latest.id == "wire:story-2"
        assert "4%" in (latest.content or "")
        assert sorted(r.version for r in records) == [1, 1, 1, 2]
