"""Page shapes: the lead above the body (headline, date lines, site titles,
bylines), datelines in their several shapes, notes, tool lines, sign-offs and
desk slugs, photo-credit styles. Each test is one class of page, written in
our own words; the fixture stories show them in whole pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.model import Article
from service.pipeline.registry import anatomy_stages
from service.pipeline.runner import Pipeline, Success
from service.pipeline.stages.byline import byline_of
from service.pipeline.stages.credits import credit_line
from service.pipeline.stages.crosspromo import is_boilerplate
from service.pipeline.stages.dateline import find_dateline, opens_story
from service.pipeline.stages.months import month_number
from service.pipeline.stages.notes import is_note
from service.pipeline.stages.photo_credit import parse_photo_credit, split_credit
from service.pipeline.stages.timeparse import zone_named
from service.pipeline.stages.times import bare_time_line

BODY = ("The regional council voted on Tuesday to close the old bridge to lorries while "
        "engineers examine cracks found in two of its piers during a routine inspection.")


def _anatomy(text: str, timezone: str = "UTC") -> Article:
    article = Article(id="t", url=None, source_name="test", source_timezone=timezone,
                      fetched_at=datetime(2030, 1, 1, tzinfo=UTC), input_content=text,
                      input_type="text/plain")
    outcome = Pipeline(anatomy_stages()).run(article)
    assert isinstance(outcome, Success)
    return outcome.article


def test_site_title_and_date_line_above_the_headline_leave_the_body() -> None:
    a = _anatomy(f"June 3, 2024\n\nHarbour Notes\n\nCouncil shuts old bridge to lorries\n\nOSLO (Reuters) - {BODY}")
    assert a.headline == "Council shuts old bridge to lorries"
    assert a.published is not None and a.published.utc == datetime(2024, 6, 3, tzinfo=UTC)
    assert a.paragraphs == (BODY,)


@pytest.mark.parametrize("title", ["Council shuts old bridge to lorries.",
                                   "COUNCIL SHUTS OLD BRIDGE TO LORRIES"])
def test_headline_in_capitals_or_with_a_full_stop(title: str) -> None:
    a = _anatomy(f"Harbour Notes\n\n{title}\n\n{BODY}")
    assert a.headline == title
    assert a.paragraphs == (BODY,)


def test_a_caption_in_the_lead_is_not_the_headline() -> None:
    a = _anatomy("Council shuts old bridge to lorries\n\n"
                 "Lorries queue at the bridge on Monday. (Photo by Ane Lund / NTB)\n\n" + BODY)
    assert a.headline == "Council shuts old bridge to lorries"
    assert [c.photographer for c in a.captions] == ["Ane Lund"]


def test_a_page_without_a_headline_keeps_its_first_paragraph() -> None:
    a = _anatomy(f"{BODY}\n\nThe bridge carries 9,000 vehicles a day, the council said.")
    assert a.headline is None
    assert a.paragraphs[0] == BODY


@pytest.mark.parametrize(("line", "credit", "date"), [
    ("March 12, 2024 3:40 PM UTC", "", "March 12, 2024 3:40 PM UTC"),
    ("Jan. 22, 2024 / 11:02 AM", "", "Jan. 22, 2024 / 11:02 AM"),
    ("KYODO NEWS - Mar 18, 2024 - 19:45 | Japan, All", "KYODO NEWS", "Mar 18, 2024 - 19:45"),
    ("Tuesday 12 mars 2024 à 14h05", "", "Tuesday 12 mars 2024 à 14h05"),
])
def test_unlabelled_date_lines(line: str, credit: str, date: str) -> None:
    assert bare_time_line(line, zone_named("UTC")) == (credit, date)


@pytest.mark.parametrize("line", ["Prices rose on March 12, 2024 after the vote",
                                  "12 killed", "Oslo, March 3"])
def test_sentences_with_dates_are_not_date_lines(line: str) -> None:
    assert bare_time_line(line, zone_named("UTC")) is None


def test_updated_only_and_relative_time_lines_leave_the_body() -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\nUpdated 6:15 PM EDT, April 9, 2024\n\n"
                 f"Updated 2 hours ago\n\n3 min read\n\n{BODY}")
    assert a.updated is not None and a.updated.utc == datetime(2024, 4, 9, 22, 15, tzinfo=UTC)
    assert a.published is None
    assert a.paragraphs == (BODY,)


@pytest.mark.parametrize(("line", "agencies", "authors"), [
    ("Reuters Staff", ("Reuters",), ()),
    ("From AFP", ("AFP",), ()),
    ("Source: Xinhua", ("Xinhua",), ()),
    ("By Ana Ruiz and Leo Park, Yonhap", ("Yonhap",), ("Ana Ruiz", "Leo Park")),
])
def test_byline_shapes(line: str, agencies: tuple[str, ...], authors: tuple[str, ...]) -> None:
    found = byline_of(line)
    assert found is not None and found.agencies == agencies and found.authors == authors


@pytest.mark.parametrize("line", ["From Monday, the bridge will close", "Staff Reporter",
                                  "Source: officials"])
def test_not_bylines(line: str) -> None:
    assert byline_of(line) is None


def test_byline_printed_after_the_body() -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\n{BODY}\n\nBy INGRID SOLBERG Associated Press")
    assert a.authors == ("Ingrid Solberg",) and a.agencies == ("AP",)
    assert a.paragraphs == (BODY,)


@pytest.mark.parametrize(("opening", "place", "date", "agency"), [
    ("(AFP) - NAIROBI - ", "NAIROBI", None, "AFP"),
    ("(ANSA) - ROME, MARCH 8 - ", "ROME", "MARCH 8", "ANSA"),
    ("BEIJING, Dec. 3 (Xinhua) -- ", "BEIJING", "Dec. 3", "Xinhua"),
    ("LYON, 12 mars (AFP) - ", "LYON", "12 mars", "AFP"),
    ("LONDON: ", "LONDON", None, None),
    ("WILKES-BARRE, Pa. (AP) \u2014 ", "WILKES-BARRE", None, "AP"),
])
def test_dateline_shapes(opening: str, place: str, date: str | None, agency: str | None) -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\n{opening}{BODY}")
    assert a.dateline is not None
    assert (a.dateline.place, a.dateline.date_text, a.dateline.agency) == (place, date, agency)
    assert a.paragraphs == (BODY,)


def test_dateline_alone_on_its_line_and_date_only_opener() -> None:
    alone = _anatomy(f"Council shuts old bridge to lorries\n\nTROMSØ, Norway\n\n{BODY}")
    assert alone.dateline is not None and (alone.dateline.place, alone.dateline.region) == ("TROMSØ", "Norway")
    assert alone.paragraphs == (BODY,)
    dated = _anatomy(f"Council shuts old bridge to lorries\n\nMay 29 (UPI) -- {BODY}")
    assert dated.dateline is None and dated.agencies == ("UPI",) and dated.paragraphs == (BODY,)


@pytest.mark.parametrize("line", ["BREAKING", "KYODO NEWS", "Council shuts old bridge"])
def test_lines_that_are_not_datelines(line: str) -> None:
    assert not opens_story(line) or (find_dateline(line) is None and line.isupper() is False)


@pytest.mark.parametrize("paragraph", [
    "Correction: An earlier version of this story gave the wrong length for the bridge.",
    "EDITOR'S NOTE \u2014 This story contains a description of an accident.",
    "Clarification: The council's vote was on the lorry ban only.",
    "This story has been corrected to show the bridge is 80 years old, not 90.",
    "An earlier version of this story misspelled the engineer's name.",
])
def test_notes(paragraph: str) -> None:
    assert is_note(paragraph)


@pytest.mark.parametrize("paragraph", [
    "Corrections officers said the inmates were moved overnight.",
    "The council issued a correction on Monday.",
    "Editors at the paper declined to comment.",
])
def test_body_sentences_are_not_notes(paragraph: str) -> None:
    assert not is_note(paragraph)


def test_notes_leave_the_body_for_the_notes_field() -> None:
    note = "Correction: An earlier version of this story gave the wrong length for the bridge."
    a = _anatomy(f"Council shuts old bridge to lorries\n\n{BODY}\n\n{note}")
    assert a.notes == (note,) and a.paragraphs == (BODY,)


@pytest.mark.parametrize("line", ["Listen to this article", "Print this page", "Share Email Print",
                                  "5 min read", "Advertisement \u00b7 Scroll to continue",
                                  "Disclaimer: This content comes from a syndicated feed.",
                                  "Our Standards: The Trust Principles."])
def test_tool_and_disclaimer_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["Share prices fell sharply on Monday.", "Listen carefully, he said.",
                                  "Print runs were cut by half at the paper."])
def test_sentences_with_tool_words_stay(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(("line", "agencies"), [
    ("ho/jm", []), ("bur-ab/cd", []), ("dpa xy/ab", ["dpa"]), ("(END)", []), ("Enditem", []),
    ("reporter@agency.example", []), ("ALL RIGHTS RESERVED \u00a9 Copyright ANSA", ["ANSA"]),
])
def test_sign_offs_and_desk_slugs(line: str, agencies: list[str]) -> None:
    found = credit_line(line)
    assert found is not None and [c.name for c in found] == agencies


def test_agency_sign_off_glued_to_the_last_paragraph() -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\n{BODY}\n\nWork will start in May. (Xinhua)")
    assert a.paragraphs[-1] == "Work will start in May."
    assert "Xinhua" in a.agencies


@pytest.mark.parametrize(("paragraph", "photographer", "agency"), [
    ("Divers inspect a pier. Anadolu Photo/Ali Demir", "Ali Demir", "Anadolu"),
    ("Divers inspect a pier. Photo by Ana Ruiz via City of Bergen", "Ana Ruiz", "City of Bergen"),
    ("Divers inspect a pier. Credit: Ola Berg/NTB", "Ola Berg", "NTB"),
    ("Divers inspect a pier. Photograph: Ola Berg/Reuters", "Ola Berg", "Reuters"),
])
def test_caption_credit_styles(paragraph: str, photographer: str, agency: str) -> None:
    split = split_credit(paragraph)
    assert split is not None and split[0] == "Divers inspect a pier."
    credit = parse_photo_credit(split[1])
    assert (credit.photographer, credit.agency) == (photographer, agency)


def test_a_brief_ending_with_a_photo_credit_keeps_its_text() -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\nBergen (NTB) - {BODY} (Photo: Ola Berg / NTB)")
    assert a.paragraphs == (BODY,)


@pytest.mark.parametrize(("word", "number"), [("March", 3), ("mars", 3), ("MÄRZ", 3), ("Sept.", 9),
                                             ("diciembre", 12), ("août", 8), ("Mayor", None)])
def test_month_names(word: str, number: int | None) -> None:
    assert month_number(word) == number


def test_a_standfirst_under_the_headline_is_not_the_headline() -> None:
    a = _anatomy("Council shuts old bridge to lorries\n\n"
                 "Engineers found cracks in two piers during a routine inspection last week\n\n"
                 f"By Ane Lund\n\n{BODY}")
    assert a.headline == "Council shuts old bridge to lorries"


def test_a_long_site_name_above_the_headline_is_not_the_headline() -> None:
    a = _anatomy(f"The Western Fjords Morning Dispatch\n\nCouncil shuts old bridge to lorries\n\n{BODY}")
    assert a.headline == "Council shuts old bridge to lorries"
    assert a.paragraphs == (BODY,)


def test_desk_labels_and_corrected_headlines_stay_headlines() -> None:
    lead = _anatomy(f"(LEAD) Council shuts old bridge to lorries\n\nBy Ane Lund\n\n{BODY}")
    assert lead.headline == "(LEAD) Council shuts old bridge to lorries"
    corrected = _anatomy(f"CORRECTED: Council shuts old bridge to lorries\n\n{BODY}")
    assert corrected.headline == "CORRECTED: Council shuts old bridge to lorries"
    assert corrected.notes == ()


def test_bracketed_advisory_anywhere_is_a_note() -> None:
    advisory = "(ATTN: ADDS comment from the council in para 4)"
    middle = [BODY, "The bridge opened in 1938.", "It carries 9,000 vehicles a day.",
              "Repairs could take a year.", advisory, "Buses may still cross.", "Cars may too.",
              "Cyclists are not affected.", "Pedestrians neither."]
    a = _anatomy("Council shuts old bridge to lorries\n\n" + "\n\n".join(middle))
    assert a.notes == (advisory,)
    assert advisory not in a.paragraphs


def test_rule_lines_and_syndication_notes_leave_the_body() -> None:
    a = _anatomy(f"Council shuts old bridge to lorries\n\n{BODY}\n\n___\n\n"
                 "(Only the headline of this report may have been reworked by the staff; the rest "
                 "of the content is auto-generated from a syndicated feed.)")
    assert a.paragraphs == (BODY,)


def test_agency_credit_and_date_on_one_line() -> None:
    assert bare_time_line("Source: Xinhua 2024-10-08 21:15:03", zone_named("UTC")) == (
        "Source: Xinhua", "2024-10-08 21:15:03")
    assert bare_time_line("Oslo March 3, 2024", zone_named("UTC")) is None


def test_a_kicker_before_the_headline_is_not_a_dateline() -> None:
    a = _anatomy(f"SAILING: Crews ready boats for the coastal race\n\n{BODY}")
    assert a.headline == "SAILING: Crews ready boats for the coastal race"
    assert a.dateline is None and a.paragraphs == (BODY,)


def test_a_title_case_headline_above_a_caption_stays_the_headline() -> None:
    a = _anatomy("Council Shuts Old Bridge\n\nLorries queue at the bridge, Bergen, Norway, June 3, 2024. "
                 f"Picture: Ola Berg.\n\n{BODY}")
    assert a.headline == "Council Shuts Old Bridge"


def test_a_caption_with_a_kicker_is_still_a_caption() -> None:
    a = _anatomy("Council shuts old bridge to lorries\n\nBERGEN: Lorries queue at the old bridge on "
                 f"Monday. Picture: Ola Berg/NTB\n\n{BODY}")
    assert a.paragraphs == (BODY,)
    assert [c.photographer for c in a.captions] == ["Ola Berg"]
