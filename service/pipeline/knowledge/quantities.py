"""Quantities: counted amounts in the story body (`nearly a million Syrians`,
`about 60 towns and villages`, `thousands of troops`).

A quantity is [hedge] number counted-noun-phrase, all on one line:

* number: digits (`14`, `60,000`, `1.2`), number words (`two` .. `ninety`,
  `twenty-five`), `a`/`half a` + scale, followed by scale words (`hundred`,
  `thousand`, `million`, `billion`, `trillion`, `dozen` = 12) that multiply:
  `1.2 million` = 1.2e6, `a million` = 1e6, `two dozen` = 24;
  `several`/`a few` + scale (`several hundred`) give value None.
* vague plurals, always approximate, value = lower bound: `dozens of` 24,
  `scores of` 40, `hundreds of` 100, `thousands of` 1000, `millions of` 1e6,
  `tens of thousands of` 1e4, `hundreds of thousands of` 1e5 ...
* hedges set `approximate`: nearly, almost, about, around, roughly,
  approximately, some, over, more than, up to, at least, fewer than, less
  than, as many as, close to, (an) estimated.
* counted noun phrase (`unit`): up to 3 modifiers then the first plural noun
  (`armed fighters`, `young crab`), a directly following plural noun joins it
  (`police officers`), one `and`/`or` coordination of plurals
  (`towns and villages`, not `troops and truckloads of ...`); stop words,
  punctuation and line breaks end it.
  `of` only in the vague forms (`1.2 million barrels of oil` -> `barrels`).
  No plural noun, no quantity (precision over recall).

Not quantities (skipped): a lone `one`/`1` (mostly a pronoun), bare years
1800-2100 without a thousands separator (`2020 season`, `2000 troops` too),
dates (next to a month name), times (`15:14`, `7 a.m.`), ranges (`10-15`), ordinals, numbers
glued to letters or hyphens (`46-year-old`, `5bn`, `1990s`), percentages
(`12%`, `12 percent`), money (after a currency symbol or code, or counting a
currency: `$5 million`, `5 million dollars`), ages (`aged 46`, `46 years
old`), numbers in names or labels (`M5`, `Group of 20`, `Boeing 737`, `No. 10`,
`Route 66`) and list numbers. Measures are kept with their unit as printed
(`8 meters`, `95 kilometers`, `10 days`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from service.copies import replace
from service.model import Article, Quantity
from service.pipeline.runner import stage

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_][\w'’]*(?:[-–][\w'’]+)*|\S")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = _words("one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_WORDS = {w: float(n) for n, w in enumerate(_UNITS, 1)} | {
    w: float(10 * n) for n, w in enumerate(_TENS, 2)}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
           "trillion": 1e12, "dozen": 12.0}
_VAGUE = {"dozens": 24.0, "scores": 40.0, "hundreds": 1e2, "thousands": 1e3,
          "millions": 1e6, "billions": 1e9}
_VAGUE_TIMES = {"tens": 10.0, "hundreds": 100.0}
_HEDGES = sorted((tuple(_words(h)) for h in (
    "more than", "fewer than", "less than", "up to", "at least", "as many as",
    "close to", "an estimated", "estimated", "nearly", "almost", "about", "around",
    "roughly", "approximately", "some", "over")), key=len, reverse=True)
_HEDGE_WORDS = frozenset(w for h in _HEDGES for w in h)
_HEDGES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}  # longest first, as in _HEDGES
for _h in _HEDGES:
    _HEDGES_BY_FIRST.setdefault(_h[0], []).append(_h)
_STOP = frozenset(_words("""
    of in on at to from by for with without into onto over under across after before
    during since until near about around between among through against per via than
    as like within outside inside along behind beyond toward towards upon off out up down
    the a an this that these those each every any all both some many more most few
    several no other others another such own same much least
    he she it they we you i him her them us his its their our your my who whom whose
    which what where when why how there here
    and or but nor so yet if because while although though whether
    is are was were be been being am has have had do does did will would shall should
    can could may might must said says say according including
    not also still already just only even now then very too ago again nearly almost
    percent percentage cent""")) | _WORDS.keys() | _SCALES.keys() | _VAGUE.keys() | {"tens"}
_IRREGULAR = frozenset(_words("""people men women children police cattle sheep fish deer
    crab shrimp salmon livestock poultry aircraft spacecraft personnel staff offspring
    feet teeth geese mice"""))
_NOT_PLURAL = frozenset(_words("always perhaps sometimes besides afterwards whereas news"))
_MONTHS = frozenset(_words("""january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec"""))
_CURRENCY_SIGNS = frozenset("$£€¥₹₽₪")
_CURRENCY_WORDS = frozenset(_words("""usd eur gbp jpy cny dollar dollars euro euros pound
    pounds yen yuan renminbi rupee rupees dinar dinars riyal riyals lira liras franc francs
    cent cents pence rouble roubles ruble rubles peso pesos shekel shekels"""))
_LABELS = frozenset(_words("""no nos number aged age ages route flight article page chapter
    section room gate platform version phase round week day year season grade level
    category highway road junction resolution figure table"""))
_AGE_UNITS = frozenset({"years", "months", "weeks", "days"})


class _Token(NamedTuple):  # one per token of every body: a tuple is cheaper to build
    text: str
    low: str
    start: int
    end: int
    inline: bool  # separated from the previous token by spaces only (no line break)


def _tokens(body: str) -> list[_Token]:
    out: list[_Token] = []
    previous_end = None
    for m in _TOKEN.finditer(body):
        text, (start, end) = m.group(), m.span()
        # no gap (the first token, or one glued to the last) is not inline either
        if previous_end is None or previous_end == start:
            inline = False
        else:
            gap = body[previous_end:start]
            inline = gap.isspace() and "\n" not in gap
        out.append(_Token(text, text.lower(), start, end, inline))
        previous_end = end
    return out


def _next(toks: list[_Token], k: int) -> _Token | None:
    """Token k if it continues the phrase on the same line, else None."""
    return toks[k] if k < len(toks) and toks[k].inline else None


def _is(toks: list[_Token], k: int, *words: str) -> bool:
    t = _next(toks, k)
    return t is not None and t.low in words


def _wordlike(t: _Token | None) -> bool:
    return t is not None and t.text[0].isalpha() and t.low not in _STOP


def _plural(t: _Token | None) -> bool:
    if t is None or not _wordlike(t):
        return False
    w = t.low
    return w in _IRREGULAR or (len(w) > 4 and w.endswith("men")) or (
        len(w) >= 3 and w.endswith("s") and not w.endswith(("ss", "us", "'s", "’s"))
        and w not in _NOT_PLURAL)


@lru_cache(maxsize=1 << 14)  # asked of every word of every body
def _word_value(w: str) -> float | None:
    if w in _WORDS:
        return _WORDS[w]
    tens, _, unit = w.replace("–", "-").partition("-")
    if tens in _TENS and unit in _UNITS[:9]:
        return _WORDS[tens] + _WORDS[unit]
    return None


def _hedge(toks: list[_Token], i: int) -> int:
    """Index after a hedge starting at token i (i itself when there is none)."""
    for h in _HEDGES_BY_FIRST.get(toks[i].low, ()):
        if all(_is(toks, i + k, w) for k, w in enumerate(h[1:], 1)):
            return i + len(h)
    return i


def _number(toks: list[_Token], i: int) -> tuple[int, float | None, bool] | None:
    """(index after the number, value, vague) for a number starting at token i."""
    t = toks[i]
    if t.low in _VAGUE_TIMES and _is(toks, i + 1, "of") and _next(toks, i + 2) \
            and toks[i + 2].low in ("thousands", "millions", "billions") and _is(toks, i + 3, "of"):
        return i + 4, _VAGUE_TIMES[t.low] * _VAGUE[toks[i + 2].low], True
    if t.low in _VAGUE and _is(toks, i + 1, "of"):
        return i + 2, _VAGUE[t.low], True
    value: float | None
    needs_scale = False
    if t.text[0].isdecimal() and _NUMBER.fullmatch(t.text):  # (\d is isdecimal: no regex for words)
        value, j = float(t.text.replace(",", "")), i + 1
        if re.fullmatch(r"\d{4}", t.text) and 1800 <= value <= 2100:
            return None  # a year, whatever follows
    elif (word := _word_value(t.low)) is not None:
        value, j = word, i + 1
    elif t.low == "several" or (t.low == "a" and _is(toks, i + 1, "few")):
        value, j, needs_scale = None, i + (1 if t.low == "several" else 2), True
    elif t.low in ("a", "an"):
        value, j, needs_scale = 1.0, i + 1, True
    elif t.low == "half" and _is(toks, i + 1, "a"):
        value, j, needs_scale = 0.5, i + 2, True
    else:
        return None
    scaled = False
    while (s := _next(toks, j)) is not None and s.low in _SCALES:
        value = None if value is None else value * _SCALES[s.low]
        j, scaled = j + 1, True
    if (needs_scale and not scaled) or value == 1.0:
        return None
    return j, value, value is None


_STOP_OR_HEDGE = _STOP | _HEDGE_WORDS  # built once, not for every number


def _not_a_count(toks: list[_Token], n: int, after: int) -> bool:
    """The number at tokens n..after-1 is a label, date, time or money
    (percentages end at `%` or at the stop words percent/percentage/cent)."""
    p = toks[n - 1] if n > 0 else None
    if p is not None:
        p2 = toks[n - 2].low if n > 1 else ""
        if p.text in _CURRENCY_SIGNS or p.low in _CURRENCY_WORDS or p.low in _LABELS or (
                p.text == "." and p2 in ("no", "nos")):
            return True
        if p.text in (":", "#", "-", "–") and p.end == toks[n].start:
            return True  # the 30 in 15:30, #3, the range 10-15
        if toks[n].inline and p.text[0].isupper() and p.low not in _STOP_OR_HEDGE:
            return True  # a name or a date: Boeing 737, February 27
        if p.low == "of" and n > 1 and toks[n - 2].text[0].isupper() and p2 not in _STOP:
            return True  # Group of 20
    if after >= len(toks):
        return False
    nx = toks[after]
    return nx.text[0].isupper() and nx.low in _MONTHS  # 3 March protesters


def _counted(toks: list[_Token], j: int) -> int | None:
    """Index after the counted noun phrase starting at token j, None if none."""
    k = j
    while not _plural(_next(toks, k)):
        if not _wordlike(_next(toks, k)) or k - j >= 3:
            return None
        k += 1
    k += 1
    while _plural(_next(toks, k)) and k - j < 6:
        k += 1  # police officers, arms dealers
    if _is(toks, k, "and", "or"):
        m = k + 1
        mod = _next(toks, m)
        if mod is not None and _wordlike(mod) and not _plural(mod) \
                and not mod.low.endswith(("ed", "ing")):
            m += 1
        # "troops and truckloads of equipment": a partitive is its own amount
        if _plural(_next(toks, m)) and not _is(toks, m + 1, "of"):
            k = m + 1
    return k


def _quantity_at(body: str, toks: list[_Token], i: int) -> tuple[Quantity, int] | None:
    n = _hedge(toks, i)
    if n >= len(toks) or (n > i and not toks[n].inline):
        return None
    number = _number(toks, n)
    if number is None or _not_a_count(toks, n, number[0]):
        return None
    after, value, vague = number
    end = _counted(toks, after)
    unit = toks[after:end or after]
    if end is None or any(t.low in _CURRENCY_WORDS for t in unit) or (
            unit[-1].low in _AGE_UNITS and _is(toks, end, "old")):
        return None
    start, stop = toks[i].start, toks[end - 1].end
    return Quantity(body[start:stop], start, stop, value, n > i or vague,
                    body[unit[0].start:stop]), end


def find_quantities(body: str) -> tuple[Quantity, ...]:
    """Counted amounts in `body`, ordered by offset, non-overlapping;
    `body[q.start:q.end] == q.text`."""
    toks = _tokens(body)
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        hit = _quantity_at(body, toks, i)
        if hit is None:
            i += 1
        else:
            found.append(hit[0])
            i = hit[1]
    return tuple(found)


@stage("quantities", "1")
def quantities(a: Article) -> Article:
    return replace(a, quantities=find_quantities(a.body_text))
