"""Where an organisation's name starts and ends inside a capitalised run: a
curated name (`UN`, `Security Council`), a name closed by a head noun
(`Syrian Observatory for Human Rights`, `Fenwick Morgan Ltd`, `Austin
Microdevices`), or opened by one in Spanish or Portuguese (`Grupo Mexico`)."""

from __future__ import annotations

from functools import cache

from service.pipeline.entities.gender import is_first_name
from service.pipeline.entities.occupations import is_occupation
from service.pipeline.entities.org_kinds import business_heads, legal_forms
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import (
    COMPANY_NOUNS,
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
    if not toks[i].text[0].isupper():
        return None  # `and Murray Grain Holdings`: a name starts with a capital
    head = None
    for j in range(i, len(toks)):
        key = fold(toks[j].text)
        if is_head(toks[j]) or business_head(toks, i, j):
            head = j
        elif key in TITLES and key not in _ORG_MODIFIERS and toks[j].text[0].isupper() \
                and not _opens_body_name(toks, i, j):
            break  # "Labour Minister ...": what follows a title is a person
    if head is None or (head == i and len(toks) == 1):
        return None
    split = _coordinated_end(toks, i, head)
    if split is not None:
        return split
    for j in range(i, head):
        if fold(toks[j].text) in ORG_CONNECTORS - {"and"} and not any(map(is_head, toks[i:j])):
            return None  # "Shares of Kiran Rao Laboratories": the name starts after "of"
    end = head + 1
    while end < len(toks) and is_head(toks[end]):
        end += 1
    if end < len(toks) and fold(toks[end].text) in _PORTFOLIO_TITLES:
        return None  # "Emergency Services Minister": a title, not an organisation
    if end < len(toks) and fold(toks[end].text) in ORG_CONNECTORS - {"and"} \
            and not company_word(toks[end - 1]) and not business_head(toks, i, end - 1):
        # "Bank of England"; not "Austin Microdevices of Austin": where a company is based
        k = end + 1
        while k < len(toks) and fold(toks[k].text) not in _STOPS_AFTER_OF:
            k += 1
        end = k
    return end


def _opens_body_name(toks: tuple[Token, ...], i: int, j: int) -> bool:
    """`General Statistics Office`, `General Assembly`: a title word opening a
    name is the name's first word when no first name follows it."""
    return j == i and j + 1 < len(toks) and toks[j + 1].text[0].isupper() \
        and not is_first_name(fold(toks[j + 1].text))


def business_head(toks: tuple[Token, ...], i: int, j: int) -> bool:
    """`Kestrel Metals`, `Central Railway`: a word naming a line of business,
    or a legal form (`Equinor ASA`), closes a company's name begun at i, unless
    the span reads as something else: the word alone (`Energy Secretary`), a first name before it (`Dana Steel`,
    a person), a title inside it or an occupation before a name (`Analyst Dana
    Steel`; one word alone may end in `-ist` as `Lindqvist` does), a
    longer name it only qualifies (`Clean Energy Act`, `Capital of Culture`),
    or a place the gazetteer knows by the whole span. After `of` or `for` the
    word names a portfolio (`Department of Energy and Climate Change`)."""
    tok = toks[j]
    if j <= i or j - i > _LONGEST_COMPANY_NAME or not tok.text[0].isupper() \
            or (fold(tok.text) not in business_heads()
                and tok.text.replace(".", "") not in legal_forms()):
        return False
    before = toks[i:j]
    if (len(before) == 1 and is_first_name(fold(before[0].text))) \
            or any(fold(t.text) in TITLES for t in before) \
            or (len(before) >= 2 and is_occupation(before[0].text)) \
            or any(t.text in {"of", "for"} for t in before):
        return False
    if j + 1 < len(toks):
        nxt = toks[j + 1]
        key = fold(nxt.text.rstrip("."))
        if key in ORG_CONNECTORS - {"and"}:
            return False
        if nxt.text[0].isupper() and not (is_head(nxt) or key in TITLES
                                          or fold(nxt.text) in business_heads()):
            return False
    return not gazetteer().lookup(" ".join(t.text for t in toks[i:j + 1]))


def _coordinated_end(toks: tuple[Token, ...], i: int, head: int) -> int | None:
    """`Pinnacle Foods and Murray Grain Holdings`: two companies joined by
    `and`, each closed by its own head, are two names. A name with `of` or
    `for` before the `and` is one (`Department of Energy and Climate
    Change`), and so is one whose second part opens with a head (`U.S.
    Securities and Exchange Commission`): a company after `and` has a name of
    its own before its head."""
    for k in range(i + 2, min(head, i + _LONGEST_COMPANY_NAME + 1)):
        if fold(toks[k - 1].text) in ORG_CONNECTORS - {"and"}:
            return None
        if toks[k].text != "and":
            continue
        closed = is_head(toks[k - 1]) or business_head(toks, i, k - 1)
        if closed and not (is_head(toks[k + 1]) or fold(toks[k + 1].text) in business_heads()):
            return k
    return None


# Words of a company's name before the word that closes it: the bound keeps
# the span rules linear on a hostile run of thousands of capitalised words.
_LONGEST_COMPANY_NAME = 6


_ORG_MODIFIERS = wordset("foreign defence defense interior finance health trade economy deputy "
                         "chief international")
_PORTFOLIO_TITLES = wordset("minister secretary commissioner spokesman spokeswoman chief "
                              "director chairman")


# After `of` the name runs on through portfolio words (`Ministry of Health`,
# `Department of Foreign Affairs`) and stops at a person's title or a date.
_STOPS_AFTER_OF = (TITLES - _ORG_MODIFIERS) | DAYS | MONTHS


# Compass adjectives are common words, dropped when they open a sentence; in
# front of a name closed by a head they are its first word (`Western Railway
# said`, `Northern Energy posted`).
_COMPASS = wordset("north south east west northern southern eastern western central")


def compass_opens_org(toks: tuple[Token, ...], i: int) -> bool:
    """Whether the compass adjective at i is the first word of an organisation."""
    return fold(toks[i].text) in _COMPASS and org_end(toks, i) is not None


def descriptor_opens(toks: tuple[Token, ...], i: int) -> bool:
    """`Carmaker Perodua Motors said`: a company noun capitalised only because
    it opens the sentence describes the company named after it; it is no word
    of that name (a head such as `Union` or `Bank` may be: `Union Pacific`)."""
    key = fold(toks[i].text)
    return (toks[i].sentence_start and i + 1 < len(toks)
            and (key in COMPANY_NOUNS or (key.endswith("maker") and len(key) > 5))
            and key not in ORG_HEADS and key not in business_heads()
            and org_end(toks, i + 1) is not None)


def org_lead(tok: Token) -> bool:
    return tok.text[0].isupper() and fold(tok.text) in ORG_LEADS
