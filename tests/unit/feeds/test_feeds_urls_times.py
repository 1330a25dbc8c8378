from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from service.feeds.times import parse_feed_time
from service.feeds.urls import canonical_url


@pytest.mark.parametrize(("raw", "canonical"), [
    ("HTTPS://Example.COM:443/a?utm_source=x&id=3#top", "https://example.com/a?id=3"),
    ("http://example.com:8080/a?fbclid=1&gclid=2", "http://example.com:8080/a"),
    ("https://user:pw@example.com", "https://example.com/"),
    ("urn:uuid:1234", "urn:uuid:1234"),
])
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_naive_time_is_read_in_the_feed_timezone() -> None:
    got = parse_feed_time("Tue, 27 Feb 2024 10:00:00", None, "Asia/Amman")
    assert got == datetime(2024, 2, 27, 7, 0, tzinfo=UTC)
    assert parse_feed_time("2024-02-27T10:00:00", None, None) == datetime(2024, 2, 27, 10, tzinfo=UTC)


def test_offset_times_are_converted_to_utc() -> None:
    assert parse_feed_time("2024-02-27T10:00:00+02:00", None, "Asia/Amman") == \
        datetime(2024, 2, 27, 8, tzinfo=UTC)
    assert parse_feed_time("Tue, 27 Feb 2024 10:00:00 GMT", None, None) == \
        datetime(2024, 2, 27, 10, tzinfo=UTC)


def test_unreadable_text_falls_back_to_feedparser_parse() -> None:
    parsed = time.strptime("2024-03-01 12:00", "%Y-%m-%d %H:%M")
    assert parse_feed_time("1st of March, noon", parsed, None) == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert parse_feed_time("gibberish", None, None) is None
