"""Place names the name analysis does not see whole. Country names built of several names (`Trinidad and Tobago`, `Bosnia and
Herzegovina`, `Democratic People's Republic of Korea`): the name analysis
splits them at `and` and `of` into places of their own (`Tobago`, `Korea`),
so they are found as whole names first, and their parts are not read again.
"""

from __future__ import annotations

import re
from functools import cache

from service.pipeline.geo.gazetteer import GeoRecord, gazetteer
from service.pipeline.geo.lexicon import COUNTRY_ABBREVIATIONS
from service.pipeline.knowledge.names import COUNTRY_ALIASES

_JOINERS = re.compile(r"\s(?:and|of|the)\s", re.IGNORECASE)


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    gz = gazetteer()
    names = {r.name.lower(): code for code, r in gz.countries.items()}
    names |= {alias.lower(): code for alias, code in (*COUNTRY_ALIASES.items(),
                                                       *COUNTRY_ABBREVIATIONS.items())}
    joined = {name: code for name, code in names.items() if _JOINERS.search(name)}
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+")
                            for n in sorted(joined, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), joined


def compound_countries(body: str) -> list[tuple[int, int, GeoRecord]]:
    """(start, end, country) of every country name with `and` or `of` in it,
    printed with a capital letter."""
    pattern, codes = _pattern()
    out = []
    for match in pattern.finditer(body):
        if not match.group()[:1].isupper():
            continue
        country = gazetteer().country(codes[" ".join(match.group().lower().split())])
        if country is not None:
            out.append((match.start(), match.end(), country))
    return out


# `the West`, `Western countries`: the Western world, which the name analysis
# reads as a compass word. Only `the West` before lower case or punctuation
# (not `the West Bank`), and `Western` before a plural noun of states or
# their people (not `Western Cape`, `Western Union`).
_WEST = re.compile(r"(?<=\b[Tt]he )West(?=['’]s\b|[.,;:!?)\"”]|\s+[a-z]|$)"
                   r"|\bWestern(?=\s+(?:countries|nations|governments|powers|allies|leaders|"
                   r"diplomats|states|partners|sanctions|media|officials|democracies)\b)")


def western_world(body: str) -> list[tuple[int, int]]:
    """(start, end) of every mention of the Western world."""
    return [(m.start(), m.end()) for m in _WEST.finditer(body)]
