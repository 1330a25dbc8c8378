"""Organisations named by their kind, with no legal suffix (issue 11): a
word of business that closes a company's name (`... Metals`, `... Railway`),
acronyms that the grammar around them shows to be a body (`the growers'
association GPA`, `VCF, the cyclists' lobby,`), and the spans that must stay
a person or a place. Sentences are invented for these tests."""

from __future__ import annotations

import pytest

from service.pipeline.entities.org_kinds import appositive_kind, business_heads
from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import find_people


def _orgs(body: str) -> set[str]:
    return {o.name for o in find_organisations(body)}


def _people(body: str) -> set[str]:
    return {p.name for p in find_people(body)}


def test_business_words_come_from_faker_and_leave_out_topic_sectors() -> None:
    heads = business_heads()
    assert {"holdings", "properties", "resorts", "equities"} <= heads  # Faker's company types
    assert {"metals", "railway", "energy"} <= heads  # the hand list
    assert not {"finance", "development", "manufacturing"} & heads


@pytest.mark.parametrize(("body", "name"), [
    ("Quarry output at Lindqvist Metals fell by a fifth in the second quarter.", "Lindqvist Metals"),
    ("Commuters waited for hours after the Southern Railway suspended services.", "Southern Railway"),
    ("Northern Railway said on Friday that two sleeper trains would be cancelled.", "Northern Railway"),
    ("Regulators fined Zephyr Telecom after a day-long outage.", "Zephyr Telecom"),
    ("Bondholders of Caspian Properties rejected the offer.", "Caspian Properties"),
    ("Output at Bluewater Energy rose after the new turbines came online.", "Bluewater Energy"),
])
def test_a_business_word_closes_a_company_name(body: str, name: str) -> None:
    assert name in _orgs(body)


def test_two_companies_joined_by_and_are_two_names() -> None:
    orgs = _orgs("Halden Foods and Marsh Valley Holdings agreed to merge their dairy units.")
    assert {"Halden Foods", "Marsh Valley Holdings"} <= orgs
    assert not any(" and " in name for name in orgs)


def test_one_name_with_and_stays_whole() -> None:
    orgs = _orgs("The Department of Energy and Climate Change said grid tariffs would rise.")
    assert "Department of Energy and Climate Change" in orgs


@pytest.mark.parametrize("body", [
    "The Clean Energy Act passed the lower house on Thursday.",  # a law the word only qualifies
    "Energy Secretary Kofi Mensah visited the plant.",  # a portfolio title
    "Turnout was high across Western Australia on Saturday.",  # a place
    "The European Capital of Culture opened its year with a parade.",  # `of` after the word
])
def test_a_business_word_inside_something_else_names_no_company(body: str) -> None:
    assert not _orgs(body)


def test_a_first_name_before_a_business_word_is_a_person() -> None:
    body = "Analyst Nadia Steel said the merger would cut costs. Steel expects approval by June."
    assert "Nadia Steel" in _people(body)
    assert not _orgs(body)


@pytest.mark.parametrize(("body", "acronym"), [
    ("The growers' association GPA asked for a freeze on water prices.", "GPA"),
    ("Members of the cycling club VCF rode to parliament.", "VCF"),
    ("Inspectors from the regulator KNRT arrived on Monday.", "KNRT"),
    ("VCF, the country's largest cyclists' lobby, counted 40,000 members.", "VCF"),
    ("The report was drafted by OKTA, a Helsinki think-tank.", "OKTA"),
    ("FENACO called for a ban on night flights.", "FENACO"),
    ("SIPRO welcomed the decision to reopen the port.", "SIPRO"),
    ("ASTRA on Monday launched a review of its pricing.", "ASTRA"),
])
def test_grammar_makes_an_unknown_acronym_an_organisation(body: str, acronym: str) -> None:
    assert acronym in _orgs(body)


@pytest.mark.parametrize("body", [
    "The company's CEO said margins would recover.",  # a post
    "GDP on the island grew by 2 percent.",  # a figure, not an actor
    "The plan follows the work of the Disaster Relief Authority (DRA) in the north.",
])
def test_an_acronym_without_such_grammar_is_no_new_organisation(body: str) -> None:
    orgs = _orgs(body)
    assert "CEO" not in orgs and "GDP" not in orgs and "DRA" not in orgs


def test_an_appositive_of_a_person_names_a_post_not_a_body() -> None:
    assert not appositive_kind("Moyo, the union's general secretary, said", 4)
    assert not appositive_kind("Moyo, a member of the union, said", 4)
    assert appositive_kind("Moyo, a Harare trade union, said", 4)


def test_a_name_with_an_appositive_of_a_body_is_an_organisation() -> None:
    assert "Kettering Grain" in _orgs("Kettering Grain, a Kansas cooperative, stopped buying wheat.")


def test_the_plural_of_an_occupation_is_no_person() -> None:
    body = "Economists said the rise would be short-lived. Scientists disagreed."
    assert not _people(body)


def test_legal_forms_come_from_faker_and_are_matched_as_printed() -> None:
    from service.pipeline.entities.org_kinds import legal_forms

    assert {"GmbH", "ASA", "Oyj", "AB", "SpA"} <= legal_forms()
    assert not {"BA", "AD", "As", "SC"} & legal_forms()  # a degree, an era, a word, a US state


@pytest.mark.parametrize(("body", "name"), [
    ("Fjordline ASA cut its dividend on Thursday.", "Fjordline ASA"),
    ("Orders at Kallio Oyj rose by a tenth.", "Kallio Oyj"),
    ("Bergström AB and Halden Foods signed the contract.", "Bergström AB"),
])
def test_a_legal_form_of_another_language_closes_a_company_name(body: str, name: str) -> None:
    assert name in _orgs(body)


def test_a_word_like_a_legal_form_opening_a_sentence_is_no_company() -> None:
    assert not _orgs("As Morten Lie said, the fjord was calm.")


def test_an_acronym_after_a_kind_noun_and_the_is_an_organisation() -> None:
    assert "KMT" in _orgs("Chile's fishing regulator, the KMT, extended the ban.")


def test_an_appositive_with_coordinated_modifiers_keeps_its_head() -> None:
    assert "Varela" in _orgs("Varela, the Uruguayan port and logistics group, raised prices.")


def test_a_company_noun_opening_the_sentence_is_no_word_of_the_name() -> None:
    orgs = _orgs("Drugmaker Selby Pharmaceuticals said the trial had met its goal.")
    assert "Selby Pharmaceuticals" in orgs
    assert not any(name.startswith("Drugmaker") for name in orgs)


def test_a_head_opening_the_sentence_stays_in_the_name() -> None:
    assert "Union Coastal Railway" in _orgs("Union Coastal Railway said freight rose.")


@pytest.mark.parametrize(("body", "name"), [
    ("The charity Vozes Verdes said the clinic had closed.", "Vozes Verdes"),
    ("Records were seized by the watchdog Tilsynet on Monday.", "Tilsynet"),
])
def test_a_noun_no_person_is_called_before_a_name_makes_it_a_body(body: str, name: str) -> None:
    assert name in _orgs(body)


def test_a_noun_a_person_may_be_called_does_not() -> None:
    body = "Film producer Ines Varga said the shoot was over. Mortgage broker Sam Reid agreed."
    assert not _orgs(body)
    assert {"Ines Varga", "Sam Reid"} <= _people(body)


def test_an_appositive_maker_of_goods_is_a_company() -> None:
    assert appositive_kind("Kepler, a maker of solar glass, said", 6)



def test_a_business_word_closes_no_name_longer_than_a_company_name() -> None:
    """The span rules look back at most a company name's length, so that a
    hostile run of capitalised words costs no factor of its length more."""
    from service.pipeline.entities.org_spans import business_head
    from service.pipeline.knowledge.text import tokenize

    short = tuple(tokenize("Upper Vale Kestrel Metals"))
    long = tuple(tokenize("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Metals"))
    assert business_head(short, 0, 3)
    assert not business_head(long, 0, 8)
    assert business_head(long, 3, 8)
