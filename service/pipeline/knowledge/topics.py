"""IPTC Media Topics by a weighted cue-term lexicon (see topic_lexicon.py).

Method: count the weighted cue terms of each topic in the headline and body
(a match in the headline or first paragraph counts double); a topic needs
cues of at least `MIN_DISTINCT_TERMS` different terms and a raw score of
`MIN_RAW`. The reported score is `1 - exp(-raw / (SCALE * sqrt(words/400)))`:
it grows with evidence, saturates at 1, and asks longer stories for more
evidence. A subtopic's raw score is added to its parent's. Topics are listed
best first, at most `MAX_TOPICS`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache

from service.model import Article, Topic
from service.pipeline.knowledge.text import words
from service.pipeline.knowledge.topic_lexicon import TOPICS
from service.pipeline.runner import stage

MIN_RAW = 4.0
MIN_DISTINCT_TERMS = 2
SCALE = 20.0
MAX_TOPICS = 6


@dataclass(frozen=True, slots=True)
class _Matcher:
    exact: dict[str, tuple[tuple[int, int], ...]]  # term -> ((term id, weight), ...)
    prefixes: dict[int, dict[str, tuple[tuple[int, int], ...]]]  # by words in the term
    prefix_lengths: dict[int, tuple[int, ...]]
    term_topic: tuple[str, ...]  # term id -> topic code


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
                    tuple(term_topic))


def _hits(tokens: list[str]) -> Counter[tuple[int, int]]:
    """(term id, weight) -> occurrences, over words, bigrams and trigrams."""
    m = _matcher()
    hits: Counter[tuple[int, int]] = Counter()
    for n in (1, 2, 3):
        for i in range(len(tokens) - n + 1):
            gram = " ".join(tokens[i:i + n])
            hits.update(m.exact.get(gram, ()))
            table = m.prefixes.get(n, {})
            for k in m.prefix_lengths.get(n, ()):
                if k <= len(gram):
                    hits.update(table.get(gram[:k], ()))
    return hits


def _raw_scores(lead: list[str], rest: list[str]) -> dict[str, tuple[float, int]]:
    m = _matcher()
    raw: dict[str, float] = defaultdict(float)
    terms: dict[str, set[int]] = defaultdict(set)
    for factor, tokens in ((2, lead), (1, rest)):
        for (term_id, weight), count in _hits(tokens).items():
            code = m.term_topic[term_id]
            raw[code] += factor * weight * count
            terms[code].add(term_id)
    return {t.code: (raw[t.code], len(terms[t.code])) for t in TOPICS}


def classify(headline: str | None, paragraphs: tuple[str, ...]) -> tuple[Topic, ...]:
    """Media Topics of a story with scores in [0, 1], best first."""
    lead = words(" ".join([headline or "", *paragraphs[:1]]))
    rest = words(" ".join(paragraphs[1:]))
    n_words = max(len(lead) + len(rest), 1)
    raw = _raw_scores(lead, rest)
    totals: dict[str, float] = defaultdict(float)
    distinct: dict[str, int] = defaultdict(int)
    for topic in TOPICS:
        r, d = raw[topic.code]
        totals[topic.code] += r
        distinct[topic.code] += d
        if topic.parent and d >= MIN_DISTINCT_TERMS:
            totals[topic.parent] += r / 2
    scale = SCALE * math.sqrt(max(n_words, 100) / 400)
    labels = {t.code: t.label for t in TOPICS}
    found = [Topic(code, labels[code], round(1 - math.exp(-total / scale), 3))
             for code, total in totals.items()
             if total >= MIN_RAW and distinct[code] >= MIN_DISTINCT_TERMS]
    found.sort(key=lambda t: -t.score)
    return tuple(found[:MAX_TOPICS])


@stage("topics", "1")
def topics(a: Article) -> Article:
    return replace(a, topics=classify(a.headline, a.paragraphs))
