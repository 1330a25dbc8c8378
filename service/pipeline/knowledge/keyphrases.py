"""Keyphrases: the phrases that say what the story is about.

Method (RAKE, Rose et al. 2010, with a news twist): cut each sentence into
candidate phrases at stop words and punctuation; score a word by
degree/frequency over the whole text; score a phrase by the sum of its word
scores, times 1.5 if it occurs in the headline or first paragraph. Phrases
longer than four words, bare numbers and single stop-list words are dropped;
a phrase contained in a better one is dropped too. Named entities are already
reported elsewhere, so a word printed with a capital inside a sentence
(a name) ends a phrase like a stop word does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from service.copies import replace
from service.model import Article
from service.pipeline.knowledge.names import COMMON_WORDS, DAYS, MONTHS, wordset
from service.pipeline.knowledge.text import fold
from service.pipeline.runner import stage

MAX_PHRASES = 10
MAX_WORDS = 4
_STOP = COMMON_WORDS | DAYS | MONTHS | wordset(
    """said says say told would could also its it's been being has have had will is are was were
    be this that these those than then there their they them he she his her its our we you i
    an a the of in on at to for from by with as and or but not no into over after before about
    against between during under up down out off per via amid since while who whom which what
    when where why how all any each some such only own same so too very can just should now
    mr ms mrs""")
_MID_CAPITAL = re.compile(r"(?<=[\w,;:] )([A-Z][\w'’-]*)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*|[^\w\s]")


def _name_words(text: str) -> set[str]:
    """Words printed with a capital other than at a sentence start: names."""
    return {fold(m.group(1)) for m in _MID_CAPITAL.finditer(text)}


@lru_cache(maxsize=1 << 15)
def _content_word(word: str) -> str | None:
    """The folded word, or None for a word no phrase holds (a stop word, a
    number, punctuation, under three letters). Cached: the words recur."""
    token = fold(word)
    if not token or not token[0].isalpha() or token in _STOP or len(token) < 3:
        return None
    return token


def _phrases(text: str, names: set[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in _WORD.findall(text):
        token = _content_word(word)
        if token is None or token in names:
            if current:
                out.append(tuple(current))
            current = []
            continue
        current.append(token.removesuffix("'s"))
    if current:
        out.append(tuple(current))
    return [p for p in out if len(p) <= MAX_WORDS]


def extract(headline: str | None, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    names = _name_words("\n".join(paragraphs))
    lead = set(_phrases(" ".join([headline or "", *paragraphs[:1]]), names))
    phrases = _phrases("\n".join([headline or "", *paragraphs]), names)
    freq: dict[str, int] = defaultdict(int)
    degree: dict[str, int] = defaultdict(int)
    for phrase in phrases:
        for word in phrase:
            freq[word] += 1
            degree[word] += len(phrase)
    scores: dict[tuple[str, ...], float] = {}
    for phrase in set(phrases):
        s = sum(degree[w] / freq[w] for w in phrase)
        if len(phrase) == 1:
            s *= min(freq[phrase[0]], 3) / 3  # a lone word must recur to count
        scores[phrase] = s * (1.5 if phrase in lead else 1.0)
    ranked = sorted(scores, key=lambda p: (-scores[p], p))
    chosen: list[str] = []
    for phrase in ranked:
        text = " ".join(phrase)
        if any(text in c for c in chosen):
            continue
        chosen.append(text)
        if len(chosen) == MAX_PHRASES:
            break
    return tuple(chosen)


@stage("keyphrases", "1")
def keyphrases(a: Article) -> Article:
    return replace(a, keyphrases=extract(a.headline, a.paragraphs))
