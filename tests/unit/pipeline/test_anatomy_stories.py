"""Table-driven: every story in tests/fixtures/stories/ (our own wire copy, in
the bylines, datelines, captions, credits, cross-promotions and quote forms of
the agencies) goes through the anatomy stages and must give what its sidecar
`<name>.expected.json` says. Only the keys a sidecar lists are compared."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from service.model import Article
from service.pipeline.registry import anatomy_stages
from service.pipeline.runner import Pipeline, Success

STORIES = Path(__file__).resolve().parents[2] / "fixtures" / "stories"
SIDECARS = sorted(STORIES.glob("*.expected.json"))


@dataclass(frozen=True)
class Story:
    name: str
    article: Article
    expect: dict[str, Any]


def _load(sidecar: Path) -> Story:
    spec = json.loads(sidecar.read_text("utf-8"))
    name = sidecar.name.removesuffix(".expected.json")
    source = next(p for p in STORIES.glob(f"{name}.*") if p.suffix in (".txt", ".html"))
    given = spec.get("input", {})
    feed = given.get("feed", {})
    fetched = given.get("fetched_at")
    article = Article(
        id=name, url=given.get("url"), source_name="fixture", source_timezone=given.get("timezone"),
        fetched_at=datetime.fromisoformat(fetched) if fetched else None,
        input_content=source.read_text("utf-8"),
        input_type="text/html" if source.suffix == ".html" else "text/plain",
        text_source=feed.get("text_source", "file"),
        feed_title=feed.get("title"), feed_published=feed.get("published"),
        feed_updated=feed.get("updated"), feed_authors=tuple(feed.get("authors", ())),
        language_hint=feed.get("language_hint"),
    )
    return Story(name, article, spec["expect"])


def _utc(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _actual(a: Article) -> dict[str, Any]:
    """The article in the vocabulary of the sidecars."""
    return {
        "headline": a.headline,
        "published": _utc(a.published.utc) if a.published else None,
        "published_source": a.published.source if a.published else None,
        "published_flags": list(a.published.flags) if a.published else [],
        "updated": _utc(a.updated.utc) if a.updated else None,
        "updated_flags": list(a.updated.flags) if a.updated else [],
        "byline": a.byline,
        "authors": list(a.authors),
        "agencies": list(a.agencies),
        "dateline": None if a.dateline is None else {
            "text": a.dateline.text, "place": a.dateline.place, "region": a.dateline.region,
            "date_text": a.dateline.date_text, "agency": a.dateline.agency},
        "paragraph_count": len(a.paragraphs),
        "first_paragraph": a.paragraphs[0] if a.paragraphs else None,
        "last_paragraph": a.paragraphs[-1] if a.paragraphs else None,
        "headings": list(a.headings),
        "captions": [{"text": c.text, "photographer": c.photographer, "agency": c.agency}
                     for c in a.captions],
        "related_links": [link.title for link in a.related_links],
        "contributors": [[c.name, c.role] for c in a.contributors],
        "duplicate_paragraphs_removed": a.duplicate_paragraphs_removed,
        "boilerplate_lines_removed": a.boilerplate_lines_removed,
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in a.quotes],
        "language": a.language,
        "flags": list(a.flags),
        "words": a.counts.words if a.counts else None,
    }


def _mismatches(expect: dict[str, Any], got: dict[str, Any], body: str) -> list[str]:
    problems = []
    for key, want in expect.items():
        if key == "first_paragraph_starts_with":
            ok = bool(got["first_paragraph"]) and got["first_paragraph"].startswith(want)
            key = "first_paragraph"
        elif key == "last_paragraph_starts_with":
            ok = bool(got["last_paragraph"]) and got["last_paragraph"].startswith(want)
            key = "last_paragraph"
        elif key == "must_not_contain":
            leaked = [s for s in want if s in body]
            if leaked:
                problems.append(f"body still contains {leaked!r}")
            continue
        elif key == "flags_include":
            ok = set(want) <= set(got["flags"])
            key = "flags"
        elif key == "flags_exclude":
            ok = not set(want) & set(got["flags"])
            key = "flags"
        elif key == "captions":
            ok = len(want) == len(got[key]) and all(
                g["text"].startswith(w["starts_with"]) and g["photographer"] == w.get("photographer")
                and g["agency"] == w.get("agency") for w, g in zip(want, got[key], strict=False))
        elif key == "quotes":
            ok = len(want) == len(got[key]) and all(
                g["text"] == w["text"] and g["speaker"] == w.get("speaker")
                and (("role_contains" not in w) or (g["role"] and w["role_contains"] in g["role"]))
                for w, g in zip(want, got[key], strict=False))
        else:
            ok = got[key] == want
        if not ok:
            problems.append(f"{key}: expected {want!r}, got {got[key]!r}")
    return problems


def test_there_are_enough_stories() -> None:
    assert len(SIDECARS) >= 15


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_story(sidecar: Path) -> None:
    story = _load(sidecar)
    outcome = Pipeline(anatomy_stages()).run(story.article)
    assert isinstance(outcome, Success), f"{story.name}: {outcome}"
    article = outcome.article
    problems = _mismatches(story.expect, _actual(article), article.body_text)
    assert not problems, f"{story.name}:\n  " + "\n  ".join(problems)
