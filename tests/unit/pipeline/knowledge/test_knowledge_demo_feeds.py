"""The whole pipeline over every item of the demo feeds (`service/demo/feeds/`):
no place resolves outside the countries the story is plausibly about, and the
facilities, companies and people of these stories are classified as such.
The expectations are per item, in the table below (keyed by a headline prefix)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.feeds.normalise import normalise_feed
from service.model import Article, FeedRef
from service.pipeline.inputs import article_from_raw
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Success

FEEDS = Path(__file__).resolve().parents[4] / "service" / "demo" / "feeds"
TIMEZONES = {"reuters-world.rss": "UTC", "ap-summary.rss": "America/New_York",
             "afp-atom.xml": "Europe/Paris", "dpa-rdf.rdf": "Europe/Berlin"}


@dataclass(frozen=True)
class Expect:
    countries: frozenset[str]  # every resolved place lies in one of these
    dateline: tuple[int, str] | None = None  # (geonameid, country)
    people: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    not_people: frozenset[str] = frozenset()
    not_organisations: frozenset[str] = frozenset()
    not_place_mentions: frozenset[str] = frozenset()  # printed forms that are no place here
    not_topics: frozenset[str] = frozenset()
    topics: frozenset[str] = field(default_factory=frozenset)


def _set(*items: str) -> frozenset[str]:
    return frozenset(items)


TABLE: dict[str, Expect] = {
    "Kenya starts emergency water trucking": Expect(
        _set("KE"), (184745, "KE"), people=_set("Peter Lomuria", "Halima Abdi")),
    "Indonesia evacuates thousands": Expect(
        _set("ID"), (1642911, "ID"), people=_set("Budi Santoso"),
        organisations=_set("Sam Ratulangi International Airport"),
        not_organisations=_set("Sam Ratulangi International"),
        not_place_mentions=_set("Airport", "Sam Ratulangi"),
        topics=_set("medtop:03000000"), not_topics=_set("medtop:12000000")),
    "Workers at Chile's Cerro Alto copper mine": Expect(
        _set("CL", "CN"), (3871336, "CL"), people=_set("Rodrigo Álvarez", "Ines Barros"),
        organisations=_set("Andina Cobre", "London Metal Exchange"),
        not_people=_set("Andina Cobre", "Cerro Alto"),
        not_place_mentions=_set("Cerro", "Alto"), topics=_set("medtop:09000000")),
    "Landslide cuts Peru's main Andean highway": Expect(
        _set("PE"), (3936456, "PE"), topics=_set("medtop:03000000")),
    "Alaska reopens Bering Sea snow crab season": Expect(
        _set("US"), (5879400, "US"), not_topics=_set("medtop:15000000", "medtop:17000000")),
    "French towns rally against closure": Expect(
        _set("FR"), (2988507, "FR"), people=_set("Sandrine Vergnaud", "Antoine Lefebvre")),
    "Senegal's small-scale fishermen": Expect(
        _set("SN", "ES"), (2253354, "SN"), people=_set("Ibrahima Fall", "Aminata Sarr"),
        topics=_set("medtop:04000000", "medtop:06000000")),
    "German cabinet backs extending rent brake": Expect(
        _set("DE"), (2950159, "DE"), people=_set("Julia Brandt", "Markus Heller")),
    "Berlin museum unveils near-complete pterosaur": Expect(
        _set("DE"), (2950159, "DE"), people=_set("Sabine Krüger")),
}


def _demo_articles() -> list[Article]:
    pipeline = default_pipeline()
    out: list[Article] = []
    for name, tz in TIMEZONES.items():
        path = FEEDS / name
        feed = FeedRef(id=f"file:{name}", name=name, url=path.resolve().as_uri(), timezone=tz)
        result = normalise_feed(path.read_bytes(), {}, feed, datetime(2026, 3, 6, tzinfo=UTC),
                                max_entries=100)
        for raw in result.records:
            outcome = pipeline.run(article_from_raw(raw))
            assert isinstance(outcome, Success), outcome
            out.append(outcome.article)
    return out


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return _demo_articles()


def _expect(article: Article) -> Expect:
    matches = [e for prefix, e in TABLE.items() if (article.headline or "").startswith(prefix)]
    assert len(matches) == 1, f"no single table row for {article.headline!r}"
    return matches[0]


def test_every_demo_item_has_a_row_in_the_table(articles: list[Article]) -> None:
    feed_files = {p.name for p in FEEDS.iterdir() if p.suffix in {".rss", ".xml", ".rdf"}}
    assert feed_files == set(TIMEZONES)
    assert len(articles) == len(TABLE)
    for article in articles:
        _expect(article)


def test_places_stay_in_the_story_countries(articles: list[Article]) -> None:
    for article in articles:
        expect = _expect(article)
        outside = [(p.name, p.country_code) for p in article.places  # oceans are in no country
                   if p.country_code is not None and p.country_code not in expect.countries]
        assert not outside, (article.headline, outside)
        assert article.primary_country in expect.countries, article.headline
        if expect.dateline:
            assert article.dateline is not None
            assert (article.dateline.geonameid, article.dateline.country) == expect.dateline


def test_people_organisations_and_facilities_are_classified(articles: list[Article]) -> None:
    for article in articles:
        expect = _expect(article)
        people = {p.name for p in article.people}
        orgs = {o.name for o in article.organisations}
        printed = {m.text for p in article.places for m in p.mentions}
        assert expect.people <= people, (article.headline, people)
        assert expect.organisations <= orgs, (article.headline, orgs)
        assert not people & (expect.not_people | expect.organisations), (article.headline, people)
        assert not orgs & expect.not_organisations, (article.headline, orgs)
        assert not printed & expect.not_place_mentions, (article.headline, printed)


def test_topics_need_more_than_a_passing_mention(articles: list[Article]) -> None:
    for article in articles:
        expect = _expect(article)
        codes = {t.code for t in article.topics}
        assert expect.topics <= codes, (article.headline, article.topics)
        assert not codes & expect.not_topics, (article.headline, article.topics)


@pytest.mark.parametrize(("page", "timezone", "wanted", "unwanted"), [
    # "crab season", "snow crab": no sport, no weather
    ("alaska-snow-crab-season-reopens.html", "America/Anchorage", {"04000000"},
     {"15000000", "17000000"}),
    # trucks "loaded with food", a "roadside restaurant": no lifestyle story
    ("peru-landslide-central-highway.html", "America/Lima", {"03000000", "17000000"},
     {"10000000"}),
])
def test_full_demo_pages_get_the_topics_they_are_about(page: str, timezone: str,
                                                      wanted: set[str], unwanted: set[str]) -> None:
    import io

    import orjson

    from service.config import load_settings
    from service.enrich_file import enrich_path

    out = io.StringIO()
    assert enrich_path(str(FEEDS / "pages" / page), timezone=timezone, source_url=None,
                       compact=True, settings=load_settings({}), out=out) == 0
    subjects = {s["uri"].rsplit("/", 1)[-1] for s in orjson.loads(out.getvalue())["subjects"]}
    assert wanted <= subjects, subjects
    assert not subjects & unwanted, subjects
