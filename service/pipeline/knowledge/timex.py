"""Relative dates: `on Thursday`, `since December`, `an end-February
deadline`, `last year`, resolved against the story's publication date.

News is read in the past tense by default: a bare weekday or month is the
latest one on or before the anchor. A future cue earlier in the same clause
(`will`, `is due to`, `plans to`, ...) or a following `deadline` flips it to
the first one on or after the anchor; `last`/`next` are strictly before/after.
Dates that carry a year are absolute and skipped. Rules in
docs/enrichment-knowledge.md.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, date, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.copies import replace
from service.model import Article, TimeExpression
from service.pipeline.runner import stage

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                  "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTHS)} | _ABBREVIATIONS
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_M = "|".join(MONTHS)
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = re.compile(
    r"(?<![\w-])(?:(?P<mod>(?i:on|last|next|this))\s+)?(?P<day>" + "|".join(WEEKDAYS)
    + r")(?:['’]s|\s+(?:night|morning|afternoon|evening))?\b")
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>(?i:today|tonight|yesterday|tomorrow|last\s+night"
    r"|this\s+(?:morning|afternoon|evening)))\b")
_DAYS_AGO = re.compile(r"\b(?P<n>(?i:a|one|two|three|four|five|six)|[1-9])\s+(?i:days?\s+ago)\b")
_PERIOD = re.compile(r"\b(?:(?i:earlier|later)\s+)?(?P<which>(?i:last|this|next))\s+"
                     r"(?P<unit>(?i:month|year))\b")
_END_OF = re.compile(r"(?<![\w-])(?:(?i:by|until|till|before)\s+)?(?:(?i:the)\s+)?"
                     r"(?:(?i:end)\s+(?i:of)\s+|(?i:end)-)(?P<month>" + _M + r")\b")
_PART_OF = re.compile(r"(?<![\w-])(?i:early|mid|late)[\s-](?P<month>" + _M + r")\b")
_WITH_PREPOSITION = re.compile(
    r"(?<![\w-])(?P<prep>(?i:in|since|until|till|through|from|by|during|before|after"
    r"|last|next|this))\s+(?P<month>" + _M + r")(?:\s+(?P<day>\d{1,2})" + _ORD + r")?\b")
_MONTH_DAY = re.compile(r"\b(?P<month>" + _M + "|" + "|".join(_ABBREVIATIONS)
                        + r")\.?\s+(?P<day>\d{1,2})" + _ORD + r"\b")
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})" + _ORD + r"\s+(?:(?i:of)\s+)?(?P<month>" + _M
                        + r")\b")

_HAS_YEAR = re.compile(r",?\s*(?:\d{4}|'\d\d)\b")
_YEAR_SUFFIX = re.compile(r"\s+(?P<which>(?i:last|this|next))\s+year\b")
_HOLIDAY_BEFORE = re.compile(r"\b(?:Good|Black|Ash|Super|Cyber|Holy|Maundy|Shrove|Easter|Bloody)\s+$")
# `May` is also a modal and a surname: only these words may introduce it
_MAY_PREPOSITIONS = {"in", "since", "until", "till", "during", "last", "next"}
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won['’]t|must|upcoming)\b|['’]ll\b"
    r"|(?:\b(?:is|are|am)|['’](?:s|re))\s+(?:due|set|expected|scheduled|slated|going|poised)\s+to\b"
    r"|\b(?:plans?|intends?|aims?)\s+to\b", re.IGNORECASE)
# Where a clause ends, for cue purposes; reporting verbs end it too, so the
# `will` in `said on Thursday the talks will resume` does not reach back.
_BREAK = re.compile(r"[.!?;:\n\"“”]|,\s|\b(?:said|says|told|tells|added|according)\b",
                    re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n\"“”]")


def _is_future(body: str, start: int, end: int) -> bool:
    """A future cue earlier in the expression's clause, a `deadline` right
    after it, or, for a clause-initial expression (`In March, ...`), a cue
    in the clause that follows it."""
    if re.match(r"\s+deadline\b", body[end:end + 20], re.IGNORECASE):
        return True
    before = body[max(0, start - 300):start]
    if _FUTURE_CUE.search(_BREAK.split(before)[-1]):
        return True
    if _SENTENCE_BREAK.split(before)[-1].strip():
        return False
    after = body[end:end + 300].lstrip(" ,")
    return bool(_FUTURE_CUE.search(_BREAK.split(after)[0]))


def _year_for(anchor: date, key: tuple[int, ...], mode: str) -> int:
    """The year putting (month[, day]) `key` in `mode` relation to the anchor:
    past = on or before, future = on or after, last/next = strictly."""
    now = (anchor.month, anchor.day)[:len(key)]
    before = {"past": key <= now, "last": key < now}.get(mode)
    if before is not None:
        return anchor.year if before else anchor.year - 1
    after = {"future": key >= now, "next": key > now}.get(mode, True)
    return anchor.year if after else anchor.year + 1


Granularity = Literal["day", "month", "year"]
_Resolved = tuple[int, str, Granularity] | None  # (end, resolved, granularity)


def _weekday(m: re.Match[str], body: str, anchor: date) -> _Resolved:
    mod = (m["mod"] or "").lower()
    if not mod and _HOLIDAY_BEFORE.search(body[max(0, m.start() - 12):m.start()]):
        return None
    back, ahead = (anchor.weekday() - WEEKDAYS.index(m["day"])) % 7, \
        (WEEKDAYS.index(m["day"]) - anchor.weekday()) % 7
    if mod == "last":
        delta = -(back or 7)
    elif mod == "next":
        delta = ahead or 7
    else:
        delta = ahead if _is_future(body, m.start(), m.end()) else -back
    return m.end(), (anchor + timedelta(days=delta)).isoformat(), "day"


def _relative_day(m: re.Match[str], body: str, anchor: date) -> _Resolved:
    word = " ".join(m["word"].lower().split())
    if word == "today" and body[max(0, m.start() - 4):m.start()] == "USA ":
        return None
    delta = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
    return m.end(), (anchor + timedelta(days=delta)).isoformat(), "day"


def _days_ago(m: re.Match[str], body: str, anchor: date) -> _Resolved:
    n = int(m["n"]) if m["n"].isdigit() else _COUNTS[m["n"].lower()]
    return m.end(), (anchor - timedelta(days=n)).isoformat(), "day"


def _period(m: re.Match[str], body: str, anchor: date) -> _Resolved:
    step = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    if m["unit"].lower() == "year":
        return m.end(), f"{anchor.year + step:04d}", "year"
    months = anchor.year * 12 + anchor.month - 1 + step
    return m.end(), f"{months // 12:04d}-{months % 12 + 1:02d}", "month"


def _month(m: re.Match[str], body: str, anchor: date, *, end_of: bool = False) -> _Resolved:
    """Every month rule: `prep` and `day` groups are optional."""
    month = _MONTH_NUMBER[m["month"]]
    groups = m.groupdict()
    prep, day = (groups.get("prep") or "").lower(), groups.get("day")
    end = m.end()
    if _HAS_YEAR.match(body, end):
        return None  # an absolute date
    if m["month"] == "May" and not day and "prep" in groups and prep not in _MAY_PREPOSITIONS:
        return None
    if m["month"] == "May" and body.startswith(("'s", "’s"), end):
        return None
    key = (month, int(day)) if day else (month,)
    suffix = _YEAR_SUFFIX.match(body, end)
    if suffix:
        end = suffix.end()
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[suffix["which"].lower()]
    elif prep in ("last", "next", "this"):
        year = _year_for(anchor, key, prep)
    elif prep == "since":
        year = _year_for(anchor, key, "past")
    else:
        year = _year_for(anchor, key, "future" if _is_future(body, m.start(), end) else "past")
    if end_of:
        day = str(calendar.monthrange(year, month)[1])
    if not day:
        return end, f"{year:04d}-{month:02d}", "month"
    try:
        return end, date(year, month, int(day)).isoformat(), "day"
    except ValueError:  # "February 30", "29 February" outside a leap year
        return None


def _end_of(m: re.Match[str], body: str, anchor: date) -> _Resolved:
    return _month(m, body, anchor, end_of=True)


_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str, date], _Resolved]], ...] = (
    (_WEEKDAY, _weekday), (_RELATIVE_DAY, _relative_day), (_DAYS_AGO, _days_ago),
    (_PERIOD, _period), (_END_OF, _end_of), (_PART_OF, _month),
    (_WITH_PREPOSITION, _month), (_MONTH_DAY, _month), (_DAY_MONTH, _month),
)
_SHORT_MONTHS = ("May", *_ABBREVIATIONS)  # every month name starts with one of these


def _rules_worth_running(body: str) -> list[tuple[re.Pattern[str], Callable[..., _Resolved]]]:
    """The rules whose words occur in `body` at all: a regex scan costs far
    more than looking for a word (weekday and month names are matched with
    their capital, `ago`, `month`, `year` and `end` in any case)."""
    lowered = body.lower()
    months = any(m in body for m in MONTHS)
    present = {
        _WEEKDAY: any(d in body for d in WEEKDAYS),
        _DAYS_AGO: "ago" in lowered,
        _PERIOD: "month" in lowered or "year" in lowered,
        _END_OF: months and "end" in lowered,
        _PART_OF: months, _WITH_PREPOSITION: months, _DAY_MONTH: months,
        _MONTH_DAY: any(m in body for m in _SHORT_MONTHS),
    }
    return [(p, resolve) for p, resolve in _RULES if present.get(p, True)]


def find_time_expressions(body: str, anchor: date) -> tuple[TimeExpression, ...]:
    """Relative dates in `body` resolved against `anchor`, by offset, without
    overlaps (the earliest, then the longest, match wins)."""
    found: list[TimeExpression] = []
    for pattern, resolve in _rules_worth_running(body):
        for m in pattern.finditer(body):
            resolved = resolve(m, body, anchor)
            if resolved is not None:
                end, value, granularity = resolved
                found.append(TimeExpression(body[m.start():end], m.start(), end, value,
                                            granularity))
    kept: list[TimeExpression] = []
    for t in sorted(found, key=lambda t: (t.start, t.start - t.end)):
        if not kept or t.start >= kept[-1].end:
            kept.append(t)
    return tuple(kept)


def anchor_date(a: Article) -> date | None:
    """The publication (else fetch) date in the source's timezone, else UTC."""
    when = a.published.utc if a.published is not None and a.published.utc else a.fetched_at
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(a.source_timezone) if a.source_timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return when.astimezone(zone).date()


@stage("time-expressions", "1")
def time_expressions(a: Article) -> Article:
    anchor = anchor_date(a)
    if anchor is None:
        return a
    return replace(a, time_expressions=find_time_expressions(a.body_text, anchor))
