"""Field limits and character rules of service/security/fields.py: overlong
fields are cut or dropped as documented, invalid UTF-8 and control
characters are handled the same way every time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.model import FeedRef, MediaItem, RawArticle
from service.pipeline.inputs import article_from_raw
from service.security import fields
from service.security.fields import bound_raw, clean_line, clean_text, decode_utf8, safe_url

RAW = RawArticle(id="urn:test:1", feed=FeedRef("f", "Feed", "https://news.example/feed"),
                 url="https://news.example/a", title="Storm closes ports",
                 fetched_at=datetime(2025, 3, 1, 12, tzinfo=UTC), content="<p>Text.</p>")


def test_overlong_headline_is_cut_at_a_word_boundary() -> None:
    title = "word " * 1_000
    bounded = bound_raw(RawArticle(**{**_fields(RAW), "title": title}))
    assert bounded.title is not None
    assert len(bounded.title) <= fields.MAX_HEADLINE_CHARS
    assert bounded.title.endswith("word") and title.startswith(bounded.title)


def test_overlong_word_is_cut_hard() -> None:
    assert clean_line("x" * 5_000, 100) == "x" * 100


def test_authors_are_cut_deduplicated_and_counted() -> None:
    authors = ("A " + "b" * 500, "Jane Doe", "Jane Doe", "", *tuple(f"P{i}" for i in range(100)))
    bounded = bound_raw(RawArticle(**{**_fields(RAW), "authors": authors}))
    assert len(bounded.authors) == fields.MAX_AUTHORS
    assert all(len(a) <= fields.MAX_NAME_CHARS for a in bounded.authors)
    assert bounded.authors[1] == "Jane Doe" and bounded.authors.count("Jane Doe") == 1


@pytest.mark.parametrize("url", ["https://news.example/" + "a" * fields.MAX_URL_CHARS,
                                 "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "https://", "news.example/a", "https://ex ample.com/",
                                 "https://news.example/\x00a", "http://[::1/"])
def test_bad_urls_are_dropped_never_cut(url: str) -> None:
    assert safe_url(url) is None
    bounded = bound_raw(RawArticle(**{**_fields(RAW), "url": url,
                                      "media": (MediaItem(url=url),)}))
    assert bounded.url is None and bounded.media == ()


def test_good_urls_are_kept_as_given() -> None:
    for url in ("https://news.example/a?b=1#c", "http://news.example:8080/x", "  https://a.example/ "):
        assert safe_url(url) == url.strip()


def test_overlong_id_becomes_a_stable_hash() -> None:
    long_id = "urn:x:" + "y" * 10_000
    first = bound_raw(RawArticle(**{**_fields(RAW), "id": long_id})).id
    second = bound_raw(RawArticle(**{**_fields(RAW), "id": long_id})).id
    assert first == second and len(first) < 100 and first.startswith("urn:wire-ingest:long-id:")


def test_control_characters_are_replaced_one_for_one() -> None:
    text = "a\x00b\x1b[31mc\x7fd\x85e\tf\ng\rh"
    cleaned = clean_text(text)
    assert cleaned == "a b [31mc d e\tf\ng\rh"
    assert len(cleaned) == len(text)
    assert clean_text(cleaned) == cleaned  # idempotent


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean_text("a\ud800b\udfffc") == "a\ufffdb\ufffdc"


def test_every_character_clean_text_replaces_is_unprintable() -> None:
    """Output safety skips printable text (most fields): that is only safe
    while nothing printable is ever replaced."""
    replaced = [c for c in map(chr, range(0x110000)) if clean_text(c) != c]
    assert replaced and not [c for c in replaced if c.isprintable()]


def test_invalid_utf8_decodes_deterministically() -> None:
    data = b"caf\xc3\xa9 \xff\xfe \xe2\x82 ok"
    assert decode_utf8(data) == decode_utf8(data) == "café \ufffd\ufffd \ufffd ok"


def test_raw_record_fields_are_bounded_on_the_way_into_the_pipeline() -> None:
    raw = RawArticle(**{**_fields(RAW), "title": "Storm\x1b]0;pwned\x07 " + "x " * 2_000,
                        "url": "javascript:alert(1)", "language_hint": "en-GB; DROP TABLE",
                        "categories": ("News\x00", "News\x00")})
    article = article_from_raw(raw)
    assert article.url is None
    assert article.feed_title is not None and "\x1b" not in article.feed_title
    assert len(article.feed_title) <= fields.MAX_HEADLINE_CHARS
    assert article.language_hint is None
    assert article.feed_categories == ("News",)


def test_body_is_never_cut() -> None:
    body = "<p>" + "word " * 200_000 + "</p>"
    assert bound_raw(RawArticle(**{**_fields(RAW), "content": body})).content == body


def _fields(raw: RawArticle) -> dict[str, object]:
    return {name: getattr(raw, name) for name in raw.__slots__}  # type: ignore[attr-defined]
