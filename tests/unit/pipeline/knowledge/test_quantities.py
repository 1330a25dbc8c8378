"""Table-driven: counted amounts found in invented wire sentences, their value,
hedge flag and counted noun phrase, and the number shapes that are no count."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from service.model import Article, Quantity
from service.pipeline.knowledge import knowledge_stages
from service.pipeline.knowledge.quantities import find_quantities, quantities

# (sentence, expected text, value, approximate, unit): the sentence holds
# exactly that one quantity.
FOUND = [
    # digits, thousands separators, decimals with a scale word
    ("Rescuers pulled 14 excavators out of the mud.", "14 excavators", 14, False, "excavators"),
    ("The plant laid off 3,000 workers on Friday.", "3,000 workers", 3000, False, "workers"),
    ("Some 60,000 fans filled the stadium.", "Some 60,000 fans", 60000, True, "fans"),
    ("The tanker spilled 1.2 million barrels of crude.", "1.2 million barrels", 1.2e6, False,
     "barrels"),
    ("Officials counted 250 thousand ballots by noon.", "250 thousand ballots", 250000, False,
     "ballots"),
    # number words and scale words
    ("A million pilgrims are expected in the city.", "A million pilgrims", 1e6, False,
     "pilgrims"),
    ("The navy sent two dozen ships to the strait.", "two dozen ships", 24, False, "ships"),
    ("Farmers lost a dozen goats to the wolves.", "a dozen goats", 12, False, "goats"),
    ("The storm felled thirty-two pylons near the coast.", "thirty-two pylons", 32, False,
     "pylons"),
    ("Organisers hope half a million runners sign up.", "half a million runners", 5e5, False,
     "runners"),
    ("Seven ministers resigned within a week.", "Seven ministers", 7, False, "ministers"),
    ("Three hundred nurses marched to parliament.", "Three hundred nurses", 300, False,
     "nurses"),
    # hedges
    ("Nearly a million Kurds have lost their homes.", "Nearly a million Kurds", 1e6, True,
     "Kurds"),
    ("Rebels took about 40 hamlets and farms overnight.", "about 40 hamlets and farms", 40, True,
     "hamlets and farms"),
    ("More than 300 people queued for bread.", "More than 300 people", 300, True, "people"),
    ("At least 12 miners remain trapped.", "At least 12 miners", 12, True, "miners"),
    ("The ferry carries up to 90 cars each crossing.", "up to 90 cars", 90, True, "cars"),
    ("Almost 500 sheep drowned in the flood.", "Almost 500 sheep", 500, True, "sheep"),
    ("Roughly 80 lorries waited at the border.", "Roughly 80 lorries", 80, True, "lorries"),
    ("Fewer than 20 shops reopened after the riot.", "Fewer than 20 shops", 20, True, "shops"),
    ("An estimated 7,500 voters stayed home.", "An estimated 7,500 voters", 7500, True,
     "voters"),
    ("Around 45 tractors blocked the motorway.", "Around 45 tractors", 45, True, "tractors"),
    # vague plurals: the lower bound
    ("Thousands of soldiers crossed the river at dawn.", "Thousands of soldiers", 1000, True,
     "soldiers"),
    ("The army moved hundreds of trucks north.", "hundreds of trucks", 100, True, "trucks"),
    ("Dozens of fishermen protested at the quay.", "Dozens of fishermen", 24, True,
     "fishermen"),
    ("Tens of thousands of farmers rallied.", "Tens of thousands of farmers", 1e4, True,
     "farmers"),
    ("Hundreds of thousands of migrants crossed.", "Hundreds of thousands of migrants", 1e5,
     True, "migrants"),
    ("Millions of viewers watched the final.", "Millions of viewers", 1e6, True, "viewers"),
    ("Several hundred pilots went on strike.", "Several hundred pilots", None, True, "pilots"),
    # the counted noun phrase: modifiers, noun + noun, coordination
    ("The lab released 20,000 young salmon into the lake.", "20,000 young salmon", 20000, False,
     "young salmon"),
    ("Police arrested 15 armed smugglers at the port.", "15 armed smugglers", 15, False,
     "armed smugglers"),
    ("The city hired 40 police officers last year.", "40 police officers", 40, False,
     "police officers"),
    ("The quake flattened 30 schools or clinics in the valley.", "30 schools or clinics", 30,
     False, "schools or clinics"),
    ("Floods cut off 25 villages and remote hamlets.", "25 villages and remote hamlets", 25,
     False, "villages and remote hamlets"),
    # measures are kept with their unit as printed
    ("The wave was 8 metres high when it struck.", "8 metres", 8, False, "metres"),
    ("The convoy stopped 95 kilometers from the capital.", "95 kilometers", 95, False,
     "kilometers"),
]


@pytest.mark.parametrize(("body", "text", "value", "approximate", "unit"), FOUND,
                         ids=[row[1] for row in FOUND])
def test_a_counted_amount_is_found_with_value_hedge_and_unit(
        body: str, text: str, value: float | None, approximate: bool, unit: str) -> None:
    found = find_quantities(body)
    assert [q.text for q in found] == [text]
    q = found[0]
    assert q.value == (None if value is None else pytest.approx(value))
    assert (q.approximate, q.unit) == (approximate, unit)
    assert body[q.start:q.end] == q.text
    assert q.text.endswith(unit)


NOT_QUANTITIES = [
    ("year", "The ceasefire agreed in 2019 collapsed."),
    ("year since", "The war has dragged on since 2011 without end."),
    ("year as modifier", "The 2020 season was cancelled."),
    ("year before a plural", "Critics recalled 2008 protests over fuel."),
    ("date month first", "The talks resume on February 27 in Geneva."),
    ("date day first", "The vote was held on 31 May after delays."),
    ("time with colon", "The blast was heard at 15:14 local time."),
    ("time before a plural", "The 15:30 flights were cancelled."),
    ("date before a plural", "On 3 March protesters blocked the road."),
    ("range", "Each shift needs 10-15 workers."),
    ("label word", "Children aged 5 years and under were vaccinated."),
    ("time a.m.", "The market opens at 7 a.m. on weekdays."),
    ("ordinal digits", "She finished 3rd among the runners."),
    ("ordinal word", "It was the third attempt by climbers."),
    ("percent sign", "Turnout fell 12% among young voters."),
    ("percent word", "Prices rose 12 percent in March."),
    ("percentage points", "Support slipped 4 percentage points."),
    ("per cent", "Output dropped 9 per cent last month."),
    ("money symbol", "The bank lent $5 million to farmers."),
    ("money symbol before a plural", "The fund pays $12 monthly grants to families."),
    ("money currency word", "The club paid 40 million euros for him."),
    ("money code", "The deal is worth USD 300 millions in bonds."),
    ("age after a name", "Omar Haddad, 46, who runs a bakery, was hurt."),
    ("aged", "The driver, aged 46, was unhurt."),
    ("years old", "The suspect is 46 years old and lives nearby."),
    ("hyphenated age", "A 46-year-old teacher was detained."),
    ("road name", "Traffic on the M5 highway stalled for hours."),
    ("group name", "The Group of 20 leaders met in Rome."),
    ("model number", "Two Boeing 737 jets were grounded."),
    ("label number", "Route 66 motels are busy in summer."),
    ("list numbers", "1. Evacuate\n2. Report"),
    ("number with a glued suffix", "The 1990s reforms cost 5bn over time."),
    ("lone one is a pronoun", "One believes the talks will fail."),
    ("vague few without scale", "Several protesters and a few guards left."),
    ("no counted noun", "Of the 14, only 3 returned."),
    ("partitive of the", "Thousands of the displaced slept outside."),
    ("line break between number and noun", "They reported 300\n\npeople fled."),
]


@pytest.mark.parametrize(("kind", "body"), NOT_QUANTITIES, ids=[r[0] for r in NOT_QUANTITIES])
def test_numbers_that_count_nothing_are_not_quantities(kind: str, body: str) -> None:
    assert find_quantities(body) == (), kind


def test_the_canonical_forms_in_one_story_in_order_with_offsets() -> None:
    body = ("Nearly a million Syrians have fled, officials said.\n\n"
            "Rebels retook about 60 towns and villages as thousands of troops and "
            "truckloads of ammunition poured in on March 3.\n\n"
            "The ministry said 1,500 families received tents in 2020.")
    found = find_quantities(body)
    assert [(q.text, q.value, q.approximate, q.unit) for q in found] == [
        ("Nearly a million Syrians", 1e6, True, "Syrians"),
        ("about 60 towns and villages", 60, True, "towns and villages"),
        ("thousands of troops", 1000, True, "troops"),  # truckloads "of" is its own amount
        ("1,500 families", 1500, False, "families"),
    ]
    assert all(body[q.start:q.end] == q.text for q in found)
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert found[2].start == body.index("thousands")


def test_the_counted_phrase_stops_at_verbs_and_prepositions() -> None:
    body = "Gunmen killed 300 people fled across 12 bridges over the river."
    assert [q.unit for q in find_quantities(body)] == ["people", "bridges"]


def test_a_verb_after_and_is_no_coordination() -> None:
    found = find_quantities("Shells killed 30 civilians and wounded soldiers nearby.")
    assert [q.text for q in found] == ["30 civilians"]


def test_a_hedge_on_the_previous_line_does_not_join() -> None:
    body = "The toll rose to about\n\n40 deaths."
    found = find_quantities(body)
    assert [(q.text, q.approximate) for q in found] == [("40 deaths", False)]
    assert found[0].start == body.index("40")


def _article(*paragraphs: str) -> Article:
    base = Article(id="q", url=None, source_name="t", source_timezone=None,
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC), input_content="",
                   input_type="text/plain", headline="Fighting spreads")
    return replace(base, paragraphs=paragraphs)


def test_the_stage_fills_quantities_and_touches_nothing_else() -> None:
    article = _article("The storm grounded 80 planes.", "Some 2,000 passengers waited.")
    out = quantities.fn(article)
    assert [(q.text, q.value) for q in out.quantities] == [
        ("80 planes", 80), ("Some 2,000 passengers", 2000)]
    assert all(isinstance(q, Quantity) for q in out.quantities)
    assert all(article.body_text[q.start:q.end] == q.text for q in out.quantities)
    for f in fields(Article):
        if f.name != "quantities":
            assert getattr(out, f.name) == getattr(article, f.name), f.name
    assert (quantities.name, quantities.version) == ("quantities", "1")


def test_the_stage_is_registered_after_tone_in_the_knowledge_pipeline() -> None:
    names = [s.name for s in knowledge_stages()]
    assert names.count("quantities") == 1
    assert names.index("tone") < names.index("quantities") < names.index("fingerprints")
