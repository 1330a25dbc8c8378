"""People and organisations: the grammar classes of issue 11 (acronyms with
their expansion, short references, surnames that are common words, particles,
family-name-first order, lines in capitals, organisations without suffix
cues). Sentences are invented for these tests."""

from __future__ import annotations

import pytest

from service.pipeline.entities.acronyms import find_expansions
from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import find_people
from service.pipeline.entities.truecase import truecase


def _people(body: str) -> dict[str, list[str]]:
    return {p.name: [m.text for m in p.mentions] for p in find_people(body)}


def _orgs(body: str) -> dict[str, list[str]]:
    return {o.name: [m.text for m in o.mentions] for o in find_organisations(body)}


@pytest.mark.parametrize(("body", "name", "acronym"), [
    ("The International Renewable Energy Agency (IRENA) said on Monday that solar capacity "
     "doubled. IRENA expects more next year.", "International Renewable Energy Agency", "IRENA"),
    ("The FAA (Federal Aviation Administration) grounded the jets on Friday. The FAA said "
     "checks would take a week.", "Federal Aviation Administration", "FAA"),
    ("Reporters Sans Frontières (RSF) counted 40 jailed journalists. RSF called for their "
     "release.", "Reporters Sans Frontières", "RSF"),
])
def test_an_acronym_and_its_expansion_are_one_organisation(body: str, name: str,
                                                           acronym: str) -> None:
    orgs = _orgs(body)
    assert name in orgs
    assert orgs[name].count(acronym) == body.count(acronym)


def test_an_expansion_must_spell_the_acronym() -> None:
    assert find_expansions("Prices rose in Greater Manchester (UK) last year.") == []


def test_a_short_reference_is_the_organisation_named_earlier() -> None:
    body = ("The Lisbon Seismological Institute recorded 30 tremors overnight. The Institute "
            "said more were likely.")
    assert _orgs(body) == {"Lisbon Seismological Institute": ["Lisbon Seismological Institute",
                                                              "Institute"]}


def test_a_ministry_of_a_portfolio_is_named_in_full() -> None:
    assert "Ministry of Health" in _orgs("Chile's Ministry of Health said cases fell.")
    assert "Department of Foreign Affairs" in _orgs(
        "Ireland's Department of Foreign Affairs said it was in contact with the family.")


@pytest.mark.parametrize(("body", "person", "lone"), [
    ("Former minister Harriet May said on Friday she would run in May. May said the party "
     "had lost its way.", "Harriet May", "May"),
    ("Party whip Colin Bishop said the vote would go ahead. Bishop declined to give a date.",
     "Colin Bishop", "Bishop"),
    ("Central banker Oliver Rich said rates would stay on hold. Rich spoke in Ottawa.",
     "Oliver Rich", "Rich"),
])
def test_a_surname_that_is_a_common_word_is_a_person(body: str, person: str, lone: str) -> None:
    people = _people(body)
    assert set(people) == {person}
    assert lone in people[person]


def test_a_month_alone_is_not_the_person_sharing_its_name() -> None:
    people = _people("Former minister Harriet May said on Friday she would run in May.")
    assert people == {"Harriet May": ["Harriet May"]}


@pytest.mark.parametrize(("body", "person"), [
    ("Belgian economist Karel van den Broek, who advises the government, said growth was weak.",
     "Karel van den Broek"),
    ("Emirati investor Saif bin Zayed al-Mansoori said the fund would grow.",
     "Saif bin Zayed al-Mansoori"),
])
def test_names_with_particles_are_whole(body: str, person: str) -> None:
    assert person in _people(body)


def test_family_name_first_and_a_lone_family_name() -> None:
    body = ("Vice Foreign Minister Kim Min-jun met his counterpart, Tanaka Hiroshi, in Seoul. "
            "Tanaka said the talks were useful.")
    people = _people(body)
    assert "Kim Min-jun" in people
    assert people["Tanaka Hiroshi"] == ["Tanaka Hiroshi", "Tanaka"]


def test_a_line_in_capitals_is_read_as_running_text() -> None:
    body = ("MINISTER LUCIA FERRARI SAYS BRIDGE WILL REOPEN\n\nThe bridge over the river has "
            "been closed since March, Ferrari said.")
    recased = truecase(body)
    assert len(recased) == len(body)
    assert recased.startswith("Minister Lucia Ferrari says bridge will reopen")
    assert _people(body) == {"Lucia Ferrari": ["Lucia Ferrari", "Ferrari"]}


@pytest.mark.parametrize(("body", "org"), [
    ("Shares in Kestrel fell 4% after the warning.", "Kestrel"),
    ("“Demand is soft,” said Ana Ruiz, an analyst at Brightwater Partners.", "Brightwater Partners"),
    ("Voltaro, which makes batteries for buses, said it would cut 300 jobs.", "Voltaro"),
    ("Orlenda said on Tuesday it would close two plants.", "Orlenda"),
    ("Rival Zentrix declined to comment.", "Zentrix"),
])
def test_organisations_without_a_suffix_cue(body: str, org: str) -> None:
    assert org in _orgs(body)
    assert org not in _people(body)


def test_a_place_with_which_stays_a_place() -> None:
    body = "Mozambique, which borders the park, said it would send rangers."
    assert "Mozambique" not in _orgs(body)


def test_a_first_name_from_the_packaged_lists_proves_a_person() -> None:
    assert "Yuki Tanabe" in _people("The final pits Anna Berg against Yuki Tanabe of Japan.")


def test_a_first_name_before_an_event_word_is_no_person() -> None:
    body = "The novel won the Harmon Prize on Monday; the Davis Cup final is next week."
    assert not _people(body)


def test_the_first_word_of_an_organisation_stands_for_it() -> None:
    body = ("Analysts at Brenwick Research cut their forecast. “Demand is slowing,” said "
            "Brenwick analyst Mara Lind.")
    assert _orgs(body)["Brenwick Research"] == ["Brenwick Research", "Brenwick"]
    assert set(_people(body)) == {"Mara Lind"}


@pytest.mark.parametrize(("body", "org"), [
    ("“We do not comment on rumours,” a Veltra spokesperson said.", "Veltra"),
    ("The ruling angered Liberal Unity lawmakers in the capital.", "Liberal Unity"),
    ("OSCE chief Maren Holt arrived in Skopje on Monday.", "OSCE"),
])
def test_a_staff_noun_names_its_employer(body: str, org: str) -> None:
    assert org in _orgs(body)


def test_small_towns_side_by_side_before_a_staff_noun_are_one_employer() -> None:
    body = "Analysts expect Freedom Paradise officials to deny the claim."
    assert "Freedom Paradise" in _orgs(body)


@pytest.mark.parametrize("body", [
    "Cape Town officials said the water would be cut.",  # one place's whole name
    "Gunmen fled after Sokoto State officials closed the road.",  # a place and its division word
])
def test_a_place_before_a_staff_noun_is_no_employer(body: str) -> None:
    assert not _orgs(body)


def test_a_party_adjective_before_a_staff_noun_is_no_organisation() -> None:
    assert not _orgs("The bill was backed by every Democratic lawmaker in the chamber.")


@pytest.mark.parametrize(("body", "person"), [
    ("Grain board chairman Germán Ortiz said the harvest was late.", "Germán Ortiz"),
    ("Power Minister K J Suresh said the plant would open in May.", "K J Suresh"),
    ("Travis County Judge Ana Whitley said the order would be lifted.", "Ana Whitley"),
])
def test_people_named_in_other_shapes(body: str, person: str) -> None:
    assert person in _people(body)


@pytest.mark.parametrize(("body", "org"), [
    ("The crown fell after Norges Bank Governor Ida Wolden spoke.", "Norges Bank"),
    ("The krona rose after Finansbank Governor Lars Ekdahl spoke.", "Finansbank"),
    ("Port volumes rose 4%, Rotterdam Port Marketing said.", "Rotterdam Port Marketing"),
    ("The Lisbon Metro will run all night on Saturday.", "Lisbon Metro"),
])
def test_organisations_in_other_shapes(body: str, org: str) -> None:
    assert org in _orgs(body)


def test_a_portfolio_before_a_title_is_no_organisation() -> None:
    assert not _orgs("Energy Minister Paula Reis said prices would fall.")


def test_an_event_after_a_first_name_is_no_person() -> None:
    assert not _people("The city withdrew its bid to host the 2034 Winter Olympics.")


@pytest.mark.parametrize(("body", "acronym"), [
    ("ESA on Friday said its probe had reached orbit around Jupiter.", "ESA"),
    ("The ADB in a statement warned that growth would slow in Asia.", "ADB"),
    ("Ghana's central bank left rates unchanged, but the SARB raised rates by half a point.",
     "SARB"),
])
def test_an_acronym_that_reports_or_acts_is_an_organisation(body: str, acronym: str) -> None:
    assert acronym in _orgs(body)


@pytest.mark.parametrize("body", [
    "Fighting in the DRC said to have displaced thousands, aid groups said.",
    "The KLM flight from Nairobi landed late.",
    "PARIS is expensive, visitors said.",
])
def test_an_acronym_that_is_no_subject_or_a_place_is_not_made_an_organisation(body: str) -> None:
    assert not {"DRC", "KLM", "PARIS", "Paris"} & set(_orgs(body))


@pytest.mark.parametrize(("body", "org", "wrong"), [
    ("Fisheries and Oceans Canada warned on Monday that cod stocks had fallen again.",
     "Fisheries and Oceans Canada", "Oceans Canada"),
    ("Manitoba Hydro said power was back in Winnipeg by noon.", "Manitoba Hydro", None),
    ("Statistics Canada reported that jobs rose in May.", "Statistics Canada", None),
])
def test_a_place_and_a_noun_that_report_are_a_body_of_that_place(body: str, org: str,
                                                                  wrong: str | None) -> None:
    orgs = _orgs(body)
    assert org in orgs and wrong not in orgs
    assert org not in _people(body)


def test_a_place_and_a_first_name_that_speak_stay_a_person() -> None:
    body = "Jordan Chad said he would stand again."
    assert "Jordan Chad" in _people(body)
    assert "Jordan Chad" not in _orgs(body)


def test_a_place_of_two_words_opening_a_name_outweighs_a_first_name() -> None:
    body = "Sierra Leone Telecom said its network was back. Sierra Walker said she was relieved."
    assert "Sierra Leone Telecom" in _orgs(body)
    assert set(_people(body)) == {"Sierra Walker"}


@pytest.mark.parametrize("body", [
    "Asked about the results, the CFO said margins would recover next year.",
    "GDP estimates showed the economy shrank in the third quarter.",
])
def test_a_post_or_a_figure_in_capitals_is_no_organisation(body: str) -> None:
    assert not {"CFO", "GDP"} & set(_orgs(body))
