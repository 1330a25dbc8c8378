"""Feed body -> raw records. Pure: bytes and headers in, records and
rejections out; no network, no clock (the fetch time is passed in).

feedparser is given a byte stream, never a string (a string may be taken as
a URL or a file name and fetched), and its SAX parser does not resolve
external entities.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser

from service.feeds.charset import repair_utf8
from service.feeds.entries import entry_parts
from service.feeds.entrycut import cut_entries
from service.feeds.jsonfeed import NotJsonFeed, json_item_parts, parse_json_feed
from service.feeds.records import EntryParts, NoIdentity, build_record
from service.feeds.xmlguard import xml_threat
from service.model import FeedRef, RawArticle

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_SY_PERIOD_S = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400,
                "yearly": 365 * 86400}


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a feed body (entry_index None) or one entry yielded no record."""

    reason: str
    detail: str
    entry_index: int | None = None


@dataclass(frozen=True, slots=True)
class NormalisedFeed:
    records: tuple[RawArticle, ...]
    rejections: tuple[Rejection, ...] = ()
    bozo: str | None = None  # what was wrong with a feed that still parsed
    feed_meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        """True when the body as a whole was refused."""
        return any(r.entry_index is None and r.reason != "entry-limit" for r in self.rejections)


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _looks_like_json(body: bytes, content_type: str) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" in content_type or head == b"{"


def _looks_like_html(body: bytes, content_type: str) -> bool:
    return content_type.startswith(("text/html", "application/xhtml")) or bool(
        _HTML_START.match(body[:4096].lstrip(b"\xef\xbb\xbf")))


def poll_hint_seconds(ttl: Any, period: Any, frequency: Any) -> float | None:
    """Shortest sensible poll interval a feed advertises (RSS ttl minutes, or
    sy:updatePeriod / sy:updateFrequency), None when it says nothing usable."""
    hints: list[float] = []
    try:
        minutes = float(str(ttl).strip())
        if 0 < minutes < 1e6:
            hints.append(minutes * 60)
    except (TypeError, ValueError):
        pass
    seconds = _SY_PERIOD_S.get(str(period or "").strip().lower())
    if seconds:
        try:
            times = max(1, int(str(frequency).strip()))
        except (TypeError, ValueError):
            times = 1
        hints.append(seconds / times)
    return min(hints) if hints else None


def _build(feed: FeedRef, items: list[Any], fetched_at: datetime, max_entries: int,
           to_parts: Any) -> tuple[list[RawArticle], list[Rejection]]:
    records: list[RawArticle] = []
    rejections: list[Rejection] = []
    seen_ids: set[str] = set()
    for index, item in enumerate(items[:max_entries]):
        try:
            parts: EntryParts = to_parts(item)
            record = build_record(feed, parts, fetched_at)
        except NoIdentity as exc:
            rejections.append(Rejection("entry-empty", str(exc), index))
            continue
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            rejections.append(Rejection("entry-error", f"{type(exc).__name__}: {exc}", index))
            continue
        if not (record.title or record.summary or record.content):
            rejections.append(Rejection("entry-no-text", "entry has no title, summary or content",
                                        index))
            continue
        if record.id in seen_ids:
            rejections.append(Rejection("entry-duplicate", f"id {record.id!r} repeats in the feed",
                                        index))
            continue
        seen_ids.add(record.id)
        records.append(record)
    if len(items) > max_entries:
        rejections.append(Rejection("entry-limit", f"{len(items) - max_entries} entries beyond "
                                    f"the {max_entries}-entry limit ignored"))
    return records, rejections


def _normalise_json(body: bytes, feed: FeedRef, fetched_at: datetime, max_entries: int,
                    language: str | None) -> NormalisedFeed:
    try:
        meta, items = parse_json_feed(body)
    except NotJsonFeed as exc:
        return NormalisedFeed((), (Rejection("not-a-feed", str(exc)),))
    lang = meta.get("language") or language
    records, rejections = _build(feed, items, fetched_at, max_entries,
                                 lambda item: json_item_parts(item, timezone=feed.timezone,
                                                              feed_language=lang))
    return NormalisedFeed(tuple(records), tuple(rejections), None,
                          {**meta, "language": lang, "entries": len(items)})


def normalise_feed(body: bytes, headers: Mapping[str, str], feed: FeedRef, fetched_at: datetime,
                   *, max_entries: int = 500) -> NormalisedFeed:
    """Parse a feed body (RSS, Atom, RDF or JSON Feed) into raw records.

    Never raises for bad input: a body that is not a feed comes back with one
    feed-level `Rejection`; a bad entry with a `Rejection` carrying its index.
    A recoverable malformation ("bozo") still yields entries and is reported
    in `bozo`."""
    hdrs = _lower_headers(headers)
    content_type = hdrs.get("content-type", "").lower()
    language = (hdrs.get("content-language") or "").split(",")[0].strip() or None
    if not body.strip():
        return NormalisedFeed((), (Rejection("empty-body", "the response body is empty"),))
    if _looks_like_json(body, content_type):
        result = _normalise_json(body, feed, fetched_at, max_entries, language)
        if not (result.rejected and body.lstrip()[:1] == b"<"):
            return result
    body = repair_utf8(body, hdrs)  # one bad sequence must not re-decode the whole feed
    body, cut_off = cut_entries(body, max_entries)  # a 100,000-item feed gives its first entries
    threat = xml_threat(body, hdrs)  # XML attacks are refused before feedparser sees them
    if threat is not None:
        return NormalisedFeed((), (Rejection("xml-threat", threat),))
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=hdrs)
    except Exception as exc:  # feedparser's loose parser raises on e.g. &#xD800;: reject, never crash
        return NormalisedFeed((), (Rejection("parse-error", f"{type(exc).__name__}: {exc}"),))
    bozo_exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    bozo = f"{type(bozo_exc).__name__}: {bozo_exc}" if bozo_exc is not None else None
    version = parsed.get("version") or ""
    entries = list(parsed.get("entries") or [])
    if not version and not entries:
        if _looks_like_html(body, content_type):
            shown = content_type or "no Content-Type"
            return NormalisedFeed((), (Rejection(
                "html-page", f"the URL served an HTML page ({shown}), not a feed; "
                "look for a <link rel=alternate type=application/rss+xml> on it"),), bozo)
        return NormalisedFeed((), (Rejection("not-a-feed", bozo or "no RSS, Atom, RDF or "
                                             "JSON Feed structure found"),), bozo)
    meta = parsed.get("feed") or {}
    lang = _text(dict.get(meta, "language")) or language
    records, rejections = _build(feed, entries, fetched_at, max_entries,
                                 lambda e: entry_parts(e, timezone=feed.timezone, feed_language=lang))
    if cut_off:
        rejections.append(Rejection("entry-limit", f"{cut_off} entries beyond the "
                                    f"{max_entries}-entry limit ignored (cut before parsing)"))
    feed_meta = {
        "title": _text(dict.get(meta, "title")),
        "link": _text(dict.get(meta, "link")),
        "language": lang,
        "version": version,
        "ttl": _text(dict.get(meta, "ttl")),
        "sy_update_period": _text(dict.get(meta, "sy_updateperiod")),
        "sy_update_frequency": _text(dict.get(meta, "sy_updatefrequency")),
        "poll_hint_s": poll_hint_seconds(dict.get(meta, "ttl"), dict.get(meta, "sy_updateperiod"),
                                         dict.get(meta, "sy_updatefrequency")),
        "entries": len(entries) + cut_off,
    }
    return NormalisedFeed(tuple(records), tuple(rejections), bozo, feed_meta)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
