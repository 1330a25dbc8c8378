"""The held-out stories (tests/fixtures/knowledge/heldout.yaml: written after
the stages were tuned on stories.yaml): facilities, companies and places that
look like people, ambiguous city names (Córdoba, San Jose, Hyderabad,
Valencia, Cambridge, Santiago, Victoria). Prints precision and recall."""

from __future__ import annotations

import pytest

from service.model import Article
from tests.fixtures.knowledge.stories import (
    HELDOUT_FILE,
    Story,
    enrich_story,
    load_stories,
    measure,
)

STORIES = load_stories(HELDOUT_FILE)


@pytest.fixture(scope="module")
def enriched() -> dict[str, Article]:
    return {s.id: enrich_story(s) for s in STORIES}


def test_held_out_stories_cover_several_regions() -> None:
    assert len(STORIES) >= 6
    assert len({s.expect["primary_country"] for s in STORIES}) >= 6


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_no_wrong_reading_of_an_ambiguous_name(story: Story, enriched: dict[str, Article]) -> None:
    article = enriched[story.id]
    assert not {p.geonameid for p in article.places} & set(story.expect.get("forbidden_places", []))
    assert not {p.name for p in article.people} & set(story.expect.get("forbidden_people", []))
    assert article.primary_country == story.expect["primary_country"]
    assert set(story.expect["topics"]) <= {t.code for t in article.topics}, article.topics


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_dateline_resolves_to_the_primary_country(story: Story,
                                                  enriched: dict[str, Article]) -> None:
    dateline = enriched[story.id].dateline
    assert dateline is not None and dateline.country == story.expect["primary_country"]


def test_precision_and_recall_on_held_out_stories(enriched: dict[str, Article]) -> None:
    tallies = measure(STORIES, enriched)
    for kind, t in tallies.items():
        print(f"\nheld-out {kind}: precision {t.precision:.3f} recall {t.recall:.3f} "
              f"(tp {t.tp}, fp {t.fp}, fn {t.fn})")
        for line in t.errors:
            print(f"  {line}")
    for kind, t in tallies.items():
        assert t.precision >= 0.9, (kind, t.errors)
        assert t.recall >= 0.85, (kind, t.errors)
