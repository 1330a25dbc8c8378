"""Acronyms introduced with their expansion, in either order:
`the World Health Organization (WHO)` and `the NTSB (National Transportation
Safety Board)`. The expansion is the organisation's name; the acronym, there
and later in the story, is a mention of it.

The expansion must spell the acronym with the initials of its capitalised
words (connectors such as `of`, `for`, `the`, `sans`, `de` may sit between):
`Médecins Sans Frontières (MSF)`, `International Atomic Energy Agency (IAEA)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACRONYM = r"[A-Z][A-Za-z&]{1,9}"
# Word lengths are bounded and a name starts only at a word boundary, so that
# matching stays linear on hostile input (a 15,000-capital "word").
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.&-]{0,40}"
_CONNECTOR = r"(?:of|for|the|and|on|in|de|des|du|la|le|sans|für|del|y)"
_LONG = rf"(?<![\w'’.&-]){_WORD}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_WORD}){{1,9}}"
LONG_THEN_SHORT = re.compile(rf"(?P<long>{_LONG})\s+\((?P<short>{_ACRONYM})\)")
SHORT_THEN_LONG = re.compile(rf"\b(?P<short>{_ACRONYM})\s+\((?P<long>{_LONG})\)")


@dataclass(frozen=True, slots=True)
class Expansion:
    name: str  # the organisation's full name as printed, without a leading `The`
    start: int  # offsets of the full name in the text
    end: int
    acronym: str


def _initials_match(words: list[str], acronym: str) -> bool:
    letters = [c for c in acronym if c.isupper()]
    return len(letters) >= 2 and initials(" ".join(words)) == "".join(letters)


def initials(name: str) -> str:
    """The initials of the capitalised words of `name` (`Médecins Sans Frontières` -> `MSF`)."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def find_expansions(body: str) -> list[Expansion]:
    """Every acronym printed beside its expansion, in order of appearance."""
    found: list[Expansion] = []
    for m in LONG_THEN_SHORT.finditer(body):
        words = m.group("long").split()
        short = m.group("short")
        # the expansion is the shortest tail of the capitalised run that spells the acronym
        for k in range(len(words) - 1, -1, -1):
            tail = words[k:]
            if _initials_match(tail, short):
                name = " ".join(tail)
                start = m.start("long") + m.group("long").rindex(name) if k else m.start("long")
                found.append(Expansion(name, start, start + len(name), short))
                break
    for m in SHORT_THEN_LONG.finditer(body):
        name = m.group("long")
        if name.split()[0] == "The":
            name = name[4:]
        if _initials_match(name.split(), m.group("short")):
            end = m.end("long")
            found.append(Expansion(name, end - len(name), end, m.group("short")))
    return sorted(found, key=lambda e: e.start)


def acronym_mentions(body: str, acronym: str) -> list[tuple[int, int]]:
    """Offsets of every whole-word occurrence of `acronym` in `body`."""
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", body)]
