"""Table-driven: the knowledge stages on the fixture stories (several regions,
ambiguous place names, people named after places, organisations with place
names). Prints precision and recall per entity type."""

from __future__ import annotations

import pytest

from service.model import Article
from tests.fixtures.knowledge.stories import Story, enrich_story, load_stories, measure

STORIES = load_stories()


@pytest.fixture(scope="module")
def enriched() -> dict[str, Article]:
    return {s.id: enrich_story(s) for s in STORIES}


def test_there_are_enough_stories_from_several_regions() -> None:
    assert len(STORIES) >= 15
    assert len({s.expect["primary_country"] for s in STORIES}) >= 10


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_no_forbidden_reading_of_an_ambiguous_place(story: Story,
                                                    enriched: dict[str, Article]) -> None:
    found = {p.geonameid for p in enriched[story.id].places}
    assert not found & set(story.expect.get("forbidden_places", [])), found


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_primary_country_and_topics(story: Story, enriched: dict[str, Article]) -> None:
    article = enriched[story.id]
    assert article.primary_country == story.expect["primary_country"]
    codes = {t.code for t in article.topics}
    assert set(story.expect["topics"]) <= codes, article.topics


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.id)
def test_mentions_point_at_their_text(story: Story, enriched: dict[str, Article]) -> None:
    article = enriched[story.id]
    body = article.body_text
    for entity in (*article.people, *article.organisations, *article.places):
        for m in entity.mentions:
            assert body[m.start:m.end] == m.text


def test_precision_and_recall_per_entity_type(enriched: dict[str, Article]) -> None:
    tallies = measure(STORIES, enriched)
    for kind, t in tallies.items():
        print(f"\n{kind}: precision {t.precision:.3f} recall {t.recall:.3f} "
              f"(tp {t.tp}, fp {t.fp}, fn {t.fn})")
        for line in t.errors:
            print(f"  {line}")
    for kind, t in tallies.items():
        assert t.precision >= 0.9, (kind, t.errors)
        assert t.recall >= 0.85, (kind, t.errors)
