"""The maintained list of news and photo agencies, and the `agencies` stage.

The list lives in `data/agencies.json` (edit it there). Aliases match as whole
words, case-sensitively and in capitals ("Reuters", "REUTERS"); strict aliases
("AA", "PA", "CP") only when they are the whole credit, because as words they
mean too many other things.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage

AgencyKind = Literal["news", "photo"]
AGENCY_ROLE = "agency"  # Contributor.role of an agency credited in a trailing line
_WRAPPING = " \t()[]{}.,;:-\u2013\u2014|"


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    full_name: str
    country: str
    kind: AgencyKind
    aliases: tuple[str, ...]
    strict_aliases: tuple[str, ...] = ()


@cache
def all_agencies() -> tuple[Agency, ...]:
    raw = json.loads(resources.files(__package__).joinpath("data/agencies.json").read_text("utf-8"))
    return tuple(
        Agency(name=e["name"], full_name=e["full_name"], country=e["country"], kind=e["kind"],
               aliases=tuple(e["aliases"]), strict_aliases=tuple(e.get("strict_aliases", ())))
        for e in raw["agencies"]
    )


def _variants(alias: str) -> tuple[str, ...]:
    return (alias, alias.upper())


@cache
def _exact_index() -> dict[str, Agency]:
    index: dict[str, Agency] = {}
    for agency in all_agencies():
        for alias in (*agency.aliases, *agency.strict_aliases, agency.name, agency.full_name):
            for variant in _variants(alias):
                index.setdefault(variant, agency)
    return index


@cache
def _alias_pattern() -> re.Pattern[str]:
    words = {v for a in all_agencies() for alias in (*a.aliases, a.name)
             if alias not in a.strict_aliases for v in _variants(alias)}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def lookup(text: str) -> Agency | None:
    """The agency `text` names as a whole ("(AFP)", "The Associated Press", "AA"), or None."""
    cleaned = text.strip(_WRAPPING)
    return _exact_index().get(cleaned) or _exact_index().get(cleaned.removeprefix("The "))


def canonical(text: str) -> str | None:
    found = lookup(text)
    return found.name if found else None


def find_in(text: str) -> list[tuple[Agency, int, int]]:
    """Agencies named anywhere in `text` (non-strict aliases), with their spans, in order."""
    index = _exact_index()
    return [(index[m.group(0)], m.start(), m.end()) for m in _alias_pattern().finditer(text)]


def merge_names(*groups: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Agency names in first-seen order, each once."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


@stage("agencies", "1")
def agencies(a: Article) -> Article:
    """The agencies behind the story: those in the byline (already set by the
    byline stage), the dateline and trailing agency credits. Photo agencies
    credited only on captions are not the story's agencies."""
    from_dateline = [a.dateline.agency] if a.dateline and a.dateline.agency else []
    from_credits = [c.name for c in a.contributors if c.role == AGENCY_ROLE]
    known = [n for n in (*from_dateline, *from_credits) if canonical(n)]
    return replace(a, agencies=merge_names(a.agencies, [canonical(n) or n for n in known]))
