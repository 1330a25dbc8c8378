"""IPTC Media Topics by a weighted cue-term lexicon (see topic_lexicon.py).

Method: count the weighted cue terms of each topic in the headline and body
(a match in the headline or first paragraph counts double); a topic needs
cues of at least `MIN_DISTINCT_TERMS` different terms, one of them at least
a strong cue (weight `MIN_STRONGEST`), a raw score of `MIN_RAW`, and cues in
the lead or in at least `MIN_SENTENCES` sentences: a
passing list (`housed in schools, mosques and churches`) is not what a story
is about. The reported score is `1 - exp(-raw / (SCALE * sqrt(words/400)))`:
it grows with evidence, saturates at 1, and asks longer stories for more
evidence. A subtopic's raw score is added to its parent's. Topics are listed
best first, at most `MAX_TOPICS`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from service.copies import replace
from service.model import Article, Topic
from service.pipeline.knowledge.text import words
from service.pipeline.knowledge.topic_lexicon import MASKED_PHRASES, TOPICS
from service.pipeline.runner import stage

MIN_RAW = 4.0
MIN_SENTENCES = 2
MIN_DISTINCT_TERMS = 2
MIN_STRONGEST = 2  # weak cues alone ("food", "restaurant") never make a topic
SCALE = 20.0
MAX_TOPICS = 6


@dataclass(frozen=True, slots=True)
class _Matcher:
    exact: dict[str, tuple[tuple[int, int], ...]]  # term -> ((term id, weight), ...)
    prefixes: dict[int, dict[str, tuple[tuple[int, int], ...]]]  # by words in the term
    prefix_lengths: dict[int, tuple[int, ...]]
    term_topic: tuple[str, ...]  # term id -> topic code
    phrase_starts: frozenset[str]  # first words of the terms of two words and more


@cache
def _matcher() -> _Matcher:
    exact: dict[str, list[tuple[int, int]]] = defaultdict(list)
    prefixes: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    term_topic: list[str] = []
    for topic in TOPICS:
        for term, weight in topic.terms.items():
            term_id = len(term_topic)
            term_topic.append(topic.code)
            if term.endswith("*"):
                prefixes[len(term.split())][term[:-1]].append((term_id, weight))
            else:
                exact[term].append((term_id, weight))
    return _Matcher({k: tuple(v) for k, v in exact.items()},
                    {n: {k: tuple(v) for k, v in table.items()} for n, table in prefixes.items()},
                    {n: tuple(sorted({len(k) for k in table})) for n, table in prefixes.items()},
                    tuple(term_topic),
                    frozenset(term.split(" ")[0] for n, table in [(0, exact), *prefixes.items()]
                              if n != 1 for term in table if " " in term))


def _hits(tokens: list[str]) -> dict[tuple[int, int], int]:
    """(term id, weight) -> occurrences, over words, bigrams and trigrams."""
    m = _matcher()
    hits: dict[tuple[int, int], int] = {}
    for n in (1, 2, 3):
        # a phrase can only match where one of the lexicon's phrases starts
        grams = tokens if n == 1 else [" ".join(tokens[i:i + n])
                                       for i in range(len(tokens) - n + 1)
                                       if tokens[i] in m.phrase_starts]
        for gram in grams:
            for key in _gram_terms(gram, n):
                hits[key] = hits.get(key, 0) + 1
    return hits


@lru_cache(maxsize=1 << 15)
def _gram_terms(gram: str, n: int) -> tuple[tuple[int, int], ...]:
    """The (term id, weight) keys an n-gram matches: the exact terms, then the
    prefix terms by ascending prefix length. Cached: most words recur (within
    a story and across stories), and a word is a dozen prefix look-ups."""
    m = _matcher()
    table = m.prefixes.get(n, {})
    keys = list(m.exact.get(gram, ()))
    for k in m.prefix_lengths.get(n, ()):  # ascending
        if k > len(gram):
            break
        keys.extend(table.get(gram[:k], ()))
    return tuple(keys)


@dataclass(slots=True)
class _Evidence:
    raw: float = 0.0
    terms: set[int] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    in_lead: bool = False
    strongest: int = 0  # the highest weight among the cues found

    def enough(self) -> bool:
        return (len(self.terms) >= MIN_DISTINCT_TERMS and self.strongest >= MIN_STRONGEST
                and (self.in_lead or len(self.sentences) >= MIN_SENTENCES))


def _evidence(lead: list[list[str]], rest: list[list[str]]) -> dict[str, _Evidence]:
    """Cue evidence per topic over the sentences of the lead and of the rest."""
    m = _matcher()
    out: dict[str, _Evidence] = defaultdict(_Evidence)
    for n, (factor, tokens) in enumerate([*((2, s) for s in lead), *((1, s) for s in rest)]):
        for (term_id, weight), count in _hits(tokens).items():
            ev = out[m.term_topic[term_id]]
            ev.raw += factor * weight * count
            ev.terms.add(term_id)
            ev.sentences.add(n)
            ev.in_lead = ev.in_lead or factor == 2
            ev.strongest = max(ev.strongest, weight)
    return out


def _sentences(texts: list[str]) -> list[list[str]]:
    return [_masked(words(s)) for text in texts for s in _SENTENCE_SPLIT.split(text) if s.strip()]


@cache
def _masks() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the masked phrases starting with it, longest first."""
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in MASKED_PHRASES:
        out[phrase.split()[0]].append(tuple(phrase.split()))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _masked(tokens: list[str]) -> list[str]:
    """`tokens` with the words of masked phrases blanked (kept as "", so
    n-grams never join words across a masked phrase)."""
    masks = _masks()
    if not masks.keys() & set(tokens):
        return tokens
    out = list(tokens)
    for i, token in enumerate(tokens):
        for phrase in masks.get(token, ()):
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                out[i:i + len(phrase)] = [""] * len(phrase)
                break
    return out


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’»]?\s+(?=[\"“‘«A-Z0-9])")


def classify(headline: str | None, paragraphs: tuple[str, ...]) -> tuple[Topic, ...]:
    """Media Topics of a story with scores in [0, 1], best first."""
    lead = _sentences([headline or "", *paragraphs[:1]])
    rest = _sentences(list(paragraphs[1:]))
    n_words = max(sum(map(len, lead)) + sum(map(len, rest)), 1)
    evidence = _evidence(lead, rest)
    totals: dict[str, float] = defaultdict(float)
    supported: set[str] = set()
    for topic in TOPICS:
        ev = evidence[topic.code]
        totals[topic.code] += ev.raw
        if ev.enough():
            supported.add(topic.code)
            if topic.parent:
                totals[topic.parent] += ev.raw / 2
    scale = SCALE * math.sqrt(max(n_words, 100) / 400)
    labels = {t.code: t.label for t in TOPICS}
    found = [Topic(code, labels[code], round(1 - math.exp(-total / scale), 3))
             for code, total in totals.items()
             if total >= MIN_RAW and code in supported]
    found.sort(key=lambda t: -t.score)
    return tuple(found[:MAX_TOPICS])


@stage("topics", "4")
def topics(a: Article) -> Article:
    return replace(a, topics=classify(a.headline, a.paragraphs))
