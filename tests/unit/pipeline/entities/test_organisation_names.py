"""Organisations named by a party's plural, a legislature's own name, or a
foreign head after a foreign sentence opener. Sentences are invented here."""

from __future__ import annotations

from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import find_people


def test_a_storm_is_nobody() -> None:
    assert not find_people("Floods from Storm Boris hit Poland. Typhoon Yagi killed three.")


def orgs(body: str) -> list[str]:
    return [o.name for o in find_organisations(body)]


def test_a_partys_plural_name_is_an_organisation_not_a_person() -> None:
    body = "The opposition Christian Democrats voted against the budget on Friday."
    assert orgs(body) == ["Christian Democrats"]
    assert not find_people(body)


def test_legislatures_known_by_their_own_name() -> None:
    assert orgs("The Knesset approved the bill late on Monday.") == ["Knesset"]
    assert orgs("Germany's Bundestag passed the law by a wide margin.") == ["Bundestag"]


def test_a_foreign_sentence_opener_is_no_part_of_the_name() -> None:
    body = "Según el Instituto Nacional de Estadística, los precios subieron un 3%."
    assert orgs(body) == ["Instituto Nacional de Estadística"]
    assert not find_people(body)


def test_a_title_word_opening_a_bodys_name_is_part_of_it() -> None:
    assert orgs("Exports rose, the General Statistics Office said on Friday.") == [
        "General Statistics Office"]
    assert orgs("General Mark Milley said the army was ready.") == []


def test_a_sector_maker_or_producer_before_a_name_makes_it_a_company() -> None:
    assert orgs("German chemicals maker Valdora will close two plants.") == ["Valdora"]
    assert orgs("Film producer Ines Varga said the shoot would resume.") == []


def test_an_acronym_before_an_adjective_and_a_kind_noun_and_a_countrys_own_body() -> None:
    assert orgs("Prices rose, the IKAR agricultural consultancy said on Monday.") == ["IKAR"]
    assert orgs("Prices rose on Monday as Mexico's Senate approved the reform.") == ["Senate"]
