"""Bylines, person names and the agency list."""

from __future__ import annotations

from collections import Counter

import pytest

from service.model import Article, Contributor, Dateline
from service.pipeline.stages import agencies
from service.pipeline.stages.byline import byline
from service.pipeline.stages.names import normalise_name


def _article(paragraphs: tuple[str, ...], **fields: object) -> Article:
    return Article(id="t", url=None, source_name="test", source_timezone=None, fetched_at=None,
                   input_content="x", input_type="text/plain", paragraphs=paragraphs,
                   **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("line", "shown", "authors", "found"), [
    ("By Reuters", "Reuters", (), ("Reuters",)),
    ("By Jane Doe, Reuters", "Jane Doe, Reuters", ("Jane Doe",), ("Reuters",)),
    ("By JANE DOE Associated Press", "JANE DOE Associated Press", ("Jane Doe",), ("AP",)),
    ("(AFP)", "AFP", (), ("AFP",)),
    ("By Jane Doe and John Roe | AFP", "Jane Doe and John Roe | AFP", ("Jane Doe", "John Roe"), ("AFP",)),
    ("BY YUSUF AL-HALABI, dpa", "YUSUF AL-HALABI, dpa", ("Yusuf al-Halabi",), ("dpa",)),
    ("By Jane Doe in Amman", "Jane Doe in Amman", ("Jane Doe",), ()),
    ("By Jane Doe, Staff Writer", "Jane Doe, Staff Writer", ("Jane Doe",), ()),
    ("By Jane Doe for AFP", "Jane Doe for AFP", ("Jane Doe",), ("AFP",)),
    ("By Tom Ashworth, PA", "Tom Ashworth, PA", ("Tom Ashworth",), ("PA",)),
    ("By Agence France-Presse", "Agence France-Presse", (), ("AFP",)),
    ("Jane Doe, Reuters", "Jane Doe, Reuters", ("Jane Doe",), ("Reuters",)),
    ("By Staff Reporter", "Staff Reporter", (), ()),
    ("Von Katrin Vogel, dpa", "Katrin Vogel, dpa", ("Katrin Vogel",), ("dpa",)),
    ("By Ellen Marsh, PA Health Correspondent", "Ellen Marsh, PA Health Correspondent",
     ("Ellen Marsh",), ("PA",)),
    ("By Jon Reyes, AP Science Writer", "Jon Reyes, AP Science Writer", ("Jon Reyes",), ("AP",)),
    ("Selin Kaya  |12.06.2024 - Update : 13.06.2024", "Selin Kaya", ("Selin Kaya",), ()),
    ("Mark Olsen | 3 June 2024", "Mark Olsen", ("Mark Olsen",), ()),
    ("Agence France-Presse in Jakarta", "Agence France-Presse in Jakarta", (), ("AFP",)),
    ("By business reporter Hannah Reilly", "business reporter Hannah Reilly", ("Hannah Reilly",), ()),
])
def test_byline_forms(line: str, shown: str, authors: tuple[str, ...], found: tuple[str, ...]) -> None:
    a = byline.fn(_article((line, "The body starts here.")))
    assert (a.byline, a.authors, a.agencies) == (shown, authors, found)
    assert a.paragraphs == ("The body starts here.",)


@pytest.mark.parametrize("line", [
    "By then, it was too late.",
    "By contrast, Reuters reported a rise in prices across the region on Monday.",
    "New Delhi, May 20 (PTI) The southwest monsoon is likely to arrive early, officials said.",
    "Jane Doe walked to the Reuters office.",
])
def test_body_sentences_are_not_bylines(line: str) -> None:
    a = byline.fn(_article((line,)))
    assert a.byline is None and a.paragraphs == (line,)


def test_an_agency_line_after_the_names_joins_the_byline() -> None:
    a = byline.fn(_article(("By Jane Doe", "Associated Press", "Body.")))
    assert (a.byline, a.authors, a.agencies, a.paragraphs) == (
        "Jane Doe, Associated Press", ("Jane Doe",), ("AP",), ("Body.",))


def test_feed_authors_then_page_metadata_stand_in_for_a_missing_byline() -> None:
    a = byline.fn(_article(("Body.",), feed_authors=("editor@example.com (Jane Doe)",)))
    assert (a.byline, a.authors) == ("Jane Doe", ("Jane Doe",))
    b = byline.fn(_article(("Body.",), page_meta=(("author", "https://facebook.com/x"),
                                                    ("ld:author", "Xinhua"))))
    assert (b.byline, b.agencies) == ("Xinhua", ("Xinhua",))


@pytest.mark.parametrize(("printed", "normal"), [
    ("LEILA BEN SALEM", "Leila Ben Salem"), ("KARIM ALHAMAD", "Karim Alhamad"),
    ("YUSUF AL-HALABI", "Yusuf al-Halabi"), ("JEAN-PIERRE DE LA TOUR", "Jean-Pierre de la Tour"),
    ("SEAN O'NEILL", "Sean O'Neill"), ("ANGUS MCDONALD", "Angus McDonald"),
    ("Ursula von der Leyen", "Ursula von der Leyen"), ("  Jane   Doe. ", "Jane Doe"),
])
def test_names_printed_in_capitals_are_recased(printed: str, normal: str) -> None:
    assert normalise_name(printed) == normal


def test_agency_list_is_well_formed() -> None:
    listed = agencies.all_agencies()
    assert len(listed) >= 40
    names = Counter(a.name for a in listed)
    assert not [n for n, c in names.items() if c > 1]
    aliases = Counter(v for a in listed for v in (*a.aliases, *a.strict_aliases))
    assert not [v for v, c in aliases.items() if c > 1], "an alias names two agencies"
    for required in ("Reuters", "AP", "AFP", "Bloomberg", "dpa", "Xinhua", "EFE", "ANSA", "Kyodo",
                     "Yonhap", "PTI", "ANI", "Anadolu", "TASS"):
        assert agencies.canonical(required) == required


@pytest.mark.parametrize(("text", "name"), [
    ("(Reuters)", "Reuters"), ("REUTERS", "Reuters"), ("The Associated Press", "AP"),
    ("AA", "Anadolu"), ("Deutsche Presse-Agentur", "dpa"), ("agence", None), ("ap", None),
])
def test_agency_lookup(text: str, name: str | None) -> None:
    assert agencies.canonical(text) == name


def test_strict_aliases_are_not_found_in_running_text() -> None:
    found = [a.name for a, _, _ in agencies.find_in("AA batteries, a PA system and AP reporting")]
    assert found == ["AP"]


def test_agencies_stage_merges_byline_dateline_and_credits() -> None:
    a = agencies.agencies.fn(_article(
        (), agencies=("Reuters",), dateline=Dateline(text="X", place="X", agency="AFP"),
        contributors=(Contributor("AFP", "agency"), Contributor("Jiji", "agency"),
                      Contributor("Jane Doe", "reporting"))))
    assert a.agencies == ("Reuters", "AFP", "Jiji")
    unknown = agencies.agencies.fn(_article((), dateline=Dateline(text="X", place="X", agency="CNN")))
    assert unknown.agencies == ()


def test_the_name_start_lookahead_only_skips_positions_where_no_name_starts() -> None:
    """NAME_PATTERN opens with NAME_START to try its look-behind only where a
    name can start: without it, every pattern built on it finds the same."""
    import re

    from service.pipeline.stages.names import NAME_PATTERN, NAME_START
    from tests.fixtures.anatomy.stories import load_all

    plain = re.compile(NAME_PATTERN.removeprefix(NAME_START))
    texts = [s.article.input_content for s in load_all()] + [
        "said al-Assad and el-Sisi, not ad-hoc", "Ursula von der Leyen met J. R. R. Tolkien",
        "ash-Shamali, an envoy, left", "Ángela Müller (Éric) spoke"]
    assert plain.pattern != NAME_PATTERN
    for text in texts:
        assert [m.span() for m in re.finditer(NAME_PATTERN, text)] \
            == [m.span() for m in plain.finditer(text)]
