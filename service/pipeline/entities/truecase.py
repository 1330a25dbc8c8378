"""Lines printed in capitals (`GOVERNOR AMINA WARIO SAYS FLOOD WATERS ARE
RECEDING`), re-cased the way running text would print them, so that the
name finders see names as names.

Each word of a capitals line takes the case the same story gives it
elsewhere (`floods` in lower case, `Marsabit` capitalised, `MSF` in
capitals). A word the story never prints otherwise is capitalised when it is
a title or a first name (Faker's lists, `entities.gender`), or follows a
first name (its surname); any other word is lower-cased, so that a line adds
no false names. The result has the same length as the input, so offsets hold.
"""

from __future__ import annotations

import re
from collections import Counter

from service.pipeline.entities.attribution import SPEECH_VERBS
from service.pipeline.entities.gender import is_first_name
from service.pipeline.knowledge.names import (
    ATTRIBUTION_VERBS,
    COMMON_WORDS,
    GIVEN_NAMES,
    PERSON_VERBS,
    TITLES,
    wordset,
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MIN_CAPITAL_WORDS = 3
# Function words and news verbs that never start a name inside a line.
LOWER_WORDS = COMMON_WORDS | ATTRIBUTION_VERBS | PERSON_VERBS | frozenset(
    v for verb in SPEECH_VERBS for v in verb.split()) | wordset("""
is are was were be been has have had will would after before over under says say amid
as at by for from in into of on to with against about up out off down than then
""")


def _capitals_line(line: str) -> bool:
    words = _WORD.findall(line)
    return len(words) >= MIN_CAPITAL_WORDS and all(w.isupper() or not w.isalpha() for w in words) \
        and sum(w.isupper() for w in words) >= MIN_CAPITAL_WORDS


def truecase(body: str) -> str:
    """`body` with its capitals lines re-cased; `body` itself when it has none."""
    lines = body.split("\n")
    capital = [_capitals_line(line) for line in lines]
    if not any(capital):
        return body
    forms: dict[str, Counter[str]] = {}
    for line, caps in zip(lines, capital, strict=True):
        if not caps:
            for w in _WORD.findall(line):
                forms.setdefault(w.casefold(), Counter())[w] += 1
    out = []
    for line, caps in zip(lines, capital, strict=True):
        out.append(_recase_line(line, forms) if caps else line)
    return "\n".join(out)


def _recase_line(line: str, forms: dict[str, Counter[str]]) -> str:
    words = list(_WORD.finditer(line))
    cased = [_recased(m.group(), forms) for m in words]
    for i in range(1, len(cased)):
        # the word after a first name is its surname (`AMINA WARIO`)
        before = cased[i - 1]
        if cased[i] is None and before and before[0].isupper() and _is_first_name(before):
            cased[i] = _capitalised(words[i].group())
    for i in range(len(cased) - 1):
        # a title before a name is capitalised (`MINISTER LUCIA FERRARI`)
        after = cased[i + 1]
        if words[i].group().casefold() in TITLES and after and after[0].isupper():
            cased[i] = _capitalised(words[i].group())
    out, last = [], 0
    for m, new in zip(words, cased, strict=True):
        word = m.group()
        new = new if new is not None else word.lower()
        out += [line[last:m.start()], new if len(new) == len(word) else word]  # offsets hold
        last = m.end()
    return "".join([*out, line[last:]])


def _recased(word: str, forms: dict[str, Counter[str]]) -> str | None:
    """The word's case from the story, a title or a first name; None when unknown."""
    key = word.casefold()
    seen = forms.get(key)
    if seen:
        return seen.most_common(1)[0][0]
    if key in LOWER_WORDS:
        return word.lower()
    if key in TITLES or _is_first_name(word):
        return _capitalised(word)
    return None


def _is_first_name(word: str) -> bool:
    key = word.casefold()
    return key in GIVEN_NAMES or is_first_name(key)


def _capitalised(word: str) -> str:
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
