"""Cues that a capitalised name is a facility or a company rather than a
person or a place.

* a facility head closes the name (`Sam Ratulangi International Airport`,
  `Port of Valencia`): the whole span is one facility, so no fragment of it
  (`Airport`, `Sam Ratulangi International`) becomes a place or an organisation;
* a facility noun follows the name (`Cerro Alto copper mine`, `Grasberg mine`);
* a company noun or an `X-based` modifier precedes it (`operator Andina
  Cobre`, `drugmaker Kiran Rao Laboratories`, `Lagos-based Meristem`).

An attribution verb (`Andina Cobre said`) proves nothing here: companies
speak too, so these cues are checked before the evidence for a person.
"""

from __future__ import annotations

from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import (
    COMPANY_NOUNS,
    FACILITY_HEADS,
    FACILITY_MODIFIERS,
    FACILITY_NOUNS,
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
    return word in COMPANY_NOUNS or (word.endswith("maker") and len(word) > 5)


def is_initial(tok: Token) -> bool:
    """`K.` of `K. Venkat Reddy`: one capital letter and a full stop."""
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."
