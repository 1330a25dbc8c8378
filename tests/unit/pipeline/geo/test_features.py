"""Natural features, regions and buildings from the lexicon, and the
mentions that are not places although they carry a place's name."""

from __future__ import annotations

from service.pipeline.geo.places import find_places


def ids(body: str) -> set[int]:
    found, _ = find_places(body, [], None)
    return {p.geonameid for p in found}


def test_the_gulf_standing_alone_is_the_persian_gulf_not_a_province() -> None:
    found = ids("Tankers waited off the coast as tension rose in the Gulf on Friday.")
    assert 235616 in found and 2096633 not in found


def test_a_region_named_in_lower_case_context_is_found() -> None:
    assert 173866 in ids("Shelling continued across eastern Ghouta overnight, monitors reported.")
    assert 173866 in ids("Aid convoys reached Eastern Ghouta on Sunday.")


def test_a_building_is_a_place_where_people_go_or_things_happen() -> None:
    assert 9675434 in ids("The senator was turned away from the White House, aides said.")
    assert 9675434 in ids("Guests gathered for a White House dinner in the autumn.")


def test_a_building_standing_for_its_staff_or_speaking_is_no_place() -> None:
    assert 9675434 not in ids("White House aides met reporters on the lawn.")
    assert 9675434 not in ids("Officials were nervous. The White House declined to comment.")
    assert 9675434 not in ids("The briefing was led by White House press secretary Ann Lee.")


def test_an_ampersand_abbreviation_is_one_word_and_t_and_t_is_the_country() -> None:
    from service.pipeline.knowledge.text import tokenize

    assert [t.text for t in tokenize("AT&T and S&P rose")][:3] == ["AT&T", "and", "S&P"]
    assert 3573591 in ids("The minister said T&T would send relief supplies to Dominica.")


def test_a_dotted_abbreviation_after_a_hyphen_is_a_word_of_its_own() -> None:
    from service.pipeline.knowledge.text import tokenize

    assert [t.text for t in tokenize("the DPRK-U.S. talks")][:4] == ["the", "DPRK", "-", "U.S."]
    found = ids("Diplomats prepared for the DPRK-U.S. meeting in the spring.")
    assert {1873107, 6252001} <= found


def test_an_institution_word_is_no_town() -> None:
    assert 5290559 not in ids("The chief executive will testify before Congress next week.")
    assert not ids("She served at the Federal Ministry of Information for a decade.")


def test_the_country_after_of_in_an_organisation_name_is_a_place() -> None:
    from service.pipeline.geo.mentions import collect

    body = "She now leads the Heart Foundation of Canada, a charity."
    found = {c.record.geonameid for m in collect(body, []) for c in m.candidates}
    assert 6251999 in found
    assert not collect("He joined the Friends of Jack Smith last year.", [])


def test_the_country_word_opening_a_state_body_is_a_place_but_not_a_company() -> None:
    from service.pipeline.geo.mentions import collect, segments

    body = "The complaint reached the U.S. Federal Trade Commission on Monday."
    assert any(s.kind == "org" for s in segments(body))
    assert {m.text for m in collect(body, [])} == {"U.S."}
    assert not collect("Shares of Philippine Airlines fell on Monday.", [])


def test_a_county_after_the_comma_qualifies_a_small_town_of_its_region() -> None:
    found = ids("Lifeboat crews searched the cliffs near New Quay, Ceredigion, at dawn.")
    assert {2641588, 2653814} <= found
    assert 2641588 not in ids("Lifeboat crews searched the cliffs near New Quay at dawn.")


def test_the_town_of_introduces_a_small_place() -> None:
    assert 5139054 in ids("Archaeologists dug beneath a colonial home in the town of Southold.")
    assert 5139054 not in ids("Archaeologists dug beneath a colonial home, Southold residents said.")


def test_a_country_name_joined_by_and_or_of_is_one_place() -> None:
    found = ids("Trinidad and Tobago and Bosnia and Herzegovina signed the accord.")
    assert {3573591, 3277605} <= found and 3573606 not in found  # not the island of Tobago
    found = ids("Envoys of the Democratic People's Republic of Korea arrived on Monday.")
    assert 1873107 in found and 1835841 not in found
    assert 203312 in ids("Aid reached the east of the Democratic Republic of the Congo.")


def test_a_county_before_a_public_body_is_the_county() -> None:
    from service.pipeline.geo.mentions import collect

    body = "Deputies of the Walker County Sheriff's Office made the arrest."
    readings = {c.record.feature_code for m in collect(body, []) if m.text == "Walker County"
                for c in m.candidates}
    assert readings == {"ADM2"}


def test_the_west_and_western_countries_are_the_western_world() -> None:
    assert 9408659 in ids("Relations between Moscow and the West soured again.")
    assert 9408659 in ids("Several Western governments expelled envoys.")
    assert 9408659 not in ids("Settlers moved into the West Bank. Western Union shares fell.")


def test_kurdish_and_arab_are_adjectives_of_their_regions() -> None:
    found = ids("Kurdish fighters held the town as Arab states met in Cairo.")
    assert {126585, 6957698} <= found


def test_transliterated_arabic_names_are_found_without_marks_and_article() -> None:
    from service.pipeline.geo.gazetteer import gazetteer

    gz = gazetteer()
    assert any(c.primary and c.record.country_code == "SY" for c in gz.lookup("Afrin"))
    assert any(c.primary and c.record.country_code == "SY" for c in gz.lookup("Qamishli"))


def test_a_state_named_by_its_abbreviation_is_the_state_when_named_again() -> None:
    body = ("The unit trains at Camp Murray, Wash., on weekends. Its work is mostly at home "
            "in Washington, far from the capital.")
    found = ids(body)
    assert 5815135 in found and 4140963 not in found
    assert 4140963 in ids("The envoy flew home to Washington after the talks.")


def test_saint_is_also_indexed_as_st() -> None:
    found, _ = find_places("Russia will close the consulate in St. Petersburg next month.", [], None)
    assert {p.country_code for p in found if p.name.endswith("Petersburg")} == {"RU"}
