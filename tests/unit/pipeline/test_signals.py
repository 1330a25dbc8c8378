"""Wire signals: each pure rule of wire_marks.py and the signals stage, over
lines written for these tests in the styles of several agencies."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from service.model import Article, TimeValue, VersionChange
from service.pipeline.ninjs import to_ninjs
from service.pipeline.registry import anatomy_stages
from service.pipeline.stages.signals import embargo_time, pub_status, signals, urgency
from service.pipeline.stages.wire_marks import (
    embargo_phrase,
    is_bulletin,
    note_kind,
    slug,
    split_headline,
)
from tests.fixtures.knowledge.schema import errors as schema_errors

PUBLISHED = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)


def _article(headline: str | None, *paragraphs: str, **fields: object) -> Article:
    return Article(id="wire:t1", url=None, source_name="s", source_timezone=None,
                   fetched_at=PUBLISHED, input_content="x", input_type="text/plain",
                   headline=headline, paragraphs=paragraphs,
                   published=TimeValue("4 Mar 2024 12:00 GMT", PUBLISHED, "feed"),
                   **fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------ headlines

@pytest.mark.parametrize(("headline", "labels", "rest"), [
    ("UPDATE 2-Port strike enters third day", [("update", "UPDATE 2")], "Port strike enters third day"),
    ("CORRECTED-REFILE-Copper slips on demand worries",
     [("correction", "CORRECTED"), ("correction", "REFILE")], "Copper slips on demand worries"),
    ("KILL-Port strike enters third day", [("kill", "KILL")], "Port strike enters third day"),
    ("FLASH - DAM BURSTS NEAR VALLEY TOWN", [("flash", "FLASH")], "DAM BURSTS NEAR VALLEY TOWN"),
    ("URGENT: Airport closed after fire", [("urgent", "URGENT")], "Airport closed after fire"),
    ("EIL: Zugverkehr eingestellt", [("urgent", "EIL")], "Zugverkehr eingestellt"),
    ("ÚLTIMA HORA: Cierra el aeropuerto", [("urgent", "ÚLTIMA HORA")], "Cierra el aeropuerto"),
    ("Breaking News - Ferry runs aground", [("urgent", "Breaking News")], "Ferry runs aground"),
    ("RPT-Copper slips", [("repeat", "RPT")], "Copper slips"),
    ("FLASH", [("flash", "FLASH")], "FLASH"),  # a label alone keeps its text
])
def test_headline_labels_are_read_and_removed(headline: str, labels: list[tuple[str, str]],
                                              rest: str) -> None:
    found, remaining = split_headline(headline)
    assert list(found) == labels
    assert remaining == rest


@pytest.mark.parametrize("headline", [
    "Kill-switch found in rental cars",  # a glued label counts only in capitals
    "Correction officers vote to strike",  # no separator after the word
    "Update on the harbour works",
    "Flashpoint town braces for protest",
])
def test_headlines_that_only_start_with_a_label_word_are_left_alone(headline: str) -> None:
    assert split_headline(headline) == ((), headline)


# ----------------------------------------------------------------- body notes

@pytest.mark.parametrize(("line", "kind"), [
    ("(Corrects name of the port in paragraph 2)", "correction"),
    ("(Refiles to fix typo in headline)", "correction"),
    ("This story has been corrected to show the strike began on Monday.", "correction"),
    ("An earlier version of this story gave the wrong day for the vote.", "correction"),
    ("Correction: The mayor's name is spelt Ortega, not Ortego.", "correction"),
    ("Korrektur: In einer früheren Version stand ein falsches Datum.", "correction"),
    ("(Updates with union statement, adds background)", "update"),
    ("Eds: UPDATES with comment from the port authority", "update"),
    ("KILL KILL KILL", "kill"),
    ("WITHDRAWN: this item was sent in error", "kill"),
    ("The story headlined \"Port strike ends\" has been withdrawn. Please delete it.", "kill"),
    ("Editors: the article should not be used, it contained a libel.", "kill"),
    ("Bitte nicht verwenden. Die Meldung wird zurückgezogen.", "kill"),
    ("ANULACIÓN: esta noticia no debe ser utilizada.", "kill"),
    ("This story has been withdrawn temporarily pending legal review.", "withhold"),
    ("(Editors: please hold this story until further notice)", "withhold"),
])
def test_editorial_notes_are_recognised(line: str, kind: str) -> None:
    assert note_kind(line) == kind


@pytest.mark.parametrize("line", [
    "Withdrawn troops returned to their barracks on Monday.",
    "The minister said the report was withdrawn after criticism from lawmakers.",
    "Tear gas should not be used against children, the rights group said.",
    "Correction facilities across the state are short of staff.",
    "The update to the app adds a dark mode.",
])
def test_story_text_is_not_a_note(line: str) -> None:
    assert note_kind(line) is None


# ------------------------------------------------------------------- embargo

@pytest.mark.parametrize(("line", "zone", "expected"), [
    ("EMBARGOED UNTIL 0001 GMT March 5, 2024", None, datetime(2024, 3, 5, 0, 1, tzinfo=UTC)),
    ("Embargoed until 10:00 CET 12 June 2024", None, datetime(2024, 6, 12, 9, 0, tzinfo=UTC)),
    ("Not for publication before 14:00 GMT", None, datetime(2024, 3, 4, 14, 0, tzinfo=UTC)),
    # a time already past on the reference day means the next day
    ("Not for publication or broadcast before 06:00 GMT", None,
     datetime(2024, 3, 5, 6, 0, tzinfo=UTC)),
    ("Sperrfrist: 5. März 2024, 10:00 Uhr", "Europe/Berlin", datetime(2024, 3, 5, 9, 0, tzinfo=UTC)),
    ("EMBARGADA hasta las 10.00 GMT del 12 de junio de 2024", None,
     datetime(2024, 6, 12, 10, 0, tzinfo=UTC)),
    ("(Embargo : 9h00 GMT le 3 avril 2024)", None, datetime(2024, 4, 3, 9, 0, tzinfo=UTC)),
    ("HOLD FOR RELEASE until 8:30 a.m. EDT, May 7", None, datetime(2024, 5, 7, 12, 30, tzinfo=UTC)),
    ("Embargoed until 9:15 pm EST on March 6", None, datetime(2024, 3, 7, 2, 15, tzinfo=UTC)),
    ("Sperrfrist: am 6. März 2024 um 14:00 Uhr", "Europe/Berlin",
     datetime(2024, 3, 6, 13, 0, tzinfo=UTC)),
])
def test_embargo_lines_give_a_utc_time(line: str, zone: str | None, expected: datetime) -> None:
    phrase = embargo_phrase(line)
    assert phrase is not None
    assert embargo_time(phrase, zone, PUBLISHED) == expected


@pytest.mark.parametrize("line", ["Embargo on grain exports extended to June",
                                  "The embargo was lifted in 2019.", "Not for the faint-hearted."])
def test_sentences_about_embargoes_are_not_embargo_lines(line: str) -> None:
    phrase = embargo_phrase(line)
    assert phrase is None or embargo_time(phrase, None, PUBLISHED) is None


# --------------------------------------------------------- slugs and bulletins

@pytest.mark.parametrize(("line", "expected"), [
    ("PORTS-STRIKE/ROTTERDAM", "PORTS-STRIKE/ROTTERDAM"),
    ("BC-EU--Ports-Strike,2nd Ld-Writethru", "BC-EU--Ports-Strike,2nd Ld-Writethru"),
    ("Arbeitskampf/Häfen/Niederlande", "Arbeitskampf/Häfen/Niederlande"),
    ("Netherlands-ports-strike-economy", "Netherlands-ports-strike-economy"),
    ("Slug: ports-strike", "ports-strike"),
    ("Keywords: Häfen, Streik", "Häfen, Streik"),
    ("Covid-19", None),
    ("Paris-based", None),
    ("ROTTERDAM (Lifecycle Wire) - Dockers walked out.", None),
])
def test_slug_lines(line: str, expected: str | None) -> None:
    assert slug(line) == expected


def test_bulletins_are_all_capitals_and_at_least_three_words() -> None:
    assert is_bulletin("DAM BURSTS NEAR VALLEY TOWN - OFFICIALS")
    assert not is_bulletin("Dam bursts near valley town")
    assert not is_bulletin("DAM BURSTS")


# -------------------------------------------------------------- urgency/status

def test_urgency_rule_strongest_signal_wins_and_ordinary_is_5() -> None:
    assert urgency({"flash", "urgent"}) == 1
    assert urgency({"urgent", "correction"}) == 2
    assert urgency({"kill"}) == 2 and urgency({"bulletin"}) == 3
    assert urgency({"update", "slug"}) == 5 and urgency(set()) == 5


def test_pub_status_kill_beats_hold_beats_usable() -> None:
    assert pub_status({"kill", "withhold"}) == "canceled"
    assert pub_status({"withhold", "correction"}) == "withheld"
    assert pub_status({"correction", "update"}) == "usable"


# ------------------------------------------------------------------- the stage

def test_stage_takes_marks_out_of_headline_and_body_and_sets_the_fields() -> None:
    a = signals.fn(_article(
        "URGENT: Port strike spreads to second city",
        "PORTS-STRIKE/ANTWERP",
        "EMBARGOED UNTIL 0001 GMT March 5, 2024",
        "ANTWERP (Lifecycle Wire) - Dockers in Antwerp joined the strike on Monday.",
        "Shipping lines said they would divert vessels to other ports.",
        "Unions said talks would resume on Thursday.",
        "This story has been corrected to show the strike began on Monday, not Sunday."))
    assert a.headline == "Port strike spreads to second city"
    assert a.paragraphs == (
        "ANTWERP (Lifecycle Wire) - Dockers in Antwerp joined the strike on Monday.",
        "Shipping lines said they would divert vessels to other ports.",
        "Unions said talks would resume on Thursday.")
    assert a.slugline == "PORTS-STRIKE/ANTWERP"
    assert a.embargoed_until is not None
    assert a.embargoed_until.utc == datetime(2024, 3, 5, 0, 1, tzinfo=UTC)
    assert a.embargoed_until.original == "0001 GMT March 5, 2024"
    assert a.urgency == 2 and a.pub_status == "usable" and a.correction is True
    assert a.ed_note == "This story has been corrected to show the strike began on Monday, not Sunday."
    assert [s.kind for s in a.signals] == ["urgent", "slug", "embargo", "correction"]


def test_stage_notes_in_the_middle_of_a_long_story_are_story_text() -> None:
    body = [f"Paragraph {i} of the story about the harbour works." for i in range(8)]
    body[4] = "Correction: this sentence sits in the middle, where notes are not looked for."
    a = signals.fn(_article("Harbour works begin", *body))
    assert a.paragraphs == tuple(body) and not a.correction and a.urgency == 5


def test_stage_headline_kill_and_withhold() -> None:
    killed = signals.fn(_article("KILL-Harbour works begin", "KILL KILL KILL",
                                 "The story headlined \"Harbour works begin\" has been withdrawn."))
    assert killed.pub_status == "canceled" and killed.urgency == 2
    assert killed.ed_note == ("KILL KILL KILL The story headlined \"Harbour works begin\" has been "
                              "withdrawn.")
    held = signals.fn(_article("Harbour works begin",
                               "(Editors: please hold this story until further notice)",
                               "Work on the harbour began on Monday."))
    assert held.pub_status == "withheld" and held.paragraphs == ("Work on the harbour began on Monday.",)


def test_stage_flash_bulletin_without_body() -> None:
    a = signals.fn(_article("FLASH - DAM BURSTS NEAR VALLEY TOWN - OFFICIALS"))
    assert a.urgency == 1 and a.headline == "DAM BURSTS NEAR VALLEY TOWN - OFFICIALS"
    assert {s.kind for s in a.signals} == {"flash", "bulletin"}
    plain = signals.fn(_article("DAM BURSTS NEAR VALLEY TOWN - OFFICIALS"))
    assert plain.urgency == 3


def test_stage_runs_after_headline_and_before_byline() -> None:
    names = [s.name for s in anatomy_stages()]
    assert names.index("headline") < names.index("signals") < names.index("byline")


def test_ninjs_lifecycle_fields_validate_against_both_schemas() -> None:
    a = signals.fn(_article("CORRECTED-Harbour works begin",
                            "EMBARGOED UNTIL 0001 GMT March 5, 2024",
                            "(Corrects date of start in paragraph 1)",
                            "Work on the harbour began on Monday."))
    a = replace(a, raw_version=2, entry_id="wire:t1-b",
                changes=VersionChange(1, True, 1, 1, "headline-notice"))
    doc = to_ninjs(a)
    assert schema_errors(doc) == []
    assert doc["uri"] == "urn:wire-ingest:wire:t1" and doc["version"] == "2"
    assert doc["versionCreated"] == "2024-03-04T12:00:00Z"  # the fetch time of a later version
    assert doc["embargoedUntil"] == "2024-03-05T00:01:00Z"
    assert doc["edNote"] == "Corrects date of start in paragraph 1"
    assert doc["pubStatus"] == "usable" and doc["urgency"] == 5
    assert doc["x_wire"]["changes"] == {
        "previous_version": 1, "headline_changed": True, "paragraphs_added": 1,
        "paragraphs_removed": 1, "matched_by": "headline-notice",
        "correction_notice": "(Corrects date of start in paragraph 1)"}
    assert doc["x_wire"]["embargoed_until"] == {"original": "0001 GMT March 5, 2024",
                                                "utc": "2024-03-05T00:01:00Z",
                                                "source": "embargo-line"}


def test_uri_is_the_story_id_not_the_current_link() -> None:
    web = to_ninjs(replace(_article("Harbour", "Text."), url="https://example.org/harbour?v=2"))
    assert web["uri"] == "urn:wire-ingest:wire:t1"
    linked = to_ninjs(replace(_article("Harbour", "Text."), id="https://example.org/harbour"))
    assert linked["uri"] == "https://example.org/harbour"


def test_a_standfirst_is_a_sub_headline_that_validates() -> None:
    a = replace(_article("Fires kill dozens", "At least 46 people have died."),
                headline="Fires kill dozens", standfirst="Crews battle blazes across the region.")
    doc = to_ninjs(a)
    assert schema_errors(doc) == []
    assert doc["headlines"] == [{"role": "main", "value": "Fires kill dozens"},
                                {"role": "sub", "value": "Crews battle blazes across the region."}]
