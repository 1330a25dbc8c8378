"""Places that the name analysis reads awkwardly: sentence openings, hyphenated
pairs, abbreviations, country names that look like organisations, place names
that look like people. Each passage is written for this test, in the shape
news copy takes, and runs through the knowledge stages as a worker would."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from service.model import Article
from service.pipeline.knowledge import knowledge_stages


def enrich(text: str) -> Article:
    article = Article(id="t", url=None, source_name="test", source_timezone="UTC",
                      fetched_at=datetime(2024, 1, 1, tzinfo=UTC), input_content=text,
                      input_type="text/plain")
    article = replace(article, paragraphs=tuple(text.split("\n\n")))
    for stage in knowledge_stages():
        article = stage.fn(article)
        if stage.name == "places":
            break
    return article


def mentioned(text: str) -> dict[str, int]:
    """Mention text -> GeoNames id, for every place mention of `text`."""
    return {m.text: p.geonameid for p in enrich(text).places for m in p.mentions}


def test_a_name_keeps_its_reading_where_it_opens_a_sentence() -> None:
    text = ("Syrian government troops shelled the town of Douma on Monday.\n\n"
            "Douma is surrounded, and thousands of people are trapped inside, aid workers said.")
    article = enrich(text)
    douma = [p for p in article.places if p.geonameid == 170592]
    assert douma and len(douma[0].mentions) == 2


def test_hyphenated_demonyms_are_each_their_country() -> None:
    found = mentioned("Shells fell on villages along the Syrian-Turkish border on Tuesday.")
    assert found == {"Syrian": 163843, "Turkish": 298795}


def test_a_hyphenated_pair_with_a_country_abbreviation() -> None:
    found = mentioned("Diplomats prepared for the DPRK-South Korea summit in the spring.")
    assert found.get("DPRK") == 1873107 and found.get("South Korea") == 1835841


def test_a_language_compound_is_no_place() -> None:
    assert mentioned("She hosts a Spanish-language radio show every Sunday.") == {}


def test_a_country_spelled_out_with_its_initials_is_a_place_not_an_organisation() -> None:
    text = ("Beijing urged the Democratic People's Republic of Korea (DPRK) to return to talks. "
            "Envoys said the DPRK had agreed to meet in April.")
    article = enrich(text)
    assert not [o.name for o in article.organisations if "Korea" in o.name]
    korea = [p for p in article.places if p.geonameid == 1873107]
    assert korea and {m.text for m in korea[0].mentions} >= {"DPRK"}


def test_names_that_end_in_a_country_or_name_a_town_are_not_people() -> None:
    text = ("Critics drew comparisons between the regime and Nazi Germany in parliament. "
            "The three candidates will appear at a forum in Red Oak, Iowa, this weekend.")
    article = enrich(text)
    assert not article.people
    assert 2921044 in {p.geonameid for p in article.places}


def test_a_settlement_or_building_head_never_ends_a_persons_name() -> None:
    article = enrich("The gala will be held on April 24 at a restaurant in Washington Township.")
    assert not article.people


def test_canadian_province_abbreviations() -> None:
    found = mentioned("Crews were sent from Castlegar to Nelson, B.C., on Friday. "
                      "A second team left Kelowna, BC, overnight.")
    assert found.get("B.C.") == 5909050 and found.get("BC") == 5909050


def test_a_place_joined_to_a_title_is_the_place() -> None:
    found = mentioned("Oklahoma Gov. Mary Fallin signed the bill last week.")
    assert found.get("Oklahoma") == 4544379


def test_a_state_body_named_with_of_names_its_country() -> None:
    found = mentioned("The Russian Ministry of Defence said the drills would continue.")
    assert found.get("Russian") == 2017370


def test_a_place_after_a_sentence_opening_common_word() -> None:
    found = mentioned("The line already runs to Brussels. After Paris, London is the second "
                      "city the train will reach. Both China and Brazil want such lines.")
    assert found.get("Paris") == 2988507 and found.get("China") == 1814991


def test_a_place_after_of_or_a_compass_word_inside_a_capitalised_run() -> None:
    found = mentioned("Farmers of the State of Tamil Nadu protested. Hiring in the Western US "
                      "slowed, the report said.")
    assert found.get("Tamil Nadu") == 1255053 and found.get("US") == 6252001


def test_a_well_known_place_opening_an_events_name() -> None:
    found = mentioned("Thunder Snow won the Dubai World Cup for a second time on Saturday.")
    assert found.get("Dubai") == 292223
    assert mentioned("She won the Harmon Cup in 2019.") == {}


def test_a_city_ten_times_the_size_of_its_namesakes_abroad_needs_no_country() -> None:
    found = mentioned("The striker, on loan from Southampton, has scored six goals this season.")
    assert found.get("Southampton") == 2637487
