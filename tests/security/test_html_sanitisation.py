"""HTML that travels downstream is inert: a corpus of filter-evasion payloads
(tests/security/payloads.py) goes through the sanitiser and through the
whole worker path (raw record -> pipeline -> ninjs), and nothing executable
survives in any field of the enriched document."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from service.model import Article, Caption, FeedRef, MediaItem, RawArticle, RelatedLink
from service.pipeline.ninjs import to_ninjs
from service.pipeline.registry import default_pipeline
from service.pipeline.stages.output_safety import output_safety
from service.security.sanitise import sanitise_html, text_only
from service.transport.serde import encode_raw
from service.worker.handler import Enriched, handle_raw
from tests.fixtures.knowledge.schema import NINJS_SCHEMA
from tests.fixtures.knowledge.schema import errors as schema_errors
from tests.security.payloads import MARKER, PAYLOADS, wrapped
from tests.security.safety import document_problems, html_problems

pytestmark = pytest.mark.timeout(120)
PIPELINE = default_pipeline()


@pytest.mark.parametrize("name", PAYLOADS)
def test_sanitiser_leaves_nothing_executable(name: str) -> None:
    payload = PAYLOADS[name]
    assert html_problems(payload) or MARKER in payload  # the payload is live to begin with
    out = sanitise_html(wrapped(payload))
    assert html_problems(out) == []
    assert MARKER not in out
    assert "A storm closed three ports" in out  # the story before the payload is kept


def test_sanitiser_keeps_safe_links_and_marks_them() -> None:
    out = sanitise_html('<p>See <a href="https://news.example/a" onclick="x()">this</a>.</p>')
    assert 'href="https://news.example/a"' in out
    assert 'rel="noopener noreferrer nofollow"' in out and "onclick" not in out


@pytest.mark.parametrize("markup", ["<ul><li>" * 200_000, "<div>" * 300_000 + "x",
                                    "<table><tr><td>" * 100_000])
def test_sanitiser_is_bounded_on_deep_nesting(markup: str) -> None:
    """nh3 alone spends minutes on these (its cost grows with depth x tags)."""
    started = time.monotonic()
    out = sanitise_html(markup)
    assert time.monotonic() - started < 10
    assert html_problems(out) == []


def raw_with(content: str, **fields: Any) -> RawArticle:
    base: dict[str, Any] = {
        "id": "urn:test:hostile", "feed": FeedRef("f", "Feed", "https://news.example/feed"),
        "url": "https://news.example/a", "title": "Storm closes ports",
        "fetched_at": datetime(2025, 3, 1, 12, tzinfo=UTC), "content": content}
    base.update(fields)
    return RawArticle(**base)


def enriched(raw: RawArticle) -> dict[str, Any]:
    handled = handle_raw(encode_raw(raw), PIPELINE, max_bytes=4 << 20)
    assert isinstance(handled, Enriched), handled
    doc: dict[str, Any] = orjson.loads(handled.value)
    return doc


def check_schema(doc: dict[str, Any]) -> None:
    if NINJS_SCHEMA.exists():
        assert schema_errors(doc) == []


@pytest.mark.parametrize("name", PAYLOADS)
def test_payload_in_the_body_does_not_survive_enrichment(name: str) -> None:
    doc = enriched(raw_with(wrapped(PAYLOADS[name])))
    assert document_problems(doc, MARKER) == []
    check_schema(doc)


@pytest.mark.parametrize("name", PAYLOADS)
def test_payload_in_title_author_and_media_does_not_survive_enrichment(name: str) -> None:
    payload = PAYLOADS[name]
    doc = enriched(raw_with(
        wrapped(""), title=f"Storm {payload} closes ports", authors=(f"Jane {payload}",),
        media=(MediaItem(url="javascript:PWN()", caption=payload),
               MediaItem(url="https://img.example/1.jpg", caption=f"Waves {payload}"))))
    assert document_problems(doc, MARKER) == []
    check_schema(doc)


HOSTILE_URLS = ["javascript:PWN()", " JaVaScRiPt:PWN()", "java\tscript:PWN()", "data:text/html,PWN",
                "vbscript:PWN()", "file:///etc/passwd", "\x01javascript:PWN()", "//evil.example/PWN"]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_unsafe_urls_never_reach_the_document(url: str) -> None:
    doc = enriched(raw_with(
        wrapped(f'<p>ALSO READ: <a href="{url}">Ports reopen</a></p>'
                f'<figure><img src="{url}"><figcaption>Waves hit the pier. '
                "REUTERS/Ann Photographer</figcaption></figure>"), url=url))
    assert document_problems(doc, MARKER) == []


def test_output_stage_cleans_fields_made_by_any_stage() -> None:
    """Whatever a stage puts into captions and related links is checked on
    the way out, so a stage bug cannot ship a javascript: link."""
    article = Article(
        id="urn:test:1", url="javascript:PWN()", source_name="S", source_timezone=None,
        fetched_at=None, input_content="", input_type="text/html",
        headline="Storm <img src=x onerror=PWN()>\x1b[31m", paragraphs=("Calm\x00 words.",),
        captions=(Caption(text="<script>PWN()</script>Waves", image_url="javascript:PWN()"),),
        related_links=(RelatedLink(title="<b>Ports</b>", label="ALSO READ",
                                   url="data:text/html,PWN"),),
        feed_media=(MediaItem(url="vbscript:PWN"), MediaItem(url="https://img.example/a.jpg")))
    safe = output_safety.fn(article)
    assert safe.url is None
    assert safe.headline == "Storm [31m"
    assert safe.paragraphs == ("Calm  words.",)  # one for one: offsets stay valid
    assert safe.captions[0].text == "Waves" and safe.captions[0].image_url is None
    assert safe.related_links[0].title == "Ports" and safe.related_links[0].url is None
    assert [m.url for m in safe.feed_media] == ["https://img.example/a.jpg"]
    assert document_problems(to_ninjs(safe), MARKER) == []


def test_plain_text_without_markup_is_untouched() -> None:
    for text in ("Why x < y matters", "AT&T results", "3 <= 4 > 2", "Rock 'n' roll"):
        assert text_only(text) == text
