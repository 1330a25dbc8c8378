"""People and organisations: canonical names, merging, stop lists, exclusions."""

from __future__ import annotations

from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import find_people

BODY = "\n\n".join([
    "Turkish President Tayyip Erdogan said on Thursday that Syrian President Bashar al-Assad "
    "must pull back his forces, the state-run Anadolu Agency reported.",
    "Erdogan has said Turkey would act alone. Assad's forces ignored the deadline.",
    "Nadia Karam, a spokeswoman for the International Rescue Committee (IRC), said aid "
    "convoys were stuck. The Committee had warned of shortages in December.",
    "Thursday was quiet in Opposition areas, Karam said, according to photographer Omar Zaid.",
])


def test_short_and_full_names_are_one_person_with_the_full_name_canonical() -> None:
    people = {p.name: p for p in find_people(BODY)}
    assert people["Tayyip Erdogan"].count == 2
    assert people["Bashar al-Assad"].count == 2
    assert "President" in people["Bashar al-Assad"].roles
    assert people["Nadia Karam"].count == 2


def test_days_demonyms_and_sentence_initial_words_are_never_people() -> None:
    names = {p.name for p in find_people(BODY)}
    assert not names & {"Thursday", "Turkish", "Syrian", "Opposition", "Turkey", "December"}


def test_writers_and_photographers_are_left_out() -> None:
    names = {p.name for p in find_people(BODY, exclude=("Omar Zaid",))}
    assert "Omar Zaid" not in names
    assert "Nadia Karam" in names


def test_mentions_are_offsets_into_the_body() -> None:
    for entity in (*find_people(BODY), *find_organisations(BODY)):
        for m in entity.mentions:
            assert BODY[m.start:m.end] == m.text


def test_organisations_by_head_noun_acronym_and_bare_head() -> None:
    orgs = {o.name: o for o in find_organisations(BODY)}
    irc = orgs["International Rescue Committee"]
    assert {m.text for m in irc.mentions} == {"International Rescue Committee", "IRC", "Committee"}
    assert "Anadolu Agency" in orgs
    assert not {"Turkish President", "Thursday"} & set(orgs)


def test_curated_organisations_use_their_canonical_name() -> None:
    orgs = {o.name for o in find_organisations("The UN said NATO and the EU would meet.")}
    assert {"United Nations", "NATO", "European Union"} <= orgs
