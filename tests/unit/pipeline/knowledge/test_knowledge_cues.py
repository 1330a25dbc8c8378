"""Facilities, companies named like people, initials, and the dateline and
story countries in place disambiguation; topics need more than a passing list."""

from __future__ import annotations

from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import find_people
from service.pipeline.knowledge.places import find_places
from service.pipeline.knowledge.topics import classify


def _names(body: str) -> tuple[set[str], set[str], set[tuple[str, str | None]]]:
    people = find_people(body)
    orgs = find_organisations(body)
    claimed = [(m.start, m.end) for e in (*people, *orgs) for m in e.mentions]
    places, _ = find_places(body, claimed)
    return ({p.name for p in people}, {o.name for o in orgs},
            {(m.text, p.country_code) for p in places for m in p.mentions})


def test_a_facility_name_is_one_span_and_no_fragment_is_a_place() -> None:
    people, orgs, places = _names(
        "Sam Ratulangi International Airport in Manado was closed, Indonesian officials said.")
    assert "Sam Ratulangi International Airport" in orgs
    assert "Sam Ratulangi International" not in orgs
    assert ("Manado", "ID") in places and not {t for t, _ in places} & {"Airport", "Sam"}
    assert not people


def test_a_port_city_is_a_place_and_a_port_authority_an_organisation() -> None:
    _, orgs, places = _names("Ships left Port Harcourt in Nigeria for the Port of Valencia in Spain.")
    assert ("Port Harcourt", "NG") in places
    assert "Port of Valencia" in orgs and ("Valencia", "ES") not in places


def test_a_name_before_a_facility_noun_is_neither_place_nor_person() -> None:
    people, _, places = _names("Workers at the Cerro Alto copper mine in Chile walked out.")
    assert places == {("Chile", "CL")}
    assert not people


def test_a_company_cue_beats_an_attribution_verb_everywhere_in_the_story() -> None:
    people, orgs, _ = _names("Talks with operator Andina Cobre collapsed on Monday. "
                             "Andina Cobre said it would keep the mine running.")
    assert "Andina Cobre" in orgs and "Andina Cobre" not in people


def test_a_company_printed_without_its_suffix_is_still_the_company() -> None:
    people, orgs, _ = _names("Fenwick Morgan Ltd agreed to a sale. Fenwick Morgan said the "
                             "deal valued it at 2 billion pounds, Business Secretary Alan Whitby said.")
    assert {"Fenwick Morgan Ltd", "Fenwick Morgan"} & orgs
    assert people == {"Alan Whitby"}


def test_whoever_is_told_is_not_thereby_a_person() -> None:
    people, _, _ = _names('The minister told Radio Mitre that demand would recover.')
    assert "Radio Mitre" not in people


def test_an_initial_belongs_to_the_name() -> None:
    people, _, _ = _names("K. Venkat Reddy, the industries minister, said land was offered. "
                          "Reddy told reporters the plant would open in 2027.")
    assert people == {"K. Venkat Reddy"}


def test_a_name_joined_to_an_airline_is_an_airline_not_a_place() -> None:
    _, orgs, places = _names("Philippine Airlines and Cebu Pacific cancelled 200 flights in Manila.")
    assert {"Philippine Airlines", "Cebu Pacific"} <= orgs
    assert places == {("Manila", "PH")}


def test_the_dateline_and_the_country_named_decide_an_ambiguous_city() -> None:
    body = ("Copper workers in northern Chile went on strike. A Santiago-based analyst "
            "said smelters would feel it.")
    found, dateline = find_places(body, [], "SANTIAGO")
    assert dateline is not None and (dateline.geonameid, dateline.country_code) == (3871336, "CL")
    assert {(p.geonameid, tuple(m.text for m in p.mentions)) for p in found} >= {
        (3871336, ("Santiago",)), (3895114, ("Chile",))}


def test_the_dateline_region_is_a_place_of_the_story() -> None:
    found, dateline = find_places("Car sales slumped again in March.", [], "CÓRDOBA", "Argentina")
    assert dateline is not None and dateline.geonameid == 3860259
    assert {p.geonameid for p in found} == {3860259, 3865483}


def test_a_passing_list_in_one_sentence_assigns_no_topic() -> None:
    paragraphs = ("A volcano erupted on Wednesday, forcing thousands to evacuate.",
                  "Evacuees were housed in schools, mosques and churches nearby.",
                  "The eruption sent ash four kilometres into the sky.")
    codes = {t.code for t in classify("Volcano erupts, thousands evacuated", paragraphs)}
    assert "medtop:12000000" not in codes
    lead = ("Worshippers filled mosques and churches for the first joint prayer service.",)
    assert "medtop:12000000" in {t.code for t in classify("Faith leaders meet", lead)}
