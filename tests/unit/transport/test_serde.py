from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from service.errors import InvalidRecord
from service.model import FeedRef, MediaItem, RawArticle
from service.transport.serde import decode_raw, encode_raw


def raw(**kw: object) -> RawArticle:
    base: dict[str, object] = dict(
        id="urn:x:1", feed=FeedRef("f1", "Feed", "http://f/rss", "Asia/Hong_Kong"),
        url="https://news.example.com/a", title="Headline",
        fetched_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        published_at=datetime(2026, 3, 1, 11, 0, tzinfo=UTC), published_original="Sun, 01 Mar 2026",
        content="<p>Body</p>", media=(MediaItem(url="https://img/x.jpg", credit="REUTERS/A B"),),
        categories=("World",), authors=("Jane Doe",), version=2, content_hash="abc")
    base.update(kw)
    return RawArticle(**base)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field() -> None:
    original = raw()
    assert decode_raw(encode_raw(original)) == original


def test_times_are_written_as_utc_z() -> None:
    assert b'"fetched_at":"2026-03-01T12:00:00Z"' in encode_raw(raw())


@pytest.mark.parametrize(("payload", "reason"), [
    (None, "tombstone"),
    (b"not json{", "not JSON"),
    (b"[1,2]", "not a JSON object"),
    (b'{"id": "x"}', "feed"),
])
def test_malformed_records_are_invalid_with_a_reason(payload: bytes | None, reason: str) -> None:
    with pytest.raises(InvalidRecord, match=reason):
        decode_raw(payload)


def _mutate(**changes: object) -> bytes:
    d = orjson.loads(encode_raw(raw()))
    d.update(changes)
    return orjson.dumps(d)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"fetched_at": "2026-03-01T12:00:00"}, "no timezone"),
    ({"fetched_at": "yesterday"}, "not an ISO 8601"),
    ({"title": 5}, "must be a string"),
    ({"version": 0}, "positive integer"),
    ({"id": "  "}, "empty"),
    ({"content": None, "summary": None, "title": None}, "nothing|no title"),
    ({"authors": "Jane"}, "list of strings"),
    ({"record_version": 99}, "record_version"),
])
def test_schema_violations_are_invalid(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(InvalidRecord, match=reason):
        decode_raw(_mutate(**changes))


def test_oversized_records_are_refused_before_parsing() -> None:
    with pytest.raises(InvalidRecord, match="above the 1024-byte limit"):
        decode_raw(b"{" + b" " * 2000 + b"}", max_bytes=1024)
