"""The gazetteer's reach (divisions, towns of 1,000+, counties, regions) and
the resolution rules that keep the long tail from flooding the stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.pipeline.geo import local_index, locate
from service.pipeline.geo.gazetteer import gazetteer


def ids(body: str, claimed: list[tuple[int, int]] | None = None) -> set[int]:
    found, _ = locate(body, claimed)
    return {p.geonameid for p in found}


def mentions(body: str) -> dict[str, int]:
    found, _ = locate(body)
    return {m.text: p.geonameid for p in found for m in p.mentions}


def test_first_level_divisions_outside_the_us_are_known() -> None:
    gz = gazetteer()
    assert 1255053 in {c.record.geonameid for c in gz.lookup("Tamil Nadu")}
    assert 1085593 in {c.record.geonameid for c in gz.lookup("Eastern Cape")}
    assert gz.admin1("CA", "08") is not None and gz.admin1("CA", "08").name == "Ontario"


def test_generic_division_names_are_not_indexed() -> None:
    assert not [c for c in gazetteer().lookup("Centre") if c.record.feature_code == "ADM1"]


def test_a_small_town_is_found_when_its_state_is_printed() -> None:
    assert 5100972 in ids("Firefighters were called to a house in Maywood, N.J., on Monday.")
    assert 5100972 in ids("Police in Maywood, NJ, said the road was closed.")


def test_a_small_town_without_its_region_in_the_story_is_not_guessed() -> None:
    assert not {c.record.geonameid for c in gazetteer().lookup_all("Maywood")} & ids(
        "The band Maywood played a long set on Friday night.")


def test_a_small_town_in_a_region_the_story_names_is_found() -> None:
    body = ("Voters in New Jersey went to the polls. In Maywood, turnout was high, "
            "officials said.")
    assert 5100972 in ids(body)


def test_counties_come_from_the_long_tail_with_their_state() -> None:
    body = "Wildfires spread across Orange County, California, forcing evacuations."
    assert 5379524 in ids(body)


def test_adjectives_and_abbreviations_of_continents_and_states() -> None:
    found = mentions("EU ministers met as European airlines and Californian growers complained.")
    assert found["EU"] == 6255148 and found["European"] == 6255148
    assert found["Californian"] == 5332921


def test_a_division_beats_a_country_alias_of_the_same_name() -> None:
    assert mentions("Rain fell across England on Sunday.")["England"] == 6269131


def test_a_country_named_by_its_own_name_is_the_country() -> None:
    assert mentions("Mexico said talks with Canada would continue.")["Mexico"] == 3996063


def test_a_country_word_opening_a_title_is_the_country() -> None:
    assert mentions("U.S. District Judge Anna Kowalski dismissed the case.").get("U.S.") == 6252001


def test_a_dateline_in_capitals_opening_the_body_is_a_place() -> None:
    assert mentions("WASHINGTON (Reuters) - The Senate voted on Tuesday.")["WASHINGTON"] == 4140963


def test_a_word_of_a_persons_name_is_not_a_small_place() -> None:
    body = "Kobe Bryant scored 30 points. Bryant said the team was tired."
    found, _ = locate(body, [(0, 11)])
    assert not [p for p in found if p.name == "Bryant"]


def test_an_ocean_standing_alone_is_the_ocean_and_not_inside_a_name() -> None:
    assert 2363254 in ids("The storm formed over the Pacific on Monday.")
    assert 2363254 not in ids("Flights on Cebu Pacific were cancelled.")


def test_the_cache_lives_under_the_user_cache_directory(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = local_index.cache_path()
    assert path.parent == tmp_path / "wire-ingest" and path.suffix == ".sqlite"


def test_a_unique_small_town_after_in_within_the_storys_country_is_found() -> None:
    body = "Ireland's housing agency said demand was highest in Nenagh this spring."
    assert 2962304 in ids(body)
    assert 2962304 not in ids("Nenagh said the housing agency had missed its targets.")


def test_generic_words_and_acronyms_never_reach_the_long_tail() -> None:
    body = "Americans asked Congress to fund the Centre. OAS delegates met in Texas."
    assert not {p.geonameid for p in locate(body)[0] if p.feature_code == "PPL"}


def test_a_dateline_in_capitals_mid_text_with_its_country() -> None:
    body = "Photo by a staff photographer. MANILA, Philippines - Typhoon winds eased on Monday."
    assert mentions(body).get("MANILA") == 1701668


def test_a_state_abbreviation_after_a_place_is_the_state() -> None:
    found = mentions("Townhouses are going up in Gainesville, Va. this year.")
    assert found.get("Va") == 6254928 or found.get("Va.") == 6254928


def test_a_division_word_after_a_name_picks_the_division() -> None:
    assert mentions("Gunmen attacked a village in Sokoto State on Monday.")["Sokoto"] == 2322907


@pytest.mark.parametrize(("body", "head", "division"), [
    ("Aid convoys reached Kassala Governorate by Friday.", "Kassala", 408663),
    ("Gunmen fled after Sokoto State officials closed the road.", "Sokoto", 2322907),
])
def test_a_name_closed_by_a_division_word_is_the_division(body: str, head: str, division: int) -> None:
    assert mentions(body)[head] == division


def test_a_multi_word_dateline_in_capitals_before_the_first_words() -> None:
    assert mentions("SAN ANTONIO The coach said the team was ready.")["SAN ANTONIO"] == 4726206


def test_a_place_before_a_public_body_head_is_a_place_of_the_story() -> None:
    body = "The Beverly Hills Police Department received several calls on Tuesday."
    from service.pipeline.knowledge.analysis import segments
    org = next(s for s in segments(body) if s.kind == "org")
    found, _ = locate(body, [(org.start, org.end)])
    assert 5328041 in {p.geonameid for p in found}


def test_a_name_after_and_inside_a_capitalised_run_is_a_place_of_its_own() -> None:
    assert 1085597 in ids("Mines in the North West and Limpopo provinces expanded.")


def test_a_place_name_opening_word_cut_off_by_the_name_analysis_is_joined_back() -> None:
    assert mentions("NEW YORK (AP) - Officers responded to a call.").get("NEW YORK") == 5128581


def test_a_country_abbreviation_the_name_analysis_skipped_is_the_country() -> None:
    found = mentions("Wages rose again. US employers are already complaining about costs.")
    assert found.get("US") == 6252001


def test_region_adjectives_and_language_names() -> None:
    found = mentions("Central American migrants reached the border; the sign was in English.")
    assert found.get("Central American") == 7729892
    assert "English" not in found


def test_county_named_with_its_word_in_its_state() -> None:
    body = "Deputies in Walker County, Georgia, searched the woods near Atlanta."
    assert mentions(body).get("Walker County") == 4229163


def test_each_part_of_a_hyphenated_pair_of_places_is_a_place() -> None:
    found = mentions("The return Amsterdam-London leg of the trip still needs a change of train.")
    assert found.get("Amsterdam") == 2759794 and found.get("London") == 2643743


def test_only_the_biggest_namesake_of_a_capital_is_the_capital() -> None:
    capitals = [c.record for c in gazetteer().lookup("Washington")
                if c.record.feature_code == "PPLC"]
    assert [r.geonameid for r in capitals] == [4140963]
