"""Turn what arrives (a raw record, a local file) into the pipeline's Article."""

from __future__ import annotations

import codecs
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from service.errors import InputTooLarge
from service.model import Article, RawArticle
from service.pipeline.stages.limits import MAX_INPUT_CHARS
from service.security.fields import bound_raw

# A file is an HTML page when, after an optional BOM, doctype or comments, it
# opens with one of these elements.
_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main)\b",
    re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
# Bytes per character at worst (UTF-8): files beyond this cannot be within the limit.
_MAX_FILE_BYTES = MAX_INPUT_CHARS * 4


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).isoformat() if dt else None


def article_from_raw(raw: RawArticle) -> Article:
    raw = bound_raw(raw)  # raw records are untrusted: field limits first
    body = raw.content or raw.summary or ""
    return Article(
        id=raw.id,
        url=raw.url,
        source_name=raw.feed.name,
        source_timezone=raw.feed.timezone,
        fetched_at=raw.fetched_at,
        input_content=body,
        input_type="text/plain" if raw.content_type == "text/plain" else "text/html",
        text_source=raw.text_source,
        feed_title=raw.title,
        feed_published=raw.published_original or _iso(raw.published_at),
        feed_updated=raw.updated_original or _iso(raw.updated_at),
        feed_authors=raw.authors,
        feed_media=raw.media,
        feed_categories=raw.categories,
        language_hint=raw.language_hint,
        raw_version=raw.version,
        identity=raw.identity,
        entry_id=raw.entry_id,
        changes=raw.changes,
    )


def looks_like_html(head: bytes) -> bool:
    """Whether a file starting with `head` is an HTML page rather than text."""
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)[:_SNIFF_BYTES]))


def decode_text(data: bytes, html: bool) -> str:
    """UTF-8 (BOM honoured); else the page's declared charset; else Windows-1252,
    which decodes any byte."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES]) if html else None
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def article_from_file(path: str | Path, timezone: str | None = None, source_url: str | None = None,
                      fetched_at: datetime | None = None) -> Article:
    """An Article from a local file holding article text or an article page.

    Plain text and HTML are told apart by the first bytes. `timezone` is the
    source's IANA zone for naive times; `fetched_at` (default: none, so no
    time is judged to be in the future) stands in for the fetch time.
    Raises `InputTooLarge` beyond the pipeline's input limit.
    """
    file = Path(path)
    with file.open("rb") as handle:
        data = handle.read(_MAX_FILE_BYTES + 1)
    if len(data) > _MAX_FILE_BYTES:
        raise InputTooLarge(f"{file} is larger than {_MAX_FILE_BYTES} bytes")
    html = looks_like_html(data[:_SNIFF_BYTES])
    host = urlsplit(source_url).hostname if source_url else None
    return Article(
        id=f"file:{hashlib.sha256(data).hexdigest()[:20]}",
        url=source_url,
        source_name=host or file.stem,
        source_timezone=timezone,
        fetched_at=fetched_at,
        input_content=decode_text(data, html),
        input_type="text/html" if html else "text/plain",
        text_source="file",
    )
