"""Tone: how negative or positive the story's wording is, in [-1, 1].

VADER (Hutto & Gilbert 2014; the vaderSentiment package ships its lexicon,
so nothing is downloaded) scores each sentence; the tone is the mean of the
sentence compound scores weighted by sentence length, rounded to 3 places.
A per-sentence mean, not one score for the whole text, because VADER's
compound score saturates on long texts.
"""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from service.copies import replace
from service.model import Article
from service.pipeline.knowledge.text import sentences
from service.pipeline.runner import stage

METHOD = "vaderSentiment-3.3.2 length-weighted mean of sentence compound scores"


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def tone_of(body: str) -> float | None:
    total, weight = 0.0, 0
    for start, end in sentences(body):
        text = body[start:end]
        n = len(text.split())
        if n < 3:
            continue
        total += _analyzer().polarity_scores(text)["compound"] * n
        weight += n
    return round(total / weight, 3) if weight else None


@stage("tone", "1")
def tone(a: Article) -> Article:
    return replace(a, tone=tone_of(a.body_text))
