"""Datelines: place, region, date and agency, removed from the body."""

from __future__ import annotations

import pytest

from service.model import Article
from service.pipeline.stages.dateline import dateline, find_dateline


@pytest.mark.parametrize(("paragraph", "text", "place", "region", "date", "agency", "rest"), [
    ("AMMAN - Syrian rebels", "AMMAN", "AMMAN", None, None, None, "Syrian rebels"),
    ("AMMAN (Reuters) - Syrian rebels", "AMMAN", "AMMAN", None, None, "Reuters", "Syrian rebels"),
    ("AMMAN, Jordan (AP) — Syrian rebels", "AMMAN, Jordan", "AMMAN", "Jordan", None, "AP", "Syrian rebels"),
    ("Amman (AFP) - Syrian rebels", "Amman", "Amman", None, None, "AFP", "Syrian rebels"),
    ("WASHINGTON, Feb 27 (Reuters) - The U.S.", "WASHINGTON, Feb 27", "WASHINGTON", None, "Feb 27", "Reuters", "The U.S."),
    ("NEW DELHI, Feb 27 (PTI) The government", "NEW DELHI, Feb 27", "NEW DELHI", None, "Feb 27", "PTI", "The government"),
    ("MADRID, 27 Feb (EFE).- El Gobierno", "MADRID, 27 Feb", "MADRID", None, "27 Feb", "EFE", "El Gobierno"),
    ("BEIJING, March 3 (Xinhua) -- China", "BEIJING, March 3", "BEIJING", None, "March 3", "Xinhua", "China"),
    ("TOKYO (Kyodo) -- Japan's", "TOKYO", "TOKYO", None, None, "Kyodo", "Japan's"),
    ("Tokyo, Feb. 27 (Jiji Press)--Japan's", "Tokyo, Feb. 27", "Tokyo", None, "Feb. 27", "Jiji", "Japan's"),
    ("ISTANBUL (AA) - Turkish", "ISTANBUL", "ISTANBUL", None, None, "Anadolu", "Turkish"),
    ("RIO DE JANEIRO (AP) — Brazil", "RIO DE JANEIRO", "RIO DE JANEIRO", None, None, "AP", "Brazil"),
    ("Rio de Janeiro (AFP) - Brazil", "Rio de Janeiro", "Rio de Janeiro", None, None, "AFP", "Brazil"),
    ("NEW YORK, Feb. 27, 2020 (AP) — Stocks", "NEW YORK, Feb. 27, 2020", "NEW YORK", None, "Feb. 27, 2020", "AP", "Stocks"),
    ("LOS ANGELES, Calif. (AP) — A fire", "LOS ANGELES, Calif.", "LOS ANGELES", "Calif.", None, "AP", "A fire"),
    ("New Delhi [India], March 5 (ANI): The", "New Delhi [India], March 5", "New Delhi", "India", "March 5", "ANI", "The"),
    ("NEW DELHI: The government", "NEW DELHI", "NEW DELHI", None, None, None, "The government"),
    ("ATLANTA (CNN) - A storm", "ATLANTA", "ATLANTA", None, None, "CNN", "A storm"),
    ("SEOUL, April 1 (Yonhap) -- \u201cWe", "SEOUL, April 1", "SEOUL", None, "April 1", "Yonhap", "\u201cWe"),
])
def test_dateline_forms(paragraph: str, text: str, place: str, region: str | None,
                        date: str | None, agency: str | None, rest: str) -> None:
    found = find_dateline(paragraph)
    assert found is not None
    line, end = found
    assert (line.text, line.place, line.region, line.date_text, line.agency) == (
        text, place, region, date, agency)
    assert paragraph[end:] == rest


@pytest.mark.parametrize("paragraph", [
    "UPDATE - Rebels advance", "NATO - The alliance said", "Nearly a million Syrians fled",
    "AMMAN-based firms said", "Jane Doe (AFP) said", "The Syrian Observatory (SOHR) - The",
    "I - for one - disagree", "BREAKING: Markets fall", "Amman - The capital",
])
def test_sentences_and_labels_are_not_datelines(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


def test_stage_takes_the_dateline_off_the_first_paragraph_only() -> None:
    a = Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                input_content="x", input_type="text/plain",
                paragraphs=("AMMAN - Rebels advanced.", "BEIRUT - Not a dateline here."))
    out = dateline.fn(a)
    assert out.dateline is not None and out.dateline.place == "AMMAN"
    assert out.paragraphs == ("Rebels advanced.", "BEIRUT - Not a dateline here.")


@pytest.mark.parametrize(("paragraph", "place"), [
    ("Thiruvananthapuram: The southwest monsoon set in over Kerala on Thursday.", "Thiruvananthapuram"),
    ("Note: The figures are provisional.", None),
    ("Update: Two more bodies were found.", None),
])
def test_a_well_known_place_and_a_colon_in_mixed_case(paragraph: str, place: str | None) -> None:
    a = Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                input_content="x", input_type="text/plain", paragraphs=(paragraph, "More."))
    out = dateline.fn(a)
    assert (out.dateline.place if out.dateline else None) == place


def test_the_country_in_brackets_before_the_agency() -> None:
    found = find_dateline("Antakya (Turkey) (AFP) - Rescuers pulled a teenager alive.")
    assert found is not None
    line = found[0]
    assert (line.text, line.place, line.region, line.agency) == ("Antakya (Turkey)", "Antakya", "Turkey", "AFP")
    plain = find_dateline("AMMAN (Reuters) - Rebels advanced.")
    assert plain is not None and plain[0].region is None and plain[0].agency == "Reuters"


@pytest.mark.parametrize(("paragraph", "place", "date", "agency", "rest"), [
    ("MOSCOW, March 5. /TASS/. Export prices rose.", "MOSCOW", "March 5", "TASS", "Export prices rose."),
    ("ABU DHABI, 14th January, 2025 (WAM) -- The deal was signed.", "ABU DHABI", "14th January, 2025",
     "WAM", "The deal was signed."),
])
def test_agency_datelines_of_tass_and_wam(paragraph: str, place: str, date: str, agency: str,
                                          rest: str) -> None:
    a = Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                input_content="x", input_type="text/plain", paragraphs=(paragraph, "More."))
    out = dateline.fn(a)
    assert out.dateline is not None
    assert (out.dateline.place, out.dateline.date_text, out.dateline.agency) == (place, date, agency)
    assert out.paragraphs[0] == rest
