"""Field limits and character rules for untrusted text: what a raw record's
fields may hold before the pipeline works on them (docs/security.md).

Rules, all deterministic (the same input always gives the same output):

- Invalid UTF-8 never reaches a field: bytes are decoded with `decode_utf8`
  (each invalid sequence becomes U+FFFD), and JSON records with invalid
  UTF-8 or lone surrogate escapes are refused by the decoder.
- Control characters: C0 and C1 controls (except tab, newline, carriage
  return), lone surrogates and Unicode noncharacters (U+FDD0..U+FDEF and the
  last two code points of every plane, which XML forbids and lxml refuses)
  are replaced one for one (controls by a space, the others by U+FFFD), so
  character offsets into a text stay valid.
- One-line fields (headline, author names, categories, captions, times as
  printed) are cleaned, whitespace runs collapsed to one space, and cut at a
  word boundary to their limit.
- URLs are never cut (a cut URL points somewhere else): a URL that is not
  http(s) with a host, or longer than `MAX_URL_CHARS`, is dropped.
- A body (content or summary) is never cut (cutting markup half-way changes
  its meaning): an oversized one is refused whole, by the worker's record
  limit (MAX_RECORD_BYTES) and the pipeline's input limit
  (service/pipeline/stages/limits.py), and dead-lettered.
- An id longer than `MAX_ID_CHARS` is replaced by a hash of itself (still
  stable and unique).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from urllib.parse import urlsplit

from service.model import FeedRef, MediaItem, RawArticle

MAX_HEADLINE_CHARS = 1_000
MAX_NAME_CHARS = 200  # one author, category or feed name
MAX_AUTHORS = 50
MAX_CATEGORIES = 100
MAX_MEDIA = 100
MAX_CAPTION_CHARS = 2_000
MAX_TIME_TEXT_CHARS = 200
MAX_URL_CHARS = 2_048
MAX_ID_CHARS = 2_048
MAX_LANGUAGE_CHARS = 35  # longest sensible BCP 47 tag

SAFE_URL_SCHEMES = frozenset({"http", "https"})

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                              + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}"
                                        for p in range(1, 17))
                              + "]")
_SPACES = re.compile(r"\s+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def decode_utf8(data: bytes) -> str:
    """Bytes as text; each invalid UTF-8 sequence becomes U+FFFD."""
    return data.decode("utf-8", "replace")


def clean_text(text: str) -> str:
    """`text` with control characters replaced by spaces, lone surrogates and
    noncharacters by U+FFFD, one for one: the length (and every offset) is
    unchanged."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if _NOT_A_CHARACTER.search(text):
        text = _NOT_A_CHARACTER.sub("\ufffd", text)
    return text


def cut_at_word(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters, at a space when one is
    within the last fifth of the limit."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit - limit // 5)
    return (head[:space] if space > 0 else head).rstrip()


def clean_line(text: str | None, limit: int) -> str | None:
    """A one-line field: cleaned, whitespace collapsed, cut to `limit`; None
    when nothing is left."""
    if text is None:
        return None
    line = _SPACES.sub(" ", clean_text(text)).strip()
    return cut_at_word(line, limit) or None


def safe_url(url: str | None, schemes: frozenset[str] = SAFE_URL_SCHEMES) -> str | None:
    """`url` when it is an absolute URL with an allowed scheme and a host and
    at most `MAX_URL_CHARS` long, else None. Surrounding whitespace is
    removed; a URL with control characters or spaces inside is refused
    (browsers strip them, which is how `java\\tscript:` gets through filters)."""
    if url is None:
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > MAX_URL_CHARS:
        return None
    if _CONTROL.search(candidate) or _NOT_A_CHARACTER.search(candidate) or _SPACES.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or not host:
        return None
    return candidate


def bounded_id(record_id: str) -> str:
    """The id, cleaned; an overlong id becomes a hash of itself."""
    rid = clean_text(record_id).strip()
    if len(rid) <= MAX_ID_CHARS:
        return rid
    return "urn:wire-ingest:long-id:sha256:" + hashlib.sha256(rid.encode("utf-8")).hexdigest()


def _names(values: tuple[str, ...], limit: int) -> tuple[str, ...]:
    kept = (clean_line(v, MAX_NAME_CHARS) for v in values)
    return tuple(dict.fromkeys(v for v in kept if v))[:limit]


def _media(items: tuple[MediaItem, ...]) -> tuple[MediaItem, ...]:
    out: list[MediaItem] = []
    for m in items:
        url = safe_url(m.url)
        if url is None:
            continue
        out.append(replace(
            m, url=url, type=clean_line(m.type, MAX_NAME_CHARS),
            medium=clean_line(m.medium, MAX_NAME_CHARS),
            title=clean_line(m.title, MAX_CAPTION_CHARS),
            caption=clean_line(m.caption, MAX_CAPTION_CHARS),
            credit=clean_line(m.credit, MAX_NAME_CHARS),
            width=_dimension(m.width), height=_dimension(m.height)))
        if len(out) == MAX_MEDIA:
            break
    return tuple(out)


def _dimension(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000:
        return value
    return None  # a raw record is untrusted: a non-integer width is no width


def _language(tag: str | None) -> str | None:
    if tag is None:
        return None
    tag = tag.strip()
    return tag if len(tag) <= MAX_LANGUAGE_CHARS and _LANGUAGE.fullmatch(tag) else None


def bound_raw(raw: RawArticle) -> RawArticle:
    """`raw` with every field within its documented limit and character
    rules. Never raises: it runs where an exception would not be a value."""
    return replace(
        raw,
        id=bounded_id(raw.id),
        feed=FeedRef(id=clean_line(raw.feed.id, MAX_NAME_CHARS) or "",
                     name=clean_line(raw.feed.name, MAX_NAME_CHARS) or "",
                     url=safe_url(raw.feed.url) or "",
                     timezone=clean_line(raw.feed.timezone, MAX_NAME_CHARS),
                     publisher=clean_line(raw.feed.publisher, MAX_NAME_CHARS)),
        url=safe_url(raw.url),
        entry_id=bounded_id(raw.entry_id) if raw.entry_id is not None else None,
        title=clean_line(raw.title, MAX_HEADLINE_CHARS),
        published_original=clean_line(raw.published_original, MAX_TIME_TEXT_CHARS),
        updated_original=clean_line(raw.updated_original, MAX_TIME_TEXT_CHARS),
        authors=_names(raw.authors, MAX_AUTHORS),
        summary=clean_text(raw.summary) if raw.summary is not None else None,
        content=clean_text(raw.content) if raw.content is not None else None,
        media=_media(raw.media),
        categories=_names(raw.categories, MAX_CATEGORIES),
        language_hint=_language(raw.language_hint),
    )
