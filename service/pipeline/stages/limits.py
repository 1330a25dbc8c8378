"""Documented size limits that keep every anatomy stage bounded on hostile input.

Real wire stories are a few kilobytes; the longest features and live blogs stay
well under these numbers. Anything beyond them is either refused
(`InputTooLarge`, dead-lettered) or truncated with a flag on the article, so no
stage ever sees more than `MAX_BODY_CHARS` of text in at most `MAX_PARAGRAPHS`
paragraphs of at most `MAX_PARAGRAPH_CHARS` each. Per-character work in later
stages is therefore bounded by `MAX_BODY_CHARS`.
"""

from __future__ import annotations

from service.copies import replace
from service.errors import InputTooLarge, InvalidRecord
from service.model import Article
from service.pipeline.runner import stage

# Raw input (HTML page, feed content or text file) above this is refused. A
# 10 MB single paragraph is refused here, before any parsing.
MAX_INPUT_CHARS = 5_000_000
# Paragraphs kept from one article; the rest are dropped (flag "truncated-input").
MAX_PARAGRAPHS = 2_000
# Characters kept per paragraph, cut at a word boundary (flag "truncated-paragraph").
MAX_PARAGRAPH_CHARS = 20_000
# Characters of body text kept overall (flag "truncated-input").
MAX_BODY_CHARS = 500_000
# Headline, byline and other one-line fields longer than this are not one-liners.
MAX_LINE_CHARS = 500
# HTML elements walked in one document (real article pages have a few
# thousand); the rest is dropped (flag "truncated-input"). libxml2 itself
# stops nesting at 256 levels, and the walk is iterative, so depth is bounded too.
MAX_HTML_ELEMENTS = 25_000
# JSON-LD blocks larger than this are not parsed.
MAX_JSONLD_CHARS = 200_000
# Quoted spans examined per article.
MAX_QUOTE_SPANS = 300
# Characters of text given to language identification.
LANGUAGE_SAMPLE_CHARS = 2_000

FLAG_TRUNCATED_INPUT = "truncated-input"
FLAG_TRUNCATED_PARAGRAPH = "truncated-paragraph"


@stage("input-limits", "1")
def input_limits(a: Article) -> Article:
    """Refuse input beyond `MAX_INPUT_CHARS`, and input with nothing to enrich."""
    size = len(a.input_content)
    if size > MAX_INPUT_CHARS:
        raise InputTooLarge(f"input of {size} characters exceeds the limit of {MAX_INPUT_CHARS}")
    if not a.input_content.strip() and not (a.feed_title or "").strip():
        raise InvalidRecord("record has neither content nor a title")
    return a


def cut_at_word(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters, at a space when one is near."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", max(0, limit - 200))
    return (head[:space] if space > 0 else head).rstrip()


def add_flags(a: Article, *flags: str) -> Article:
    """`a` with `flags` appended to its flags, each at most once, order kept."""
    new = tuple(f for f in dict.fromkeys(flags) if f not in a.flags)
    return replace(a, flags=a.flags + new) if new else a
