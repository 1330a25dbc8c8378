"""The wire-signals stage: the editorial marks of a story's lifecycle.

Agencies mark what a version is for in the copy itself: a label before the
headline (`FLASH`, `UPDATE 2-`, `KILL-`), a note at the top or bottom of the
body (`(Corrects spelling of minister's name)`, `This story has been
withdrawn`), an embargo line, a slug line. This stage reads them (rules in
wire_marks.py), takes them out of the headline and body, and sets the ninjs
lifecycle fields: `pub_status`, `urgency`, `embargoed_until`, `ed_note`,
`slugline`, `correction`. Rules and examples: docs/enrichment-anatomy.md.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from service.copies import replace
from service.model import Article, PubStatus, SignalKind, TimeValue, WireSignal
from service.pipeline.runner import stage
from service.pipeline.stages.timeparse import parse_time, zone_named
from service.pipeline.stages.wire_marks import (
    embargo_phrase,
    is_bulletin,
    note_kind,
    slug,
    split_headline,
    unaccent,
)

HEAD_ZONE = 3  # leading paragraphs where notes, embargo and slug lines are looked for
TAIL_ZONE = 3  # trailing paragraphs where correction and kill notes are looked for
SLUG_ZONE = 2
ORDINARY_URGENCY = 5
# ninjs urgency: 1 is the most urgent. The strongest signal wins.
URGENCY: dict[SignalKind, int] = {"flash": 1, "urgent": 2, "kill": 2, "withhold": 2, "bulletin": 3}
NOTE_KINDS = frozenset({"correction", "update", "kill", "withhold"})
SOURCE_EMBARGO = "embargo-line"

_FOREIGN_MONTHS = {
    "januar": "January", "februar": "February", "marz": "March", "maerz": "March", "mai": "May",
    "juni": "June", "juli": "July", "oktober": "October", "dezember": "December",
    "enero": "January", "febrero": "February", "marzo": "March", "abril": "April", "mayo": "May",
    "junio": "June", "julio": "July", "agosto": "August", "septiembre": "September",
    "setiembre": "September", "octubre": "October", "noviembre": "November",
    "diciembre": "December", "janvier": "January", "fevrier": "February", "mars": "March",
    "avril": "April", "juin": "June", "juillet": "July", "aout": "August",
    "septembre": "September", "octobre": "October", "novembre": "November",
    "decembre": "December",
}
_MONTH_WORD = re.compile(r"\b(" + "|".join(_FOREIGN_MONTHS) + r")\b", re.IGNORECASE)
_GLUED_CLOCK = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)(?=\s*(?:[A-Z]{1,5}\b|[+-]\d|Uhr|h\b))")
_DAY_DOT = re.compile(r"\b(\d{1,2})\.\s+(?=[A-Za-z])")
# Words between the parts of a date and time that the time parser does not
# expect; German "am" only before a day number ("am 5. März"), never "8:30 am".
_FILLER = re.compile(r"\b(?:uhr|horas|heures|hrs|on|le|el|del?|las?|the|am(?=\s*\d))\b\.?",
                     re.IGNORECASE)
_FRENCH_CLOCK = re.compile(r"\b(\d{1,2})h(\d{2})?\b")


def embargo_time(phrase: str, zone_name: str | None, reference: datetime | None) -> datetime | None:
    """The UTC moment an embargo phrase names. Times without a zone are read in
    the source's zone; without a year, the reference's year; without a date,
    the reference's day (the next day when that is already past)."""
    text = _MONTH_WORD.sub(lambda m: _FOREIGN_MONTHS[m.group(1).lower()], unaccent(phrase))
    text = _FRENCH_CLOCK.sub(lambda m: f"{m.group(1)}:{m.group(2) or '00'}", text)
    text = _GLUED_CLOCK.sub(r"\1:\2", _DAY_DOT.sub(r"\1 ", text))
    text = " ".join(_FILLER.sub(" ", text).replace(",", " , ").split()).replace(" , ", ", ")
    zone = zone_named(zone_name)
    attempts = [(text, False)]
    if reference is not None:
        local = reference.astimezone(zone)
        attempts += [(f"{text} {local.year}", False),
                     (f"{text} {local:%B} {local.day}, {local.year}", True)]
    for candidate, dated_by_us in attempts:
        parsed = parse_time(candidate, zone)
        if parsed is None:
            continue
        if dated_by_us and reference is not None and parsed.utc < reference - timedelta(hours=1):
            return parsed.utc + timedelta(days=1)
        return parsed.utc
    return None


def pub_status(kinds: set[SignalKind]) -> PubStatus:
    """`canceled` for a kill, `withheld` for a hold, else `usable` (ninjs' values)."""
    if "kill" in kinds:
        return "canceled"
    return "withheld" if "withhold" in kinds else "usable"


def urgency(kinds: set[SignalKind]) -> int:
    return min((URGENCY[k] for k in kinds if k in URGENCY), default=ORDINARY_URGENCY)


@stage("signals", "1")
def signals(a: Article) -> Article:
    found: list[WireSignal] = []
    headline = a.headline
    if headline:
        labels, headline = split_headline(headline)
        found += [WireSignal(kind, text, "headline") for kind, text in labels]
    notes: list[str] = []
    printed: list[str] = []  # the note paragraphs as printed, for Article.notes
    kept: list[str] = []
    embargo: TimeValue | None = None
    slugline: str | None = None
    reference = a.published.utc if a.published and a.published.utc else a.fetched_at
    count = len(a.paragraphs)
    for i, paragraph in enumerate(a.paragraphs):
        if HEAD_ZONE <= i < count - TAIL_ZONE:
            kept.append(paragraph)
            continue
        kind = note_kind(paragraph)
        if kind is not None:
            found.append(WireSignal(kind, paragraph))
            notes.append(paragraph.strip().strip("()[]").strip())
            printed.append(paragraph)
            continue
        phrase = embargo_phrase(paragraph) if i < HEAD_ZONE and embargo is None else None
        when = embargo_time(phrase, a.source_timezone, reference) if phrase else None
        if phrase and when is not None:
            embargo = TimeValue(phrase, when, SOURCE_EMBARGO)
            found.append(WireSignal("embargo", paragraph))
            continue
        line_slug = slug(paragraph) if i < SLUG_ZONE and slugline is None else None
        if line_slug:
            slugline = line_slug
            found.append(WireSignal("slug", paragraph))
            continue
        labels, rest = split_headline(paragraph) if i < HEAD_ZONE else ((), "")
        if labels and rest == paragraph.strip():  # a line that is only labels: "URGENT"
            found += [WireSignal(kind, text) for kind, text in labels]
            continue
        kept.append(paragraph)
    if headline and len(kept) <= 1 and is_bulletin(headline):
        found.append(WireSignal("bulletin", headline, "headline"))
    kinds = {s.kind for s in found}
    if not notes:
        notes = [s.text for s in found if s.where == "headline" and s.kind in NOTE_KINDS]
    return replace(
        a, headline=headline, paragraphs=tuple(kept), signals=tuple(found),
        notes=a.notes + tuple(printed),
        pub_status=pub_status(kinds), urgency=urgency(kinds), embargoed_until=embargo,
        ed_note=" ".join(notes) or None, slugline=slugline, correction="correction" in kinds)
