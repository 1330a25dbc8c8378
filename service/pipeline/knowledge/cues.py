"""Cues that a capitalised name is a facility or a company rather than a
person or a place.

* a facility head closes the name (`Sam Ratulangi International Airport`,
  `Port of Valencia`): the whole span is one facility, so no fragment of it
  (`Airport`, `Sam Ratulangi International`) becomes a place or an organisation;
* a facility noun follows the name (`Cerro Alto copper mine`, `Grasberg mine`);
* a company noun or an `X-based` modifier precedes it (`operator Andina
  Cobre`, `drugmaker Kiran Rao Laboratories`, `Lagos-based Meristem`);
* a staff noun follows a run the gazetteer would only cut into places, a
  small town among them (`Liberal Unity lawmakers`): one name, the employer.

An attribution verb (`Andina Cobre said`) proves nothing here: companies
speak too, so these cues are checked before the evidence for a person.
"""

from __future__ import annotations

from service.pipeline.entities.gender import is_first_name
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import (
    COMPANY_NOUNS,
    DAYS,
    FACILITY_HEADS,
    FACILITY_MODIFIERS,
    FACILITY_NOUNS,
    MONTHS,
    ROLE_WORDS,
    TITLES,
    wordset,
)
from service.pipeline.knowledge.text import Token, fold

_NOT_TITLES_HERE = frozenset({"international", "national"})
# Staff nouns whose `at`/`for` names their employer.
EMPLOYEE_NOUNS = ROLE_WORDS | wordset("""analyst analysts economist economists strategist
strategists trader traders engineer engineers employee employees worker workers official
officials executive executives researcher researchers scientist scientists spokesperson""")
# Lower-case staff nouns after a name make it their employer: `Labour lawmaker
# X`, `a Spotify spokesperson`, `Corvel analyst Ben Ashworth`, `IAEA chief`.
STAFF_AFTER = wordset("""spokesman spokeswoman spokesperson spokespeople official officials
analyst analysts executive executives chief director lawmaker lawmakers legislator
legislators employee employees worker workers staff""")
# Party adjectives before a staff noun name no organisation (`Democratic lawmaker`).
POLITICAL_ADJECTIVES = wordset("""democratic republican conservative liberal socialist communist
progressive nationalist green""")


def facility_end(toks: tuple[Token, ...], i: int) -> int | None:
    """End (exclusive) of a named facility starting at i, or None.

    The name runs to the last capitalised facility head, or through `of` and
    the name after it (`Port of Valencia`). A head that opens the name needs
    that `of` (`Port Harcourt` is a city). A span the gazetteer knows as a
    whole (`Port of Spain`) is a place, not a facility."""
    head = None
    for j in range(i, len(toks)):
        tok = toks[j]
        if not tok.text[0].isupper():
            continue
        key = fold(tok.text)
        if key in FACILITY_HEADS:
            head = j
        elif key in TITLES and key not in _NOT_TITLES_HERE:
            break  # what follows a title is a person
    if head is None:
        return None
    end = head + 1
    if end + 1 < len(toks) and fold(toks[end].text) == "of" and toks[end + 1].text[0].isupper():
        end += 2
        while end < len(toks) and toks[end].text[0].isupper():
            end += 1
    elif head == i:
        return None
    if gazetteer().lookup(" ".join(t.text for t in toks[i:end])):
        return None
    return end


def facility_noun_after(after: tuple[Token, ...]) -> bool:
    """The words right after a name are a facility noun, perhaps behind a
    modifier or two: `... copper mine`, `... open-pit mine`, `... refinery`."""
    if not after or not after[0].is_word:
        return False
    sentence = after[0].sentence
    words = [fold(t.text) for t in after if t.sentence == sentence]
    k = 0
    while k < len(words) and k < 2 and words[k] in FACILITY_MODIFIERS:
        k += 1
    return k < len(words) and words[k] in FACILITY_NOUNS and after[k].text.islower()


# Company nouns a person is called too, by trade: before a first name they
# introduce a person.
PERSONAL_TRADES = wordset("producer broker developer miner supplier exporter importer shipper")


def company_cue(before: tuple[Token, ...], first: Token) -> bool:
    """A company noun, an `X-based` modifier or `<staff noun> at` right before the name."""
    if not before or before[-1].sentence != first.sentence or not before[-1].is_word:
        return False
    word = fold(before[-1].text)
    if word.endswith("-based"):
        return True
    if word in {"at", "for"} and len(before) >= 2 and fold(before[-2].text) in EMPLOYEE_NOUNS:
        return True  # `a strategist at Harbour Street Capital`
    if not before[-1].text.islower():
        return False
    if word in PERSONAL_TRADES and is_first_name(fold(first.text)):
        return False  # `film producer Ines Varga`, `mortgage broker Sam Reid`: a person
    if word in {"maker", "producer", "manufacturer"} and len(before) >= 2 \
            and before[-2].text.islower() and before[-2].is_word:
        return True  # `chemicals maker Valdora`, `steel producer Ferrum` (a trade alone may be a person's)
    return word in COMPANY_NOUNS or (word.endswith("maker") and len(word) > 5)


def staff_noun_after(after: tuple[Token, ...]) -> bool:
    """A lower-case staff noun right after a name (`... lawmakers`, `... spokesperson`)."""
    return bool(after) and after[0].text.islower() and fold(after[0].text) in STAFF_AFTER


_DAYS_AND_MONTHS = DAYS | MONTHS  # built once, not at every look-up


def place_at(toks: tuple[Token, ...], i: int, limit: int) -> int:
    """Token length of the longest gazetteer name starting at i (0 if none)."""
    gz = gazetteer()
    for n in range(min(limit, len(toks) - i, gz.longest_name_tokens), 0, -1):
        if toks[i + n - 1].text[0].islower():
            continue
        if n == 1 and fold(toks[i].text) in _DAYS_AND_MONTHS:
            continue  # "in March" is a month, not the town in Cambridgeshire
        if gz.lookup(" ".join(t.text for t in toks[i:i + n])):
            return n
    return 0


def employer_of_staff(rest: tuple[Token, ...], after: tuple[Token, ...]) -> bool:
    """A capitalised run before a staff noun (`... lawmakers`, `... officials`)
    that the gazetteer would only split into places, one of them a small town
    (`Liberal Unity lawmakers`), is one name: the entity grammar reads it as the
    staff's employer, and small towns side by side make no place phrase."""
    if len(rest) < 2 or not staff_noun_after(after) or not all(t.text[0].isupper() for t in rest) \
            or fold(rest[-1].text) in POLITICAL_ADJECTIVES:
        return False
    pieces: list[tuple[Token, ...]] = []
    k = 0
    while k < len(rest):
        n = place_at(rest, k, len(rest) - k)
        if n == 0 or n == len(rest):
            return False  # a word no place bears, or one place's whole name
        pieces.append(rest[k:k + n])
        k += n
    return any(small_town(" ".join(t.text for t in piece)) for piece in pieces)


def small_town(name: str) -> bool:
    """Every reading of `name` a town under 100,000 people or a county."""
    return all((c.record.feature_class == "P" and c.record.population < 100_000)
               or c.record.feature_code == "ADM2" for c in gazetteer().lookup(name))


def is_initial(tok: Token) -> bool:
    """`K.` of `K. Venkat Reddy`: one capital letter and a full stop."""
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."
