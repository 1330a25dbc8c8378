"""Property tests of the pure stages: any text or markup yields a valid,
safe enriched document or a clean PoisonError rejection, within time and
memory bounds."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.model import FeedRef, RawArticle
from service.pipeline.registry import default_pipeline
from service.transport.serde import encode_raw
from service.worker.handler import Enriched, Rejected, handle_raw
from tests.fixtures.knowledge.schema import NINJS_SCHEMA
from tests.fixtures.knowledge.schema import errors as schema_errors
from tests.security.safety import document_problems

PIPELINE = default_pipeline()
POISON_REASONS = {"invalid-record", "input-too-large", "stage-failure"}
FEED = FeedRef("prop", "Property Wire", "https://prop.example/feed", "Europe/Madrid")

TAGS = ["p", "div", "span", "a", "b", "h1", "h2", "li", "ul", "figure", "figcaption", "img",
        "script", "style", "table", "td", "br", "svg", "iframe", "blockquote", "time"]
ATTRS = ["href", "src", "class", "onclick", "style", "datetime", "alt", "title"]
WORDS = st.sampled_from(["LONDON", "(Reuters)", "-", "said", "\"We", "will\"", "By", "Ann Lee",
                         "ALSO READ:", "REUTERS/Tom Hale", "March 3", "2025", "Syria", "the",
                         "United Nations", "&amp;", "&#0;", "&#xD800;", "\u0301", "\x1b", "...",
                         "javascript:x()", "Photo:", "Editing by", "\u200b", "Saraqeb"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    attr = st.tuples(st.sampled_from(ATTRS), st.text(max_size=20)).map(
        lambda kv: f' {kv[0]}="{kv[1]}"')
    return st.tuples(st.sampled_from(TAGS), st.lists(attr, max_size=2),
                     st.lists(children, max_size=4), st.booleans()).map(
        lambda t: f"<{t[0]}{''.join(t[1])}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))


TEXT = st.lists(WORDS | st.text(max_size=30), max_size=12).map(" ".join)
MARKUP = st.recursive(TEXT, _element, max_leaves=25)


def _raw(content: str, kind: str, title: str | None) -> RawArticle:
    return RawArticle(id="urn:prop:1", feed=FEED, url="https://prop.example/a", title=title,
                      fetched_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
                      published_original="Mon, 03 Mar 2025 10:00:00 +0100",
                      content=content, content_type=kind)


def _check(raw: RawArticle) -> None:
    handled = handle_raw(encode_raw(raw), PIPELINE, max_bytes=4 << 20)
    if isinstance(handled, Rejected):
        assert handled.reason in POISON_REASONS
        # a stage may refuse input; it may not crash on it
        assert handled.reason != "stage-failure", handled
        return
    assert isinstance(handled, Enriched)
    doc = orjson.loads(handled.value)
    assert document_problems(doc) == []
    if NINJS_SCHEMA.exists():
        assert schema_errors(doc) == []


SETTINGS = settings(max_examples=120, deadline=3000,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(TEXT | st.text(), st.one_of(st.none(), TEXT))
def test_any_plain_text_gives_a_valid_document_or_a_clean_rejection(body: str,
                                                                   title: str | None) -> None:
    _check(_raw(body, "text/plain", title))


@SETTINGS
@given(MARKUP, st.one_of(st.none(), TEXT))
def test_any_markup_gives_a_valid_document_or_a_clean_rejection(body: str,
                                                               title: str | None) -> None:
    _check(_raw(body, "text/html", title))


LARGE = {
    "deep nesting": "<div>" * 50_000 + "<p>LONDON (Wire) - Text.</p>",
    "nested lists": "<ul><li>" * 30_000,
    "many paragraphs": "<p>LONDON (Wire) - A sentence of a story said here.</p>" * 20_000,
    "one huge paragraph": "<p>" + "word " * 400_000 + "</p>",
    "many quotes": '<p>"Yes," said Ann Lee. "No," said Tom Hale.</p>' * 5_000,
    "many links": '<p>ALSO READ: <a href="https://x.example/">Story</a></p>' * 10_000,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", LARGE)
def test_large_hostile_bodies_stay_within_time_and_memory(name: str) -> None:
    body = LARGE[name]
    tracemalloc.start()
    started = time.monotonic()
    try:
        handled = handle_raw(encode_raw(_raw(body, "text/html", "Storm")), PIPELINE,
                             max_bytes=8 << 20)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(handled, Enriched | Rejected)
    if isinstance(handled, Rejected):
        assert handled.reason in {"invalid-record", "input-too-large"}, handled
    assert elapsed < 60, f"{name}: {elapsed:.1f}s"
    assert peak < 400 * 1024 * 1024, f"{name}: {peak / 2**20:.0f} MiB"
