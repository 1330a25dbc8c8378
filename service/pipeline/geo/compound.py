"""Place names the name analysis does not see whole.

Country names built of several names (`Trinidad and Tobago`, `Bosnia and
Herzegovina`, `Democratic People's Republic of Korea`): the name analysis
splits them at `and` and `of` into places of their own (`Tobago`, `Korea`),
so they are found as whole names first, and their parts are not read again.
`the West` and `Western countries`: the Western world, which the name
analysis reads as a compass word.
"""

from __future__ import annotations

import re
from functools import cache

from service.pipeline.geo.gazetteer import GeoRecord, gazetteer
from service.pipeline.geo.lexicon import COUNTRY_ABBREVIATIONS
from service.pipeline.knowledge.names import COUNTRY_ALIASES

_JOINERS = re.compile(r"\s(?:and|of|the)\s", re.IGNORECASE)


# A run of capitalised words and the joiners between them: the only places
# where a joined country name can stand (one cheap scan instead of a pattern
# of every country name).
_RUN = re.compile(r"[A-Z][\w'’.]*(?:\s+(?:and|of|the|[A-Z][\w'’.]*))+")
_WORD = re.compile(r"\S+")


@cache
def _joined_names() -> tuple[dict[str, str], int]:
    """Folded joined country name -> ISO code, and the longest name in words."""
    gz = gazetteer()
    names = {r.name.lower(): code for code, r in gz.countries.items()}
    names |= {alias.lower(): code for alias, code in (*COUNTRY_ALIASES.items(),
                                                       *COUNTRY_ABBREVIATIONS.items())}
    joined = {name: code for name, code in names.items() if _JOINERS.search(name)}
    return joined, max((len(n.split()) for n in joined), default=0)


def compound_countries(body: str) -> list[tuple[int, int, GeoRecord]]:
    """(start, end, country) of every country name with `and` or `of` in it,
    printed with a capital letter."""
    joined, longest = _joined_names()
    out = []
    for run in _RUN.finditer(body):
        if not _JOINERS.search(run.group()):
            continue
        words = [(w.start() + run.start(), w.end() + run.start(), w.group().lower())
                 for w in _WORD.finditer(run.group().rstrip("."))]
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 1, -1):
                code = joined.get(" ".join(w for _, _, w in words[i:i + n]))
                country = gazetteer().country(code) if code else None
                if country is not None and body[words[i][0]].isupper():
                    out.append((words[i][0], words[i + n - 1][1], country))
                    i += n - 1
                    break
            i += 1
    return out


# `the West`, `Western countries`: the Western world, which the name analysis
# reads as a compass word. Only `the West` before lower case or punctuation
# (not `the West Bank`), and `Western` before a plural noun of states or
# their people (not `Western Cape`, `Western Union`).
_WEST = re.compile(r"\b[Tt]he (West)(?=['’]s\b|[.,;:!?)\"”]|\s+[a-z]|$)"
                   r"|\b(Western)(?=\s+(?:countries|nations|governments|powers|allies|leaders|"
                   r"diplomats|states|partners|sanctions|media|officials|democracies)\b)")


def western_world(body: str) -> list[tuple[int, int]]:
    """(start, end) of every mention of the Western world."""
    if "West" not in body:
        return []
    return [m.span(1) if m.group(1) else m.span(2) for m in _WEST.finditer(body)]
