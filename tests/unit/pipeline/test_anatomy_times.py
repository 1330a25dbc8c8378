"""Publication and update times: parsing, source zones, preference, flags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.model import Article
from service.pipeline.stages.timeparse import parse_time, zone_named
from service.pipeline.stages.times import times

HONG_KONG = zone_named("Asia/Hong_Kong")


@pytest.mark.parametrize(("text", "expected", "flags"), [
    ("15:14, February 27, 2020", "2020-02-27T07:14:00", ("naive-localised",)),
    ("Thu, 27 Feb 2020 07:14:00 GMT", "2020-02-27T07:14:00", ()),
    ("Thu, 27 Feb 2020 07:14:00 -0000", "2020-02-27T07:14:00", ()),
    ("2020-02-27T15:14:00+08:00", "2020-02-27T07:14:00", ()),
    ("2020-02-27T07:14:00Z", "2020-02-27T07:14:00", ()),
    ("2020-02-27 15:14", "2020-02-27T07:14:00", ("naive-localised",)),
    ("2020-02-27", "2020-02-26T16:00:00", ("date-only", "naive-localised")),
    ("Feb. 27, 2020 3:14 p.m. ET", "2020-02-27T20:14:00", ()),
    ("27 February 2020 15.14 GMT", "2020-02-27T15:14:00", ()),
    ("Thursday 27th of February 2020, 9 am EST", "2020-02-27T14:00:00", ()),
    ("27/02/2020 10:00 GMT+8", "2020-02-27T02:00:00", ()),
    ("02/27/2020 10:00 UTC", "2020-02-27T10:00:00", ()),
    ("12.02.2024, 16:45 Uhr", "2024-02-12T08:45:00", ("naive-localised",)),
    ("July 4, 2024 11:30 PM EDT", "2024-07-05T03:30:00", ()),
])
def test_parse_time(text: str, expected: str, flags: tuple[str, ...]) -> None:
    parsed = parse_time(text, HONG_KONG)
    assert parsed is not None
    assert parsed.utc == datetime.fromisoformat(expected).replace(tzinfo=UTC)
    assert parsed.flags == flags


@pytest.mark.parametrize("text", ["03/04/2020 10:00", "nonsense", "", "25:99, February 27, 2020",
                                  "February 30, 2020", "February 27, 1850", "2 hours ago"])
def test_unclear_times_are_refused(text: str) -> None:
    parsed = parse_time(text, HONG_KONG)
    assert parsed is None or parsed.flags == ("date-only", "naive-localised")  # time part ignored


def test_unknown_zone_names_fall_back_to_utc() -> None:
    assert zone_named("Mars/Olympus") is UTC and zone_named(None) is UTC


def _article(paragraphs: tuple[str, ...] = (), **fields: object) -> Article:
    base: dict[str, object] = dict(id="t", url=None, source_name="test",
                                   source_timezone="Asia/Hong_Kong", fetched_at=None,
                                   input_content="x", input_type="text/plain")
    base.update(fields)
    return Article(paragraphs=paragraphs, **base)  # type: ignore[arg-type]


def test_header_line_gives_both_times_and_leaves_the_body() -> None:
    a = times.fn(_article(("Published: 15:14, February 27, 2020 | Updated: 07:18, June 6, 2023",
                           "Headline", "Body.")))
    assert a.published is not None and a.updated is not None
    assert (a.published.utc, a.published.source) == (datetime(2020, 2, 27, 7, 14, tzinfo=UTC), "header-line")
    assert a.published.original == "15:14, February 27, 2020"
    assert a.updated.utc == datetime(2023, 6, 5, 23, 18, tzinfo=UTC)
    assert a.paragraphs == ("Headline", "Body.")


def test_a_byline_sharing_the_time_line_is_kept() -> None:
    a = times.fn(_article(("By Jane Doe | Published: 27 Feb 2020 10:00", "Body.")))
    assert a.paragraphs == ("By Jane Doe", "Body.")
    assert a.published is not None and a.published.utc == datetime(2020, 2, 27, 2, 0, tzinfo=UTC)


def test_body_sentences_mentioning_publication_are_not_header_lines() -> None:
    body = ("The report, published on March 3, 2020, said prices rose.", "Updated figures follow.")
    a = times.fn(_article(body))
    assert a.paragraphs == body and a.published is None


def test_feed_time_is_preferred_over_page_metadata_and_header() -> None:
    a = times.fn(_article(("Published: 10:00, March 1, 2020",), feed_published="2020-03-01T01:00:00Z",
                          page_meta=(("article:published_time", "2020-03-01T01:30:00Z"),)))
    assert a.published is not None and a.published.source == "feed"
    assert a.paragraphs == ()  # the header line leaves the body all the same


def test_a_future_time_is_flagged_and_the_next_source_trusted() -> None:
    fetched = datetime(2024, 6, 5, 12, 0, tzinfo=UTC)
    a = times.fn(_article(feed_published="2024-06-06T12:00:00Z", fetched_at=fetched,
                          page_meta=(("article:published_time", "2024-06-05T11:00:00Z"),)))
    assert a.published is not None and a.published.source == "page-meta"
    assert "published-in-future" not in a.flags
    alone = times.fn(_article(feed_published="2024-06-06T12:00:00Z", fetched_at=fetched))
    assert alone.published is not None and alone.published.utc is None
    assert "future" in alone.published.flags and "published-in-future" in alone.flags
    skewed = times.fn(_article(feed_published="2024-06-05T12:05:00Z", fetched_at=fetched))
    assert skewed.published is not None and skewed.published.utc is not None  # within tolerance


def test_an_update_before_publication_is_flagged_not_trusted() -> None:
    a = times.fn(_article(feed_published="2024-06-05T10:00:00Z", feed_updated="2024-06-04T10:00:00Z"))
    assert a.updated is not None and a.updated.utc is None
    assert a.updated.flags == ("before-published",)
    assert "updated-before-published" in a.flags


def test_without_a_fetch_time_nothing_is_judged_future() -> None:
    a = times.fn(_article(feed_published="2099-01-01T00:00:00Z"))
    assert a.published is not None and a.published.utc is not None


def test_an_agency_credit_and_an_issued_label_on_the_time_line() -> None:
    a = times.fn(_article(("PTI | Updated: May 28, 2024, 14:05", "Body."),
                          source_timezone="Asia/Kolkata"))
    assert a.paragraphs == ("PTI", "Body.")
    assert a.updated is not None and a.updated.utc == datetime(2024, 5, 28, 8, 35, tzinfo=UTC)
    b = times.fn(_article(("Issued on: 06/02/2024 - 09:12 Modified: 06/02/2024 - 11:40", "Body.")))
    assert b.paragraphs == ("Body.",)  # day and month cannot be told apart: no time, no text


@pytest.mark.parametrize(("line", "published", "updated"), [
    ("29 Jun 2024 10:20AM (Updated: 29 Jun 2024 12:05PM)", datetime(2024, 6, 29, 2, 20, tzinfo=UTC),
     datetime(2024, 6, 29, 4, 5, tzinfo=UTC)),
    ("India News | Press Trust of India | Updated: May 30, 2024 12:41", None,
     datetime(2024, 5, 30, 4, 41, tzinfo=UTC)),
    ("All News 08:12 May 30, 2024", datetime(2024, 5, 30, 0, 12, tzinfo=UTC), None),
    ("Reuters | Mumbai Dec 18, 2024 04:31 PM IST", datetime(2024, 12, 18, 8, 31, tzinfo=UTC), None),
])
def test_time_lines_of_site_pages(line: str, published: datetime | None, updated: datetime | None) -> None:
    a = times.fn(_article((line, "Body."), source_timezone="Asia/Singapore"))
    assert (a.published.utc if a.published else None, a.updated.utc if a.updated else None) == (
        published, updated)
    assert a.paragraphs[-1] == "Body." and not any("News" in p and "|" in p for p in a.paragraphs)
