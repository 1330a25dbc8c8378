"""Places named inside the names of public bodies: `Beverly Hills Police
Department`, `Montgomery County Democrats`. The organisation keeps its name;
the place it serves is a place of the story too. Company and newspaper names
(`Cambridge Analytica`, `Washington Post`) are not read this way: only a
place before a public-body head word, a country or first-level division
after a name's last `of` (`Kidney Foundation of Canada`, `Bank of England`),
which the GeoWebNews guideline annotates as a modifier of the name, and a
well-known place opening an event's name (`Dubai World Cup`).
"""

from __future__ import annotations

from service.pipeline.geo.gazetteer import Candidate, gazetteer
from service.pipeline.geo.sources import generic_name
from service.pipeline.knowledge.names import wordset
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import Token, fold

_SERVED = frozenset({"PCLI", "ADM1"})
_COUNTY_WORDS = frozenset({"county", "parish", "district", "borough"})

PUBLIC_HEADS = wordset("""police sheriff sheriff's council government ministry democrats
republicans board authority schools district court fire county city department
municipality assembly legislature parliament senate mayor governor""")


def embedded(body: str, seg: Segment) -> list[tuple[int, int, tuple[Candidate, ...]]]:
    """(start, end, candidate readings) of the places inside an organisation's name."""
    toks = seg.tokens
    gz = gazetteer()
    out: list[tuple[int, int, tuple[Candidate, ...]]] = []
    for n in (3, 2, 1):
        if n < len(toks) and fold(toks[n].text) in PUBLIC_HEADS:
            start, end = toks[0].start, toks[n - 1].end
            if generic_name(body[start:end]):  # "Federal Ministry": no place
                continue
            hits = tuple(c for c in gz.lookup(body[start:end]) if c.primary)
            if fold(toks[n - 1].text) in _COUNTY_WORDS:  # "Walker County Sheriff's Office"
                hits = tuple(c for c in gz.lookup_all(body[start:end])
                             if c.primary and c.record.feature_code == "ADM2") or hits
            if hits:
                out.append((start, end, hits))
                break
    return out + _of_place(body, toks) + _event_place(body, toks)


# Heads of the names of events held somewhere (`Dubai World Cup`, `Muscat
# International Film Festival`, `Tokyo Olympics`); prizes and trophies are
# named after people as often as after places, so they are left out.
_EVENT_HEADS = wordset("""cup festival games championship championships summit conference
forum expo fair marathon olympics paralympics""")


def _event_place(body: str, toks: tuple[Token, ...]) -> list[tuple[int, int, tuple[Candidate, ...]]]:
    """A well-known place opening an event's name: where the event is held."""
    if len(toks) < 2 or fold(toks[-1].text) not in _EVENT_HEADS:
        return []
    for n in (2, 1):
        if n >= len(toks):
            continue
        start, end = toks[0].start, toks[n - 1].end
        hits = tuple(c for c in gazetteer().lookup(body[start:end]) if c.primary and (
            c.record.feature_code in {"PCLI", "PPLC"} or c.record.population >= 100_000))
        if hits and not generic_name(body[start:end]):
            return [(start, end, hits)]
    return []


def _of_place(body: str, toks: tuple[Token, ...]) -> list[tuple[int, int, tuple[Candidate, ...]]]:
    """`Kidney Foundation of Canada`, `Communist Party of Vietnam`: the
    country or first-level division after the last `of` of a name is the
    place the organisation serves (the corpus reads it as a modifier)."""
    ofs = [i for i, t in enumerate(toks) if t.text == "of"]
    if not ofs or len(toks) - ofs[-1] - 1 not in (1, 2, 3):
        return []
    start, end = toks[ofs[-1] + 1].start, toks[-1].end
    hits = tuple(c for c in gazetteer().lookup(body[start:end])
                 if c.primary and c.record.feature_code in _SERVED)
    return [(start, end, hits)] if hits else []
