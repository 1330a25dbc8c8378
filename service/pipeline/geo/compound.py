"""Country names built of several names (`Trinidad and Tobago`, `Bosnia and
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
