"""Hostile input: every anatomy stage stays bounded in time and memory.

Limits are documented in service/pipeline/stages/limits.py; these tests
check that inputs beyond them are refused or truncated with a flag, never
processed unboundedly (pytest-timeout bounds each test)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.errors import InputTooLarge, InvalidRecord, PoisonError
from service.model import Article
from service.pipeline.registry import anatomy_stages
from service.pipeline.runner import Failure, Pipeline, Success
from service.pipeline.stages import limits

PIPELINE = Pipeline(anatomy_stages())


def _article(content: str, input_type: str = "text/plain", title: str | None = None) -> Article:
    return Article(id="hostile", url=None, source_name="test", source_timezone=None,
                   fetched_at=None, input_content=content, input_type=input_type,  # type: ignore[arg-type]
                   feed_title=title)


def _ok(content: str, input_type: str = "text/plain") -> Article:
    outcome = PIPELINE.run(_article(content, input_type))
    assert isinstance(outcome, Success), outcome
    return outcome.article


@pytest.mark.timeout(30)
def test_a_10_mb_single_paragraph_is_refused_before_parsing() -> None:
    outcome = PIPELINE.run(_article("word " * 2_000_000))
    assert isinstance(outcome, Failure)
    assert outcome.stage == "input-limits"
    assert isinstance(outcome.error, InputTooLarge)


def test_a_record_with_no_content_and_no_title_is_invalid() -> None:
    outcome = PIPELINE.run(_article("   \n "))
    assert isinstance(outcome, Failure) and isinstance(outcome.error, InvalidRecord)


def test_a_title_alone_is_enough_to_enrich() -> None:
    outcome = PIPELINE.run(_article("", title="Storm closes ports along the coast"))
    assert isinstance(outcome, Success)
    assert outcome.article.headline == "Storm closes ports along the coast"
    assert "no-body" in outcome.article.flags


@pytest.mark.timeout(30)
@pytest.mark.parametrize("input_type", ["text/plain", "text/html"])
def test_a_huge_paragraph_under_the_input_limit_is_cut_and_flagged(input_type: str) -> None:
    body = "word " * (limits.MAX_INPUT_CHARS // 6)
    content = f"<p>{body}</p>" if input_type == "text/html" else body
    article = _ok(content, input_type)
    assert len(article.paragraphs) == 1
    assert len(article.paragraphs[0]) <= limits.MAX_PARAGRAPH_CHARS
    assert limits.FLAG_TRUNCATED_PARAGRAPH in article.flags


@pytest.mark.timeout(30)
@pytest.mark.parametrize("input_type", ["text/plain", "text/html"])
def test_100000_tiny_paragraphs_are_cut_to_the_paragraph_limit(input_type: str) -> None:
    paragraphs = [f"Line {i} of the flood." for i in range(100_000)]
    content = ("".join(f"<p>{p}</p>" for p in paragraphs) if input_type == "text/html"
               else "\n\n".join(paragraphs))
    article = _ok(content, input_type)
    assert len(article.paragraphs) <= limits.MAX_PARAGRAPHS
    assert len(article.paragraphs) > limits.MAX_PARAGRAPHS // 2
    assert limits.FLAG_TRUNCATED_INPUT in article.flags


@pytest.mark.timeout(30)
def test_deeply_nested_markup_is_walked_without_recursion() -> None:
    depth = 100_000
    article = _ok("<div>" * depth + "<p>Deep text here.</p>" + "</div>" * depth, "text/html")
    assert len(article.paragraphs) <= 1  # libxml2 stops nesting at 256 levels


@pytest.mark.timeout(30)
def test_a_page_with_more_elements_than_the_walk_limit_is_truncated() -> None:
    article = _ok("<div>" + "<span>a</span><br>" * (2 * limits.MAX_HTML_ELEMENTS) + "</div>",
                  "text/html")
    assert limits.FLAG_TRUNCATED_INPUT in article.flags


@pytest.mark.timeout(60)
@pytest.mark.parametrize("paragraph", [
    "A" * 15_000 + " - x",                      # dateline and name patterns on a giant word
    "\u201c" * 15_000,                          # unclosed quote marks
    "\u2018a " * 5_000,                         # single quotes that never close
    "'A " * 5_000,                              # straight single quotes before capitals
    " ".join(f"Abc{i}" for i in range(3_000)) + " said",  # a name run that never ends
    "Jane Doe, the " + "x " * 5_000 + "said",   # an appositive that never closes
    "(" * 10_000 + "Reporting by",             # unbalanced brackets near a credit
    "A/" * 7_000,                               # slash credits without end
], ids=["giant-word", "open-quotes", "single-quotes", "apostrophes", "name-run",
        "appositive", "brackets", "slashes"])
def test_pathological_paragraphs_finish(paragraph: str) -> None:
    content = "\n\n".join(f"{paragraph} {i}" for i in range(20))
    article = _ok(content)
    assert article.counts is not None and article.counts.paragraphs >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("Aa Zz1.,;:-()[]/\u201c\u201d\"'\u2018\u2019\u00ab\u00bb\n<>p")),
               max_size=3_000),
       st.sampled_from(["text/plain", "text/html"]))
def test_any_text_either_enriches_or_is_poison(content: str, input_type: str) -> None:
    outcome = PIPELINE.run(_article(content, input_type, title="Fuzzed"))
    if isinstance(outcome, Failure):
        assert isinstance(outcome.error, PoisonError)
        assert outcome.stage == "input-limits", f"stage {outcome.stage} raised: {outcome.error}"
    else:
        assert outcome.article.headline is not None
