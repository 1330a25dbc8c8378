"""feedparser entries -> `EntryParts`. feedparser has already sanitised the
HTML; this module only picks fields and reads times."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.feeds.records import EntryParts
from service.feeds.times import parse_feed_time
from service.model import MediaItem

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _get(d: Any, key: str) -> Any:
    """dict lookup that bypasses FeedParserDict's aliasing (and its warnings)."""
    return dict.get(d, key) if isinstance(d, dict) else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 100_000 else None


def _content(entry: Any) -> tuple[str | None, str, str | None]:
    """(body, content type, language) of the richest content block."""
    blocks = [b for b in (_get(entry, "content") or []) if isinstance(b, Mapping)]
    blocks = [b for b in blocks if _text(b.get("value"))]
    if not blocks:
        return None, "text/html", None
    html = [b for b in blocks if str(b.get("type") or "").lower() in _HTML_TYPES]
    best = max(html or blocks, key=lambda b: len(b.get("value") or ""))
    kind = "text/html" if best in html else "text/plain"
    return _text(best.get("value")), kind, _text(best.get("language"))


def _authors(entry: Any) -> tuple[str, ...]:
    names: list[str] = []
    for author in _get(entry, "authors") or []:
        if isinstance(author, Mapping):
            name = _text(author.get("name")) or _text(author.get("email"))
            if name and name not in names:
                names.append(name)
    if not names:
        single = _text(_get(entry, "author"))
        if single:
            names.append(single)
    return tuple(names)


def _media(entry: Any) -> tuple[MediaItem, ...]:
    credits = [c for c in (_get(entry, "media_credit") or []) if isinstance(c, Mapping)]
    credit = next((_text(c.get("content")) for c in credits if _text(c.get("content"))), None)
    items: dict[str, MediaItem] = {}
    for m in _get(entry, "media_content") or []:
        url = _text(m.get("url")) if isinstance(m, Mapping) else None
        if url and url not in items:
            items[url] = MediaItem(url=url, type=_text(m.get("type")), medium=_text(m.get("medium")),
                                   credit=credit, width=_int(m.get("width")),
                                   height=_int(m.get("height")))
    for link in _get(entry, "links") or []:
        if isinstance(link, Mapping) and link.get("rel") == "enclosure":
            url = _text(link.get("href"))
            if url and url not in items:
                kind = _text(link.get("type"))
                medium = kind.split("/", 1)[0] if kind and "/" in kind else None
                items[url] = MediaItem(url=url, type=kind, medium=medium, credit=credit)
    for t in _get(entry, "media_thumbnail") or []:
        url = _text(t.get("url")) if isinstance(t, Mapping) else None
        if url and url not in items:
            items[url] = MediaItem(url=url, medium="image", title="thumbnail", credit=credit,
                                   width=_int(t.get("width")), height=_int(t.get("height")))
    return tuple(items.values())


def _categories(entry: Any) -> tuple[str, ...]:
    out: list[str] = []
    for tag in _get(entry, "tags") or []:
        if isinstance(tag, Mapping):
            term = _text(tag.get("term")) or _text(tag.get("label"))
            if term and term not in out:
                out.append(term)
    return tuple(out)


def entry_parts(entry: Any, *, timezone: str | None, feed_language: str | None) -> EntryParts:
    """Pick the fields of one feedparser entry."""
    body, body_type, body_lang = _content(entry)
    summary = _text(_get(entry, "summary"))
    summary_detail = _get(entry, "summary_detail") or {}
    title_detail = _get(entry, "title_detail") or {}
    language = (body_lang or _text(summary_detail.get("language"))
                or _text(title_detail.get("language")) or feed_language)
    published = _text(_get(entry, "published"))
    published_parsed = _get(entry, "published_parsed")
    updated = _text(_get(entry, "updated"))
    if published is None and updated is not None:
        # RSS 1.0's dc:date and an Atom entry without <published> carry one
        # date; feedparser files it as "updated", but it dates the story.
        published, published_parsed = updated, _get(entry, "updated_parsed")
    return EntryParts(
        guid=_text(_get(entry, "id")),
        guid_is_link=bool(_get(entry, "guidislink")),
        link=_text(_get(entry, "link")),
        title=_text(_get(entry, "title")),
        published_original=published,
        updated_original=updated,
        published_at=parse_feed_time(published, published_parsed, timezone),
        updated_at=parse_feed_time(updated, _get(entry, "updated_parsed"), timezone),
        authors=_authors(entry),
        summary=summary,
        content=body,
        content_type=body_type,
        media=_media(entry),
        categories=_categories(entry),
        language_hint=language,
    )
