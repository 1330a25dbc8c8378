"""The times stage: publication and update times, in UTC, originals kept.

Sources, in order of preference: the feed's fields, the page's metadata, and a
header line at the top of the text such as
`Published: 15:14, February 27, 2020 | Updated: 07:18, June 6, 2023` (which
leaves the body). A naive time is read in `Article.source_timezone`.

Not trusted, only flagged (`TimeValue.utc` left None, the reason in its flags
and the article's): a time more than `FUTURE_TOLERANCE` after the fetch time
`Article.fetched_at`, and an update earlier than the publication.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from service.copies import replace
from service.model import Article, TimeValue
from service.pipeline.runner import stage
from service.pipeline.stages import agencies as agency_list
from service.pipeline.stages.limits import add_flags
from service.pipeline.stages.months import month_number
from service.pipeline.stages.textnorm import has_digit
from service.pipeline.stages.timeparse import (
    TIME_OF_DAY,
    ZONE_ABBREVIATIONS,
    parse_time,
    zone_named,
)

FUTURE_TOLERANCE = timedelta(minutes=10)  # clock skew between publisher and us
ORDER_TOLERANCE = timedelta(minutes=1)
HEADER_ZONE = 5  # leading paragraphs searched for a time header line
MAX_HEADER_LINE_CHARS = 200
PUBLISHED_META_KEYS = ("article:published_time", "datePublished", "ld:datePublished")
UPDATED_META_KEYS = ("article:modified_time", "dateModified", "ld:dateModified")
# English first; then the labels of German, Spanish, French, Italian and Portuguese pages.
PUBLISHED_LABELS = ("first published", "published", "posted", "created", "issued",
                    "veröffentlicht", "publicado", "publié", "pubblicato")
UPDATED_LABELS = ("last updated", "updated", "last modified", "modified",
                  "aktualisiert", "actualizado", "mis à jour", "aggiornato", "atualizado")
TIME_LABEL = re.compile(
    r"\b(?P<label>" + "|".join(sorted(PUBLISHED_LABELS + UPDATED_LABELS, key=len, reverse=True))
    + r")\b(?:\s+(?:on|at))?\s*:?\s*", re.IGNORECASE)
_SEPARATORS = " |\u00b7\u2022,;-\u2013\u2014"
# A date line printed without a label ("March 12, 2024 3:40 PM UTC", "Jan. 22, 2024 / 11:02 AM",
# "KYODO NEWS - Mar 18, 2024 - 19:45 | Japan"): every word in it is part of a date or time.
_WORD = re.compile(r"[^\W\d_]+")
TIME_WORDS = frozenset({"at", "a", "à", "um", "las", "h", "hrs", "am", "pm", "p", "m", "on", "le",
                        "el", "de", "del", "der", "den", "ore", "uhr",
                        # India's, Israel's and Ireland's abbreviation alike: the source's zone reads it
                        "ist"})
WEEKDAYS = frozenset({"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur",
                      "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"})
# "KYODO NEWS - Mar 18, 2024", "Source: Xinhua 2024-10-08 21:15": an agency credit before the
# date, split off where the date starts (at a spaced dash or bar, or a space).
_CREDIT_GAP = re.compile(r"(?:\s+[|\u2013\u2014-])?\s+")
MAX_CREDIT_CHARS = 60
MAX_SECTION_CHARS = 25
_CREDIT_LABEL = re.compile(r"^(?:source|from|via)\s*:?\s*", re.IGNORECASE)
# A labelled value that is a date the parser cannot place ("07/03/2024 at 08:12"): still no text.
_DATE_SHAPED = re.compile(r"^[\d\s/.:,-]+(?:(?:at|à|um)\s+[\d\s.:h]+)?(?:[ap]\.?m\.?)?$", re.IGNORECASE)
FLAG_FUTURE = "future"
FLAG_BEFORE_PUBLISHED = "before-published"

Candidate = tuple[str, str]  # (original text, source)


def _header_segments(paragraph: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(text left of the first label, [(label, value)]) when `paragraph` is a
    labelled time line, else None."""
    if len(paragraph) > MAX_HEADER_LINE_CHARS:
        return None
    matches = list(TIME_LABEL.finditer(paragraph))
    if not matches:
        return None
    prefix = paragraph[: matches[0].start()].strip(_SEPARATORS + "(")
    segments = []
    if prefix and _only_time_words(prefix) and parse_time(prefix, UTC):
        # "29 Jun 2024 10:20AM (Updated: 29 Jun 2024 12:05PM)": the first time unlabelled
        segments.append(("published", prefix))
        prefix = ""
    credit = _credit_among(prefix) if prefix else None
    if prefix and not prefix.lower().startswith("by ") and credit is None:
        return None
    if credit is not None:  # "PTI | Updated: ...", "India News | Press Trust of India | Updated: ..."
        prefix = credit
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(paragraph)
        segments.append((m.group("label").lower(), paragraph[m.end():end].strip(_SEPARATORS)))
    return prefix, segments


def _credit_among(prefix: str) -> str | None:
    """The agency among the short bar-separated parts before a time label
    (a section name may stand beside it), else None."""
    parts = [p.strip() for p in re.split(r"\s*\|\s*", prefix) if p.strip()]
    named = [p for p in parts if agency_list.canonical(p)]
    return named[0] if named and all(len(p) <= MAX_CREDIT_CHARS for p in parts) else None


def _only_time_words(text: str) -> bool:
    return all(w.lower() in TIME_WORDS or w.lower() in WEEKDAYS or month_number(w)
               or w.upper() in ZONE_ABBREVIATIONS for w in _WORD.findall(text))


def bare_time_line(paragraph: str, zone: tzinfo) -> tuple[str, str] | None:
    """(credit printed before the date, the date) when `paragraph` is an unlabelled date line."""
    if len(paragraph) > MAX_HEADER_LINE_CHARS or not has_digit(paragraph):
        return None
    text = re.split(r"\s+\|\s+", paragraph, maxsplit=1)[0]  # "... | Japan, All": sections
    if _only_time_words(text) and parse_time(text, zone):
        return "", text
    for gap in _CREDIT_GAP.finditer(text, 0, MAX_CREDIT_CHARS):
        credit, rest = text[: gap.start()], text[gap.end():]
        if (agency_list.canonical(_CREDIT_LABEL.sub("", credit)) and _only_time_words(rest)
                and parse_time(rest, zone)):
            return credit, rest
        if len(credit) <= MAX_SECTION_CHARS and credit.istitle() and len(credit.split()) > 1 \
                and TIME_OF_DAY.search(rest) and _only_time_words(rest) and parse_time(rest, zone):
            return "", rest  # "All News 08:12 May 30, 2024": a section name, then the time
    return _agency_place_time(paragraph, zone)


def _agency_place_time(paragraph: str, zone: tzinfo) -> tuple[str, str] | None:
    """`Reuters | Mumbai Dec 18, 2024 04:31 PM IST`: the agency, a bar, where
    it was filed (one or two capitalised words) and the time."""
    parts = re.split(r"\s+\|\s+", paragraph)
    if len(parts) != 2 or not agency_list.canonical(parts[0]):
        return None
    words = parts[1].split()
    k = 0
    while k < min(2, len(words) - 1) and words[k][:1].isupper() and not month_number(words[k]) \
            and words[k].lower() not in WEEKDAYS:
        k += 1
    rest = " ".join(words[k:])
    return (parts[0], rest) if k and _only_time_words(rest) and parse_time(rest, zone) else None


def _header_times(a: Article, zone: tzinfo) -> tuple[list[Candidate], list[Candidate], list[str]]:
    """Time candidates from header lines, and the paragraphs with those lines removed."""
    published: list[Candidate] = []
    updated: list[Candidate] = []
    kept: list[str] = []
    for index, paragraph in enumerate(a.paragraphs):
        found = _header_segments(paragraph) if index < HEADER_ZONE else None
        parsed = [(label, value) for label, value in (found[1] if found else [])
                  if parse_time(value, zone)]
        bare = bare_time_line(paragraph, zone) if index < HEADER_ZONE and not found else None
        if bare:
            published.append((bare[1], "header-line"))
            if bare[0]:
                kept.append(bare[0])
            continue
        if found and not parsed and not found[0] and all(_DATE_SHAPED.match(v) for _, v in found[1]):
            continue  # a labelled date the parser refuses (day and month ambiguous): not text
        if not found or not parsed:
            kept.append(paragraph)
            continue
        for label, value in parsed:
            (updated if label in UPDATED_LABELS else published).append((value, "header-line"))
        if found[0]:
            kept.append(found[0])
    return published, updated, kept


def _pick(candidates: Iterable[Candidate], zone: tzinfo, fetched_at: datetime | None,
          not_before: datetime | None) -> TimeValue | None:
    """The first trusted candidate; failing that, the first that parses, flagged."""
    first_flagged: TimeValue | None = None
    for original, source in candidates:
        parsed = parse_time(original, zone)
        if parsed is None:
            continue
        flags = list(parsed.flags)
        if fetched_at is not None and parsed.utc > fetched_at + FUTURE_TOLERANCE:
            flags.append(FLAG_FUTURE)
        if not_before is not None and parsed.utc < not_before - ORDER_TOLERANCE:
            flags.append(FLAG_BEFORE_PUBLISHED)
        trusted = FLAG_FUTURE not in flags and FLAG_BEFORE_PUBLISHED not in flags
        value = TimeValue(original, parsed.utc if trusted else None, source, tuple(flags))
        if trusted:
            return value
        first_flagged = first_flagged or value
    return first_flagged


def _meta(a: Article, keys: tuple[str, ...]) -> list[Candidate]:
    return [(value, "page-meta") for key in keys for k, value in a.page_meta if k == key]


@stage("times", "2")
def times(a: Article) -> Article:
    zone = zone_named(a.source_timezone)
    header_published, header_updated, kept = _header_times(a, zone)
    feed_published = [(a.feed_published, "feed")] if a.feed_published else []
    feed_updated = [(a.feed_updated, "feed")] if a.feed_updated else []
    published = _pick([*feed_published, *_meta(a, PUBLISHED_META_KEYS), *header_published],
                      zone, a.fetched_at, None)
    updated = _pick([*feed_updated, *_meta(a, UPDATED_META_KEYS), *header_updated],
                    zone, a.fetched_at, published.utc if published else None)
    out = replace(a, published=published, updated=updated, paragraphs=tuple(kept))
    flags = []
    if published and FLAG_FUTURE in published.flags:
        flags.append("published-in-future")
    if updated and FLAG_FUTURE in updated.flags:
        flags.append("updated-in-future")
    if updated and FLAG_BEFORE_PUBLISHED in updated.flags:
        flags.append("updated-before-published")
    return add_flags(out, *flags)
