"""Gold acceptance for the gold file's `bonus` section: relative dates
resolved against the story's publication date, quantities, and the speakers
of indirect speech. The expectations are read from ../shared at run time."""

from __future__ import annotations

import re
from typing import Any

from service.model import Article


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _same_phrase(expected: str, printed: str) -> bool:
    """The printed phrase names what the gold file names: one contains the
    other once case, hyphens and articles are set aside."""
    a, b = (re.sub(r"\b(an?|the)\b", " ", _norm(t)).split() for t in (expected, printed))
    return " ".join(a) in " ".join(b) or " ".join(b) in " ".join(a)


def test_relative_dates_are_resolved_against_the_publication_date(
        gold: dict[str, Any], article: Article) -> None:
    expected: dict[str, str] = gold["bonus"]["relative_dates"]
    found = [(t.text, t.resolved) for t in article.time_expressions]
    print(f"\ntime expressions: {found}")
    for phrase, resolved in expected.items():
        matches = [r for text, r in found if _same_phrase(phrase, text)]
        assert resolved in matches, (phrase, resolved, found)
    body = article.body_text
    assert all(body[t.start:t.end] == t.text for t in article.time_expressions)


def test_quantities_name_what_is_counted(gold: dict[str, Any], article: Article) -> None:
    found = [q.text for q in article.quantities]
    print(f"\nquantities: {found}")
    for phrase in gold["bonus"]["quantities"]:
        assert any(_norm(phrase) == _norm(text) for text in found), (phrase, found)
    body = article.body_text
    assert all(body[q.start:q.end] == q.text for q in article.quantities)
    assert all(q.value is None or q.value > 0 for q in article.quantities)


def test_indirect_speech_is_attributed_to_people_of_the_story(
        gold: dict[str, Any], article: Article) -> None:
    speakers = {r.speaker for r in article.reported_speech}
    print(f"\nreported speech: {[(r.speaker, r.text[:60]) for r in article.reported_speech]}")
    for item in gold["bonus"]["indirect_speech"]:
        assert item["speaker"] in speakers, (item, speakers)
    people = {p.name for p in article.people}
    assert speakers <= people
