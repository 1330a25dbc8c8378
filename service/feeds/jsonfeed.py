"""JSON Feed 1.0/1.1 (https://jsonfeed.org) -> `EntryParts`.

feedparser 6.0 does not read JSON Feed, so this small reader does; HTML
content is sanitised with nh3 the way feedparser sanitises XML feeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import nh3
import orjson

from service.feeds.records import EntryParts
from service.feeds.times import parse_feed_time
from service.model import MediaItem


class NotJsonFeed(ValueError):
    """The body is not JSON, or is JSON but not a JSON Feed."""


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_json_feed(body: bytes) -> tuple[dict[str, Any], list[Any]]:
    """(feed-level fields, raw items) of a JSON Feed body."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise NotJsonFeed(f"not valid JSON: {exc}") from None
    if not isinstance(doc, Mapping):
        raise NotJsonFeed("JSON body is not an object")
    version = doc.get("version")
    if not (isinstance(version, str) and "jsonfeed.org/version/" in version):
        raise NotJsonFeed(f"JSON object without a JSON Feed 'version' (got {version!r})")
    items = doc.get("items")
    if not isinstance(items, list):
        raise NotJsonFeed("JSON Feed has no 'items' list")
    meta = {"title": _text(doc.get("title")), "language": _text(doc.get("language")),
            "link": _text(doc.get("home_page_url")), "version": "json" + version.rsplit("/", 1)[-1]}
    return meta, items


def _authors(item: Mapping[str, Any]) -> tuple[str, ...]:
    raw = item.get("authors")
    if not isinstance(raw, list):
        raw = [item.get("author")]
    names = [_text(a.get("name")) for a in raw if isinstance(a, Mapping)]
    return tuple(dict.fromkeys(n for n in names if n))


def _media(item: Mapping[str, Any]) -> tuple[MediaItem, ...]:
    out: dict[str, MediaItem] = {}
    for key in ("image", "banner_image"):
        url = _text(item.get(key))
        if url:
            out.setdefault(url, MediaItem(url=url, medium="image"))
    for att in item.get("attachments") or []:
        url = _text(att.get("url")) if isinstance(att, Mapping) else None
        if url and url not in out:
            kind = _text(att.get("mime_type"))
            out[url] = MediaItem(url=url, type=kind, title=_text(att.get("title")),
                                 medium=kind.split("/", 1)[0] if kind and "/" in kind else None)
    return tuple(out.values())


def json_item_parts(item: Any, *, timezone: str | None, feed_language: str | None) -> EntryParts:
    """Pick the fields of one JSON Feed item."""
    if not isinstance(item, Mapping):
        raise ValueError(f"item is a {type(item).__name__}, not an object")
    html = _text(item.get("content_html"))
    plain = _text(item.get("content_text"))
    content, kind = (nh3.clean(html), "text/html") if html else (plain, "text/plain")
    summary = _text(item.get("summary"))
    raw_id = item.get("id")
    guid = _text(str(raw_id)) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
    published = _text(item.get("date_published"))
    modified = _text(item.get("date_modified"))
    raw_tags = item.get("tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    return EntryParts(
        guid=guid,
        guid_is_link=False,
        link=_text(item.get("url")) or _text(item.get("external_url")),
        title=_text(item.get("title")),
        published_original=published,
        updated_original=modified,
        published_at=parse_feed_time(published, None, timezone),
        updated_at=parse_feed_time(modified, None, timezone),
        authors=_authors(item),
        summary=summary,
        content=content,
        content_type=kind,
        media=_media(item),
        categories=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip())),
        language_hint=_text(item.get("language")) or feed_language,
    )
