"""Turning the parts of a feed entry into a `RawArticle`: identity and
content hash are decided here, once, for every feed format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import orjson

from service.feeds.urls import canonical_url, is_absolute_uri
from service.model import FeedRef, MediaItem, RawArticle, TextSource
from service.security.fields import bound_raw


@dataclass(frozen=True, slots=True)
class EntryParts:
    """What a parser found in one entry, before identity and hashing."""

    guid: str | None
    guid_is_link: bool
    link: str | None
    title: str | None
    published_original: str | None = None
    updated_original: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    content: str | None = None
    content_type: str = "text/html"
    media: tuple[MediaItem, ...] = ()
    categories: tuple[str, ...] = ()
    language_hint: str | None = None


class NoIdentity(ValueError):
    """The entry has neither id, link, title nor text: nothing to publish."""


def record_id(feed: FeedRef, parts: EntryParts) -> str:
    """GUID when present (canonicalised when it is a permalink; prefixed with
    the publisher, else the feed id, when it is only unique within the feed),
    else the canonical link, else a hash of what the entry says."""
    namespace = feed.publisher or feed.id
    guid = (parts.guid or "").strip()
    if guid:
        if guid.lower().startswith(("http://", "https://")):
            return canonical_url(guid)
        return guid if is_absolute_uri(guid) else f"{namespace}:{guid}"
    if parts.link and parts.link.strip():
        return canonical_url(parts.link)
    text = "\x1f".join([parts.title or "", parts.content or "", parts.summary or ""])
    if not text.strip("\x1f").strip():
        raise NoIdentity("entry has no id, link, title, summary or content")
    return f"{namespace}:sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}"


def content_hash(parts: EntryParts) -> str:
    """sha256 over what a reader would notice changing. Times are left out on
    purpose: some feeds restamp every item on every build."""
    material = {
        "title": parts.title,
        "link": parts.link,
        "content": parts.content,
        "summary": parts.summary,
        "authors": list(parts.authors),
        "categories": list(parts.categories),
        "media": [[m.url, m.caption, m.credit] for m in parts.media],
    }
    return hashlib.sha256(orjson.dumps(material, option=orjson.OPT_SORT_KEYS)).hexdigest()


def build_record(feed: FeedRef, parts: EntryParts, fetched_at: datetime) -> RawArticle:
    """The raw record for one entry (version 1; the poller bumps versions)."""
    source: TextSource = "feed-content" if parts.content else "feed-summary"
    body = parts.content if parts.content else parts.summary
    content_type = parts.content_type if parts.content else "text/html"
    return bound_raw(RawArticle(  # field limits: service/security/fields.py
        id=record_id(feed, parts),
        feed=feed,
        url=canonical_url(parts.link) if parts.link else None,
        title=parts.title,
        fetched_at=fetched_at,
        published_original=parts.published_original,
        updated_original=parts.updated_original,
        published_at=parts.published_at,
        updated_at=parts.updated_at,
        authors=parts.authors,
        summary=parts.summary,
        content=body,
        content_type=content_type,
        text_source=source,
        media=parts.media,
        categories=parts.categories,
        language_hint=parts.language_hint,
        content_hash=content_hash(parts),
    ))
