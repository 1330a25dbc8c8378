"""Bytes on the wire: raw records in, enriched documents out.

Raw records are untrusted even on our own topic: `decode_raw` checks size,
JSON, types and required fields and raises `InvalidRecord` with the reason.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

import orjson

from service import SCHEMA_VERSION
from service.errors import InvalidRecord
from service.model import RAW_RECORD_VERSION, FeedRef, MediaItem, RawArticle, VersionChange

SCHEMA_HEADER = "wire-schema-version"
CONTENT_TYPE_HEADER = "content-type"
JSON = b"application/json"


def encode_raw(raw: RawArticle) -> bytes:
    return orjson.dumps(asdict(raw), option=orjson.OPT_UTC_Z)


def _dt(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"field {name!r} must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRecord(f"field {name!r} is not an ISO 8601 time: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise InvalidRecord(f"field {name!r} has no timezone")
    return parsed.astimezone(UTC)


def _str(d: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = d.get(name)
    if value is None:
        if required:
            raise InvalidRecord(f"required field {name!r} is missing")
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"field {name!r} must be a string, got {type(value).__name__}")
    return value


def _strs(d: dict[str, Any], name: str) -> tuple[str, ...]:
    value = d.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRecord(f"field {name!r} must be a list of strings")
    return tuple(value)


_MEDIA_FIELDS = {f.name for f in fields(MediaItem)}
_MEDIA_INT_FIELDS = {"width", "height"}


def _media(value: Any) -> tuple[MediaItem, ...]:
    if not isinstance(value, list):
        raise InvalidRecord("field 'media' must be a list of objects")
    items = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or not isinstance(m.get("url"), str):
            raise InvalidRecord(f"media[{i}] must be an object with a string 'url'")
        kept = {k: v for k, v in m.items() if k in _MEDIA_FIELDS}
        for key, v in kept.items():
            wanted: type = int if key in _MEDIA_INT_FIELDS else str
            if v is not None and (not isinstance(v, wanted) or isinstance(v, bool)):
                raise InvalidRecord(f"media[{i}].{key} must be {wanted.__name__} or null")
        items.append(MediaItem(**kept))
    return tuple(items)


_IDENTITIES = ("guid", "link", "title+date", "content")


def _changes(value: Any) -> VersionChange | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidRecord("field 'changes' must be an object or null")
    counts = {}
    for name in ("previous_version", "paragraphs_added", "paragraphs_removed"):
        number = value.get(name)
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise InvalidRecord(f"changes.{name} must be a non-negative integer")
        counts[name] = number
    if not isinstance(value.get("headline_changed"), bool):
        raise InvalidRecord("changes.headline_changed must be true or false")
    matched_by = value.get("matched_by", "guid")
    if not isinstance(matched_by, str):
        raise InvalidRecord("changes.matched_by must be a string")
    return VersionChange(counts["previous_version"], value["headline_changed"],
                         counts["paragraphs_added"], counts["paragraphs_removed"], matched_by)


def decode_raw(data: bytes | None, *, max_bytes: int = 4 * 1024 * 1024) -> RawArticle:
    if data is None:
        raise InvalidRecord("record has no value (tombstone)")
    if len(data) > max_bytes:
        raise InvalidRecord(f"record is {len(data)} bytes, above the {max_bytes}-byte limit")
    try:
        d = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InvalidRecord(f"record is not JSON: {exc}") from None
    if not isinstance(d, dict):
        raise InvalidRecord("record is not a JSON object")
    version = d.get("record_version", RAW_RECORD_VERSION)
    if version != RAW_RECORD_VERSION:
        raise InvalidRecord(f"unsupported record_version {version!r}")
    feed = d.get("feed")
    if not isinstance(feed, dict):
        raise InvalidRecord("required field 'feed' is missing or not an object")
    media = _media(d.get("media") or [])
    fetched_at = _dt(d.get("fetched_at"), "fetched_at")
    if fetched_at is None:
        raise InvalidRecord("required field 'fetched_at' is missing")
    rid = _str(d, "id", required=True)
    assert rid is not None
    if not rid.strip():
        raise InvalidRecord("field 'id' is empty")
    ver = d.get("version", 1)
    if not isinstance(ver, int) or isinstance(ver, bool) or ver < 1:
        raise InvalidRecord("field 'version' must be a positive integer")
    content_type = _str(d, "content_type") or "text/html"
    text_source = _str(d, "text_source") or "feed-content"
    if text_source not in ("feed-content", "feed-summary", "page-extract", "file"):
        raise InvalidRecord(f"unknown text_source {text_source!r}")
    if not (_str(d, "content") or _str(d, "summary") or _str(d, "title")):
        raise InvalidRecord("record has no title, summary or content to enrich")
    identity = _str(d, "identity") or "guid"
    if identity not in _IDENTITIES:
        raise InvalidRecord(f"unknown identity {identity!r}")
    return RawArticle(
        id=rid,
        feed=FeedRef(id=_str(feed, "id", required=True) or "", name=_str(feed, "name") or "",
                     url=_str(feed, "url") or "", timezone=_str(feed, "timezone"),
                     publisher=_str(feed, "publisher")),
        url=_str(d, "url"),
        title=_str(d, "title"),
        fetched_at=fetched_at,
        published_original=_str(d, "published_original"),
        updated_original=_str(d, "updated_original"),
        published_at=_dt(d.get("published_at"), "published_at"),
        updated_at=_dt(d.get("updated_at"), "updated_at"),
        authors=_strs(d, "authors"),
        summary=_str(d, "summary"),
        content=_str(d, "content"),
        content_type=content_type,
        text_source=text_source,  # type: ignore[arg-type]
        media=media,
        categories=_strs(d, "categories"),
        language_hint=_str(d, "language_hint"),
        content_hash=_str(d, "content_hash") or "",
        version=ver,
        identity=identity,  # type: ignore[arg-type]
        entry_id=_str(d, "entry_id"),
        changes=_changes(d.get("changes")),
    )


def encode_enriched(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)


def enriched_headers(raw_version: int) -> list[tuple[str, bytes]]:
    return [(SCHEMA_HEADER, SCHEMA_VERSION.encode()), (CONTENT_TYPE_HEADER, JSON),
            ("wire-raw-version", str(raw_version).encode())]
