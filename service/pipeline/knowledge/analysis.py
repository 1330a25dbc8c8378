"""The segments of one body, computed once and shared by the people,
organisation and place stages (they run one after the other on the same text)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from service.pipeline.knowledge.names import CORPORATE_SUFFIXES, NEVER_PEOPLE, ORG_HEADS
from service.pipeline.knowledge.runs import find_runs
from service.pipeline.knowledge.segments import Segment, classify
from service.pipeline.knowledge.text import fold, tokenize


@lru_cache(maxsize=16)
def segments(body: str) -> tuple[Segment, ...]:
    """Every typed segment of `body`, in order of appearance. A name shown to
    be an organisation once (`operator Andina Cobre`, `Fenwick Morgan Ltd`,
    `shares in Airbus`: `entities.org_cues`) is one everywhere in the story
    (`Andina Cobre said`, `Fenwick Morgan`, `Airbus said`)."""
    from service.pipeline.entities.org_cues import is_organisation

    out: list[Segment] = []
    for run in find_runs(tokenize(body)):
        out.extend(classify(run))
    out = [replace(s, kind="org", evidence=()) if is_organisation(s, body) else s for s in out]
    orgs = _organisation_names(out, body)
    leads = _lead_words(out, body)
    return tuple(replace(s, kind="org", evidence=()) if (s.kind in _RENAMEABLE and fold(s.text(body)) in orgs)
                 or (s.kind == "single" and fold(s.text(body)) in leads) else s for s in out)


def _lead_words(segs: list[Segment], body: str) -> frozenset[str]:
    """First words of organisation names that stand for the organisation
    alone (`Corvel Research` ... `Corvel analyst Ben Ashworth`): not a common
    word, a demonym, a place or a first name."""
    from service.pipeline.entities.gender import is_first_name
    from service.pipeline.knowledge.gazetteer import gazetteer

    leads: set[str] = set()
    for s in segs:
        if s.kind != "org" or s.canonical or len(s.tokens) < 2 or not s.tokens[0].text[:1].isupper():
            continue
        first = fold(s.tokens[0].text)
        if first not in NEVER_PEOPLE and not is_first_name(first) \
                and not gazetteer().lookup(s.tokens[0].text):
            leads.add(first)
    return frozenset(leads)


_RENAMEABLE = frozenset({"person", "single", "name", "place"})


def _organisation_names(segs: list[Segment], body: str) -> frozenset[str]:
    """Folded names of the organisations found, with and without a corporate
    suffix (`Fenwick Morgan Ltd` and `Fenwick Morgan`). Curated names are left
    out: their short forms are handled by the curated list itself."""
    names: set[str] = set()
    for s in segs:
        if s.kind != "org" or s.canonical:
            continue
        words = fold(s.text(body)).split()
        if len(words) >= 2 or (words and words[0] not in ORG_HEADS):
            names.add(" ".join(words))
        if len(words) >= 3 and words[-1].rstrip(".") in CORPORATE_SUFFIXES:
            names.add(" ".join(words[:-1]))
    return frozenset(names)


def surname_key(text: str) -> str:
    """`al-Assad` and `Assad` share the key `assad`."""
    from service.pipeline.knowledge.text import fold

    last = fold(text.split()[-1]) if text.split() else ""
    for prefix in ("al-", "el-", "bin-", "ibn-", "abu-"):
        if last.startswith(prefix):
            return last[len(prefix):]
    return last
