"""Where an organisation's name starts and ends inside a capitalised run: a
curated name (`UN`, `Security Council`), a name closed by a head noun
(`Syrian Observatory for Human Rights`, `Fenwick Morgan Ltd`, `Austin
Microdevices`), or opened by one in Spanish or Portuguese (`Grupo Mexico`)."""

from __future__ import annotations

from functools import cache

from service.pipeline.knowledge.names import (
    COMPANY_WORD_ENDINGS,
    CURATED_ORGS,
    DAYS,
    MONTHS,
    ORG_CONNECTORS,
    ORG_HEADS,
    ORG_LEADS,
    TITLES,
    wordset,
)
from service.pipeline.knowledge.text import Token, fold


@cache
def org_aliases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First alias token -> [(alias tokens, canonical)], longest first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for canonical, aliases in CURATED_ORGS.items():
        for alias in aliases:
            words = tuple(alias.split())
            table.setdefault(words[0], []).append((words, canonical))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def match_curated(toks: tuple[Token, ...], i: int) -> tuple[int, str] | None:
    for words, canonical in org_aliases().get(toks[i].text, ()):
        n = len(words)
        if tuple(t.text for t in toks[i:i + n]) == words:
            return n, canonical
    return None


def is_head(tok: Token) -> bool:
    return tok.text[0].isupper() and (fold(tok.text) in ORG_HEADS or company_word(tok))


def company_word(tok: Token) -> bool:
    """`Microdevices`, `Biologics`: a word built on what companies sell."""
    key = fold(tok.text)
    return len(key) > 4 and key.endswith(COMPANY_WORD_ENDINGS)


def org_end(toks: tuple[Token, ...], i: int) -> int | None:
    """End (exclusive) of a head-based organisation starting at i, or None."""
    head = None
    for j in range(i, len(toks)):
        key = fold(toks[j].text)
        if is_head(toks[j]):
            head = j
        elif key in TITLES and key not in _ORG_MODIFIERS and toks[j].text[0].isupper():
            break  # "Labour Minister ...": what follows a title is a person
    if head is None or (head == i and len(toks) == 1):
        return None
    for j in range(i, head):
        if fold(toks[j].text) in ORG_CONNECTORS - {"and"} and not any(map(is_head, toks[i:j])):
            return None  # "Shares of Kiran Rao Laboratories": the name starts after "of"
    end = head + 1
    while end < len(toks) and is_head(toks[end]):
        end += 1
    if end < len(toks) and fold(toks[end].text) in _PORTFOLIO_TITLES:
        return None  # "Emergency Services Minister": a title, not an organisation
    if end < len(toks) and fold(toks[end].text) in ORG_CONNECTORS - {"and"} \
            and not company_word(toks[end - 1]):
        # "Bank of England"; not "Austin Microdevices of Austin": where a company is based
        k = end + 1
        while k < len(toks) and fold(toks[k].text) not in _STOPS_AFTER_OF:
            k += 1
        end = k
    return end


_ORG_MODIFIERS = wordset("foreign defence defense interior finance health trade economy deputy "
                         "chief international")
_PORTFOLIO_TITLES = wordset("minister secretary commissioner spokesman spokeswoman chief "
                              "director chairman")


# After `of` the name runs on through portfolio words (`Ministry of Health`,
# `Department of Foreign Affairs`) and stops at a person's title or a date.
_STOPS_AFTER_OF = (TITLES - _ORG_MODIFIERS) | DAYS | MONTHS


def org_lead(tok: Token) -> bool:
    return tok.text[0].isupper() and fold(tok.text) in ORG_LEADS
