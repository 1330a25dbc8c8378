"""Parse the date-times news sources print, into aware UTC datetimes.

Accepts ISO 8601 ("2020-02-27T15:14:00+08:00"), RFC 822 ("Thu, 27 Feb 2020
07:14:00 GMT") and the free forms of page header lines ("15:14, February 27,
2020", "Feb. 27, 2020 3:14 p.m. ET", "27 February 2020 15.14 GMT"). A time
without a zone is read in the source's zone (flag "naive-localised"); a date
without a time is midnight there (flag "date-only"). Dotted numeric dates
("12.02.2024") are day-first; slashed ones whose day and month order cannot
be told apart ("03/04/2020") are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from service.pipeline.stages.months import MONTH_ALTERNATION, month_number

MIN_YEAR, MAX_YEAR = 1990, 2100
FLAG_NAIVE = "naive-localised"
FLAG_DATE_ONLY = "date-only"



def _fixed(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# Zone abbreviations read unambiguously in English-language news. Generic ones
# (ET, PT) follow the zone's daylight rules; explicit ones are fixed offsets.
ZONE_ABBREVIATIONS: dict[str, tzinfo] = {
    "UTC": UTC, "GMT": UTC, "Z": UTC,
    "ET": ZoneInfo("America/New_York"), "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"), "PT": ZoneInfo("America/Los_Angeles"),
    "EST": _fixed(-5), "EDT": _fixed(-4), "CST": _fixed(-6), "CDT": _fixed(-5),
    "MST": _fixed(-7), "MDT": _fixed(-6), "PST": _fixed(-8), "PDT": _fixed(-7),
    "BST": _fixed(1), "WET": _fixed(0), "WEST": _fixed(1), "CET": _fixed(1), "CEST": _fixed(2),
    "EET": _fixed(2), "EEST": _fixed(3), "MSK": _fixed(3), "PKT": _fixed(5), "WIB": _fixed(7),
    "HKT": _fixed(8), "SGT": _fixed(8), "JST": _fixed(9), "KST": _fixed(9),
    "AEST": _fixed(10), "AEDT": _fixed(11),
}

_MONTH = rf"(?P<month>{MONTH_ALTERNATION})(?!\w)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>\d{4})"
DATE_FORMS = (
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # February 27, 2020
    # 27 February 2020, 12 mars 2024, 5 de marzo de 2024, 12. März 2024
    re.compile(rf"\b{_DAY}\s+(?:of\s+|de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.]{_DAY}\b"),              # 2020-02-27
)
NUMERIC_DATE = re.compile(r"\b(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})\b")
TIME_OF_DAY = re.compile(
    r"(?<![\d.:])(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))(?:[:.](?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?|(?<![\d.:])(?P<hour12>\d{1,2})\s*(?P<ampm12>[ap])\.?\s?m\b\.?",
    re.IGNORECASE)
ZONE = re.compile(
    r"(?<![\w])(?P<abbr>" + "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True)) + r")"
    r"(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|(?<![\w:])(?P<bare>[+-]\d{2}:?\d{2})(?![\w])")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_RFC822_UTC_UNKNOWN_LOCAL = re.compile(r"-0000\s*$")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")


@dataclass(frozen=True, slots=True)
class ParsedTime:
    utc: datetime
    flags: tuple[str, ...] = ()


def zone_named(name: str | None) -> tzinfo:
    """The IANA zone `name`, or UTC when it is unset or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return UTC


def _localise(dt: datetime, zone: tzinfo, flags: list[str]) -> datetime:
    if dt.tzinfo is None:
        flags.append(FLAG_NAIVE)
        dt = dt.replace(tzinfo=zone)
    return dt.astimezone(UTC)


def parse_time(text: str, zone: tzinfo) -> ParsedTime | None:
    """The moment `text` names, in UTC, or None when it names none clearly."""
    text = text.strip()
    if not text or len(text) > 200:
        return None
    flags: list[str] = []
    try:
        if _ISO.match(text):
            dt = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
            if len(text) == 10:
                flags.append(FLAG_DATE_ONLY)
            return _checked(_localise(dt, zone, flags), flags)
        if _RFC822.match(text):
            dt = parsedate_to_datetime(text)
            if dt.tzinfo is None and _RFC822_UTC_UNKNOWN_LOCAL.search(text):
                # "-0000" means "UTC, local zone unknown"; parsedate gives a naive datetime.
                return _checked(dt.replace(tzinfo=UTC), flags)
            return _checked(_localise(dt, zone, flags), flags)
    except (ValueError, TypeError, OverflowError):
        pass
    return _parse_free(text, zone, flags)


def _checked(dt: datetime, flags: list[str]) -> ParsedTime | None:
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        return None
    return ParsedTime(dt.astimezone(UTC), tuple(flags))


def _find_date(text: str) -> tuple[int, int, int, tuple[int, int]] | None:
    for form in DATE_FORMS:
        m = form.search(text)
        if m:
            month = m.group("month")
            number = int(month) if month.isdigit() else month_number(month)
            if number is None:
                continue
            return int(m.group("year")), number, int(m.group("day")), m.span()
    m = NUMERIC_DATE.search(text)
    if m:
        first, second = int(m.group("first")), int(m.group("second"))
        if m.group("sep") == "." or first > 12 >= second:  # dotted dates are day-first
            return int(m.group("year")), second, first, m.span()
        if second > 12 >= first:
            return int(m.group("year")), first, second, m.span()
    return None


def _find_clock(text: str) -> tuple[int, int, int] | None:
    m = TIME_OF_DAY.search(text)
    if not m:
        return None
    if m.group("hour12"):
        hour, minute, second, ampm = int(m.group("hour12")), 0, 0, m.group("ampm12")
    else:
        hour, minute = int(m.group("hour")), int(m.group("minute"))
        second, ampm = int(m.group("second") or 0), m.group("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _find_zone(text: str) -> tzinfo | None:
    m = ZONE.search(text)
    if not m:
        return None
    offset = m.group("offset") or m.group("bare")
    base = ZONE_ABBREVIATIONS[m.group("abbr")] if m.group("abbr") else UTC
    if not offset:
        return base
    digits = offset[1:].replace(":", "")
    hours = int(digits[:2] if len(digits) > 2 else digits)
    minutes = int(digits[2:]) if len(digits) > 2 else 0
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _parse_free(text: str, zone: tzinfo, flags: list[str]) -> ParsedTime | None:
    found = _find_date(text)
    if not found:
        return None
    year, month, day, (start, end) = found
    rest = text[:start] + " " + text[end:]
    clock = _find_clock(rest)
    if clock is None:
        flags.append(FLAG_DATE_ONLY)
        clock = (0, 0, 0)
    explicit = _find_zone(rest)
    try:
        dt = datetime(year, month, day, *clock, tzinfo=explicit)
    except ValueError:
        return None
    return _checked(_localise(dt, zone, flags), flags)
