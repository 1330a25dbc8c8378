"""Relative dates: each expression kind, past and future readings, month
names used as other words, offsets, and the stage's anchoring (source
timezone, fetch-time fallback). Sentences are invented."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime
from itertools import pairwise

import pytest

from service.model import Article, TimeValue
from service.pipeline.knowledge import knowledge_stages
from service.pipeline.knowledge.timex import (
    _RULES,
    _rules_worth_running,
    find_time_expressions,
    time_expressions,
)

THURSDAY = date(2020, 2, 27)  # a Thursday in a leap year
NON_LEAP = date(2021, 2, 10)  # a Wednesday

# (id, anchor, body, expected (text, resolved, granularity) in order)
CASES = [
    ("weekday-same-day-past", THURSDAY,
     "The miners said on Thursday the shaft had flooded.",
     [("on Thursday", "2020-02-27", "day")]),
    ("weekday-earlier-in-week", THURSDAY,
     "Voters queued on Monday outside the town hall.",
     [("on Monday", "2020-02-24", "day")]),
    ("weekday-no-tense-cue-is-latest-on-or-before", THURSDAY,
     "Friday's storm cut power to the valley.",
     [("Friday's", "2020-02-21", "day")]),
    ("weekday-future-cue", THURSDAY,
     "The regional assembly will vote on Monday on the budget.",
     [("on Monday", "2020-03-02", "day")]),
    ("weekday-future-cue-same-day-is-today", THURSDAY,
     "The board is due to meet on Thursday evening.",
     [("on Thursday evening", "2020-02-27", "day")]),
    ("weekday-last-and-next", THURSDAY,
     "Talks stalled last Thursday and resume next Thursday.",
     [("last Thursday", "2020-02-20", "day"), ("next Thursday", "2020-03-05", "day")]),
    ("weekday-night", THURSDAY,
     "Shelling resumed on Wednesday night near the border.",
     [("on Wednesday night", "2020-02-26", "day")]),
    ("reported-will-after-said-stays-past", THURSDAY,
     "The ferry company said on Tuesday it will cut routes.",
     [("on Tuesday", "2020-02-25", "day")]),
    ("said-then-future-clause", THURSDAY,
     "The union said its members plan to strike on Saturday.",
     [("on Saturday", "2020-02-29", "day")]),
    ("past-expected-is-no-future-cue", THURSDAY,
     "Envoys were expected to meet in Oslo on Friday.",
     [("on Friday", "2020-02-21", "day")]),
    ("holiday-names-are-not-weekdays", THURSDAY,
     "The Good Friday agreement was signed long ago.", []),
    ("today-family", THURSDAY,
     "Yesterday the river rose; today it fell; tomorrow rain returns; tonight it freezes.",
     [("Yesterday", "2020-02-26", "day"), ("today", "2020-02-27", "day"),
      ("tomorrow", "2020-02-28", "day"), ("tonight", "2020-02-27", "day")]),
    ("last-night-and-days-ago", THURSDAY,
     "Looters struck last night, two days ago and 3 days ago.",
     [("last night", "2020-02-26", "day"), ("two days ago", "2020-02-25", "day"),
      ("3 days ago", "2020-02-24", "day")]),
    ("usa-today-is-a-newspaper", THURSDAY, "She told USA Today little.", []),
    ("since-month-previous-year", THURSDAY,
     "Prices have doubled since December.",
     [("since December", "2019-12", "month")]),
    ("since-current-month", THURSDAY,
     "Exports have slowed since February.",
     [("since February", "2020-02", "month")]),
    ("in-month-past-reading", THURSDAY,
     "The dam burst in April.",
     [("in April", "2019-04", "month")]),
    ("in-month-future-cue", THURSDAY,
     "The new line will open in April.",
     [("in April", "2020-04", "month")]),
    ("fronted-month-future-clause", THURSDAY,
     "In June, the airline will add flights.",
     [("In June", "2020-06", "month")]),
    ("fronted-month-said-clause-stays-past", THURSDAY,
     "In June, the airline said fares will rise.",
     [("In June", "2019-06", "month")]),
    ("last-and-next-month-name", THURSDAY,
     "Output peaked last February and will dip next January.",
     [("last February", "2019-02", "month"), ("next January", "2021-01", "month")]),
    ("relative-months", THURSDAY,
     "Rents rose last month, fell earlier this month and may rise next month.",
     [("last month", "2020-01", "month"), ("earlier this month", "2020-02", "month"),
      ("next month", "2020-03", "month")]),
    ("relative-months-across-year", date(2020, 1, 15),
     "Sales slumped last month.",
     [("last month", "2019-12", "month")]),
    ("relative-years", THURSDAY,
     "Last year was dry, this year is wet and next year is anyone's guess.",
     [("Last year", "2019", "year"), ("this year", "2020", "year"), ("next year", "2021", "year")]),
    ("end-february-deadline-leap-year", THURSDAY,
     "Lenders face an end-February deadline to file.",
     [("end-February", "2020-02-29", "day")]),
    ("end-february-deadline-common-year", NON_LEAP,
     "Lenders face an end-February deadline to file.",
     [("end-February", "2021-02-28", "day")]),
    ("by-the-end-of-with-future-cue", THURSDAY,
     "The bridge must reopen by the end of March.",
     [("by the end of March", "2020-03-31", "day")]),
    ("end-of-month-past", THURSDAY,
     "The strike ended at the end of November.",
     [("the end of November", "2019-11-30", "day")]),
    ("early-mid-late-month", THURSDAY,
     "Snow fell in early January, mid-March and late-October.",
     [("early January", "2020-01", "month"), ("mid-March", "2019-03", "month"),
      ("late-October", "2019-10", "month")]),
    ("month-with-year-suffix", THURSDAY,
     "The mine closed in March last year.",
     [("in March last year", "2019-03", "month")]),
    ("month-and-day-without-year", THURSDAY,
     "Polls close on Feb. 3 and reopen 5 April, officials said.",
     [("Feb. 3", "2020-02-03", "day"), ("5 April", "2019-04-05", "day")]),
    ("absolute-dates-are-skipped", THURSDAY,
     "The treaty of March 4, 2019 lapsed in December 2018 and on 9 May 2017.", []),
    ("may-as-modal-and-surname-is-skipped", THURSDAY,
     "Ministers May resign. The plan was backed by May and criticised from May's camp.", []),
    ("may-as-month", THURSDAY,
     "Harvests failed in May and on May 12.",
     [("in May", "2019-05", "month"), ("May 12", "2019-05-12", "day")]),
    ("march-as-verb-or-event-is-skipped", THURSDAY,
     "Veterans will march to the capital. March organisers expect crowds.", []),
]


@pytest.mark.parametrize(("anchor", "body", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_resolves_relative_dates(anchor: date, body: str,
                                 expected: list[tuple[str, str, str]]) -> None:
    found = find_time_expressions(body, anchor)
    assert [(t.text, t.resolved, t.granularity) for t in found] == expected
    assert all(body[t.start:t.end] == t.text for t in found)


def test_expressions_are_ordered_and_do_not_overlap() -> None:
    body = "Troops left on Sunday morning.\n\nSince January the line held until mid-February last year."
    found = find_time_expressions(body, THURSDAY)
    assert [t.text for t in found] == ["on Sunday morning", "Since January",
                                       "mid-February last year"]
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in pairwise(found))
    assert all(body[t.start:t.end] == t.text for t in found)


@pytest.mark.parametrize("body", [body for _, _, body, _ in CASES] + [
    "TWO DAYS AGO the Port Said END OF MAY talks stalled; NEXT YEAR, Months later.",
    "Sept 3 and early-March and 4th of April, by the end of June, this Month.",
    "Nothing here names a day or a date at all."])
def test_a_rule_skipped_by_the_word_check_could_not_have_matched(body: str) -> None:
    kept = {pattern for pattern, _ in _rules_worth_running(body)}
    for pattern, _ in _RULES:
        if pattern not in kept:
            assert pattern.search(body) is None, pattern.pattern


def _article(*, published: datetime | None, fetched: datetime | None,
             timezone: str | None) -> Article:
    return Article(
        id="t-1", url="https://example.org/story", source_name="Example Wire",
        source_timezone=timezone, fetched_at=fetched, input_content="x",
        input_type="text/plain", headline="Ferries halted",
        paragraphs=("Ferries stopped running on Thursday.", "They resume next month."),
        published=TimeValue("26 Feb 2020 20:00 GMT", published, "feed") if published else None,
        tone=-0.25)


def _resolved(a: Article) -> list[tuple[str, str]]:
    return [(t.text, t.resolved) for t in a.time_expressions]


def test_stage_anchors_in_the_source_timezone() -> None:
    evening_utc = datetime(2020, 2, 26, 20, 0, tzinfo=UTC)  # 04:00 on 27 Feb in Hong Kong
    local = time_expressions.fn(_article(published=evening_utc, fetched=None,
                                         timezone="Asia/Hong_Kong"))
    assert _resolved(local) == [("on Thursday", "2020-02-27"), ("next month", "2020-03")]
    plain = time_expressions.fn(_article(published=evening_utc, fetched=None, timezone=None))
    assert _resolved(plain)[0] == ("on Thursday", "2020-02-20")


def test_stage_falls_back_to_fetch_time_and_then_does_nothing() -> None:
    fetched = datetime(2020, 4, 2, 9, 0, tzinfo=UTC)
    out = time_expressions.fn(_article(published=None, fetched=fetched, timezone=None))
    assert _resolved(out) == [("on Thursday", "2020-04-02"), ("next month", "2020-05")]
    bare = _article(published=None, fetched=None, timezone=None)
    assert time_expressions.fn(bare) is bare


def test_stage_changes_only_time_expressions() -> None:
    before = _article(published=datetime(2020, 2, 27, 7, 14, tzinfo=UTC), fetched=None,
                      timezone="Asia/Amman")
    after = time_expressions.fn(before)
    assert after.time_expressions
    for f in fields(Article):
        if f.name != "time_expressions":
            assert getattr(after, f.name) == getattr(before, f.name), f.name


def test_stage_runs_after_tone_in_the_knowledge_stages() -> None:
    names = [s.name for s in knowledge_stages()]
    assert names[names.index("tone") + 1] == "time-expressions"
    assert time_expressions.name == "time-expressions" and time_expressions.version == "1"
