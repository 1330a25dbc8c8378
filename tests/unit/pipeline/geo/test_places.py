"""Places: gazetteer look-ups and disambiguation from context."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from service.model import Article, Dateline
from service.pipeline.geo.gazetteer import gazetteer
from service.pipeline.geo.places import find_places, places


def ids(body: str, dateline: str | None = None) -> set[int]:
    found, _ = find_places(body, [], dateline)
    return {p.geonameid for p in found}


def test_alternate_names_and_accents_are_indexed() -> None:
    gz = gazetteer()
    assert 164816 in {c.record.geonameid for c in gz.lookup("Saraqeb")}
    assert 164816 in {c.record.geonameid for c in gz.lookup("saraqib")}
    assert 170017 in {c.record.geonameid for c in gz.lookup("Hama")}
    assert not gz.lookup("AMM")  # airport codes are not names


def test_damascus_in_a_syria_story_is_the_syrian_capital() -> None:
    found = ids("Rebels shelled Damascus, the Syrian government said, as fighting raged in Syria.")
    assert 170654 in found and 4352728 not in found


def test_hama_next_to_idlib_is_the_syrian_city() -> None:
    found = ids("Troops advanced from Idlib towards Hama on Monday.")
    assert 170017 in found and 1854028 not in found


def test_explicit_qualifier_picks_paris_texas() -> None:
    found = ids("A storm hit Paris, Texas, on Sunday.")
    assert 4717560 in found and 2988507 not in found


def test_without_context_paris_is_the_french_capital() -> None:
    assert ids("Talks will resume in Paris next week.") == {2988507}


def test_tripoli_follows_the_country_of_the_story() -> None:
    assert 266826 in ids("Lebanese troops deployed in Tripoli, north of Beirut.")
    assert 2210247 in ids("Libyan forces clashed in Tripoli and Benghazi.")


def test_georgia_is_the_state_in_a_us_story_and_the_country_otherwise() -> None:
    assert 4197000 in ids("Voters in Atlanta and Savannah backed the measure across Georgia.")
    assert 614540 in ids("Protesters in Tbilisi said Georgia must turn away from Russia.")


def test_demonym_counts_as_a_mention_of_its_country() -> None:
    found, _ = find_places("Turkish troops crossed the border.", [])
    assert [(p.geonameid, [m.text for m in p.mentions]) for p in found] == [(298795, ["Turkish"])]


def test_spans_claimed_by_people_are_not_places() -> None:
    body = "Jordan Henderson scored in Amman."
    assert ids(body) >= {250441}
    found, _ = find_places(body, [(0, 16)])
    assert 248816 not in {p.geonameid for p in found}


def test_place_stage_resolves_the_dateline() -> None:
    base = Article(id="d", url=None, source_name="t", source_timezone=None,
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC), input_content="",
                   input_type="text/plain")
    article = replace(base, paragraphs=("Rebels seized a town in Syria.",),
                      dateline=Dateline("AMMAN", "AMMAN"))
    out = places.fn(article)
    assert out.dateline is not None
    assert (out.dateline.geonameid, out.dateline.country) == (250441, "JO")
    assert 250441 in {p.geonameid for p in out.places}


def test_locate_is_the_one_public_function_and_old_imports_still_work() -> None:
    from service.pipeline.geo import locate
    from service.pipeline.knowledge import places as old_places

    found, dateline = locate("Rebels shelled Damascus.", dateline_place="AMMAN")
    assert 170654 in {p.geonameid for p in found}
    assert dateline is not None and dateline.geonameid == 250441
    assert old_places.find_places is find_places


def test_a_landmark_beats_a_small_namesake_in_the_stories_country() -> None:
    # a US story: the country's votes alone do not make Rome or Lebanon a US town
    us = "U.S. officials said the United States and American allies would act. "
    assert 3169070 in ids(us + "The senator later flew to Rome for talks with the pope.")
    assert 272103 in ids(us + "They met Lebanon's foreign minister on Friday.")
    assert 5843591 in ids(us + "A federal judge in Wyoming blocked the rule.")


def test_a_small_namesake_wins_when_its_state_is_named() -> None:
    found = ids("Floods closed roads across Georgia. Schools in Rome and Atlanta shut early.")
    assert 4219762 in found and 3169070 not in found


def test_a_small_towns_name_quoted_as_a_speaker_is_a_person_throughout() -> None:
    story = ("A mother in Dublin says the Irish police let her down. Tralee (not her real "
             "name) reported the theft in March. \"Nobody rang me back,\" said Tralee. "
             "Tralee told us she waited for weeks.")
    assert 2961123 not in ids(story) and 2964574 in ids(story)
    # where the town is a place and nobody quotes it, it is still found
    assert 2961123 in ids("A mother in Dublin says she drove to Tralee in Ireland on Sunday.")


def test_a_quoted_place_phrase_is_no_speaker() -> None:
    assert 2961123 in ids("Gardai in Tralee said the road in Ireland would reopen.")


def test_an_alternate_name_of_a_mid_sized_city_needs_its_country_in_the_story() -> None:
    # "Levi" is only an alternate name of Lévis, Quebec (about 140,000 people)
    assert 6325521 not in ids("A veteran in Ohio sleeps in his truck. His dog, Levi, keeps him warm.")
    assert 6325521 in ids("Ferries across the river from Quebec City to Levi were halted in Canada.")


def test_a_small_towns_name_before_administration_or_era_is_a_leader() -> None:
    # Obama is also a town in Fukui, Japan
    story = "A judge in Wyoming halted an Obama-era rule the Obama administration wrote."
    assert 1854849 not in ids(story)
    assert 1854849 in ids("Fishing boats returned to Obama in Japan on Monday.")
