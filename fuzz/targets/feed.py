"""Fuzz target: feed normalisation (screen, feedparser, JSON Feed, records).

Contract checked: `normalise_feed` never raises; every record it returns
serialises, and the worker's decoder either accepts it or rejects it with
`InvalidRecord` (never another exception)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import atheris

with atheris.instrument_imports(include=["service", "feedparser"]):
    from service.errors import InvalidRecord
    from service.feeds.normalise import normalise_feed
    from service.model import FeedRef
    from service.transport.serde import decode_raw, encode_raw

FEED = FeedRef("fuzz", "Fuzz", "https://fuzz.example/feed", "Europe/Lisbon")
FETCHED = datetime(2025, 3, 1, 12, tzinfo=UTC)
HEADERS = [{}, {"content-type": "application/rss+xml; charset=utf-8"},
           {"content-type": "text/xml"}, {"content-type": "application/feed+json"},
           {"content-type": "text/html; charset=iso-8859-1", "content-language": "de"}]


def test_one_input(data: bytes) -> None:
    headers = HEADERS[data[0] % len(HEADERS)] if data else {}
    result = normalise_feed(data, headers, FEED, FETCHED, max_entries=50)
    for record in result.records:
        encoded = encode_raw(record)
        with contextlib.suppress(InvalidRecord):
            decode_raw(encoded)


if __name__ == "__main__":
    from fuzz.targets.common import main

    main(test_one_input)
