"""Places named inside the names of public bodies: `Beverly Hills Police
Department`, `Montgomery County Democrats`. The organisation keeps its name;
the place it serves is a place of the story too. Company and newspaper names
(`Cambridge Analytica`, `Washington Post`) and names with `of` (`Bank of
England`, `Strait of Georgia`) are not read this way: only a place before a
public-body head word.
"""

from __future__ import annotations

from service.pipeline.geo.gazetteer import Candidate, gazetteer
from service.pipeline.geo.sources import generic_name
from service.pipeline.knowledge.names import wordset
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold

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
            if hits:
                out.append((start, end, hits))
                break
    return out
