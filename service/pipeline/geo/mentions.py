"""Where a story names a place: the candidate readings of each mention.

A mention is a segment the entity analysis typed as a place or a lone name
(and not claimed by a person or an organisation), a country's demonym, a
continent's adjective or abbreviation (`European`, `EU`), a state's or
province's adjective (`Californian`), or a dateline printed in capitals at the
start of a paragraph (`WASHINGTON (Reuters) -`). Each gets every gazetteer
record that bears its name; the long tail (small towns, counties) is consulted
only when no well-known place bears the name as its own, or when the name is
qualified (`Maywood, N.J.`).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.pipeline.geo.gazetteer import Candidate, GeoRecord, gazetteer
from service.pipeline.geo.lexicon import (
    CONTINENT_WORDS,
    COUNTRY_ABBREVIATIONS,
    REGION_ADJECTIVES,
    REGIONS,
    US_POSTAL_CODES,
    US_STATE_ABBREVIATIONS,
)
from service.pipeline.knowledge.analysis import segments
from service.pipeline.knowledge.names import COUNTRY_ALIASES
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold

# What follows a dateline place at the start of a paragraph.
_DATELINE_FOLLOWERS = frozenset({"(", "-", "–", "—", ",", ":"})
_SHORT_REGIONS = {fold(r.short): r.geonameid for r in REGIONS if r.short}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    start: int
    end: int
    candidates: tuple[Candidate, ...]
    qualifier: tuple[GeoRecord, ...] = ()
    sentence_start: bool = False


def qualifier(seg: Segment) -> tuple[GeoRecord, ...]:
    """The country or first-level division printed after a comma (`Paris,
    Texas`, `Maywood, N.J.`, `Riverdale, NY`)."""
    after = seg.after
    if len(after) < 2 or after[0].text != "," or not after[1].text[:1].isupper():
        return ()
    gz = gazetteer()
    word = after[1].text
    code = US_STATE_ABBREVIATIONS.get(word.lower()) or (word if word in US_POSTAL_CODES else None)
    if code:
        state = gz.admin1("US", code)
        return (state,) if state else ()
    for n in (2, 1):
        words = [t.text for t in after[1:1 + n]]
        if len(words) == n:
            hits = tuple(c.record for c in gz.lookup(" ".join(words))
                         if c.record.feature_code in {"PCLI", "ADM1"})
            if hits:
                return hits
    return ()


def _lexicon_reading(text: str) -> GeoRecord | None:
    """The place an adjective or abbreviation stands for (`EU`, `Californian`)."""
    key = fold(text)
    gz = gazetteer()
    if key in CONTINENT_WORDS:
        return gz.continent(CONTINENT_WORDS[key])
    if key in REGION_ADJECTIVES:
        return gz.admin1(*REGION_ADJECTIVES[key])
    if key in _SHORT_REGIONS:
        return gz.records.get(_SHORT_REGIONS[key])
    return None


def _dateline_caps(body: str, seg: Segment) -> bool:
    """`WASHINGTON (Reuters) -` opening a paragraph: a place in capitals."""
    opens = seg.start == 0 or body[max(0, seg.start - 1):seg.start] == "\n"
    return opens and bool(seg.after) and seg.after[0].text in _DATELINE_FOLLOWERS


def collect(body: str, claimed: list[tuple[int, int]]) -> list[PlaceMention]:
    gz = gazetteer()
    lowered = {w for w in fold(body).split() if w.isalpha()} if body else set()
    out: list[PlaceMention] = []
    for seg in segments(body):
        text = seg.text(body)
        lexical = _lexicon_reading(text) if len(seg.tokens) <= 2 and seg.kind != "fragment" \
            else None
        if lexical is not None:
            out.append(PlaceMention(text, seg.start, seg.end, (Candidate(lexical, True),)))
            continue
        if any(seg.start < end and start < seg.end for start, end in claimed):
            continue
        if seg.kind == "demonym" and seg.canonical:
            country = gz.country(seg.canonical)
            if country:
                out.append(PlaceMention(text, seg.start, seg.end, (Candidate(country, True),)))
            continue
        if seg.kind == "feature":
            counties = tuple(c for c in gz.lookup_all(text) if c.record.feature_code == "ADM2")
            if counties:
                out.append(PlaceMention(text, seg.start, seg.end, counties, qualifier(seg)))
            continue
        if seg.kind not in {"place", "single"}:
            continue
        if text.isupper() and fold(text) not in COUNTRY_ALIASES \
                and fold(text) not in COUNTRY_ABBREVIATIONS and not _dateline_caps(body, seg):
            continue
        qualified = qualifier(seg)
        candidates = gz.lookup(text)
        if not any(c.primary for c in candidates) or qualified:
            candidates += gz.lookup_all(text)[len(candidates):]  # the long tail
        if not candidates:
            continue
        if seg.sentence_start and len(seg.tokens) == 1 and _lower_elsewhere(body, text, lowered):
            continue
        out.append(PlaceMention(text, seg.start, seg.end, candidates, qualified, seg.sentence_start))
    return out


def _lower_elsewhere(body: str, word: str, lowered: set[str]) -> bool:
    """A sentence-initial word also printed in lower case is a common word."""
    return word.lower() in body and fold(word) in lowered
