"""Verification of a candidate pair: copy, update, related, or nothing.

LSH band collisions only propose candidates; this decides, from the two
sketches alone (the assigner keeps no text):

* same story (copy or update): estimated Jaccard of the shingle sets at
  least `COPY_JACCARD`, or the smaller body at least `COPY_CONTAINMENT`
  contained in the larger one (a copy trimmed to its first paragraphs has a
  low Jaccard but is all contained) with Jaccard at least `MIN_JACCARD`;
  and the figures agree (`numbers_agree`): template stories (market reports,
  results) share most of their words and differ in exactly the figures.
* update rather than copy: the later text adds at least two substantial
  paragraphs (`UPDATE_PARAGRAPH_WORDS` words or more) amounting to at least
  `UPDATE_SHARE` of the earlier text's words; site chrome, a caption or a
  promo block add less.
* related (a follow-up, another outlet's own story of the same event): not
  the same text, but at least `RELATED_NAMES` of the same names, covering
  `RELATED_NAME_SHARE` of the smaller name set, and a shared figure when both
  quote figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from service.clustering.sketch import BINS, Sketch

COPY_JACCARD = 0.5
COPY_CONTAINMENT = 0.75
MIN_JACCARD = 0.25
NUMBERS_AGREE = 0.6
UPDATE_PARAGRAPH_WORDS = 15
UPDATE_SHARE = 0.15
RELATED_NAMES = 3
RELATED_NAME_SHARE = 0.4

Kind = Literal["copy", "update", "related"]


@dataclass(frozen=True, slots=True)
class Relation:
    kind: Kind
    jaccard: float
    cut: tuple[int, ...] = ()  # positions of the earlier text's paragraphs the later one lacks
    added: tuple[int, ...] = ()  # positions of the later text's paragraphs the earlier one lacks


def jaccard(a: Sketch, b: Sketch) -> float:
    return sum(x == y for x, y in zip(a.signature, b.signature, strict=True)) / BINS


def containment(a: Sketch, b: Sketch, j: float) -> float:
    """Share of the smaller shingle set found in the larger, from the Jaccard
    estimate: |A∩B| = J (|A| + |B|) / (1 + J)."""
    common = j * (a.shingles + b.shingles) / (1 + j)
    return min(1.0, common / max(1, min(a.shingles, b.shingles)))


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, float]:
    common = len(set(a) & set(b))
    return common, common / max(1, min(len(a), len(b)))


def numbers_agree(a: Sketch, b: Sketch) -> bool:
    if min(len(a.numbers), len(b.numbers)) < 2:
        return True  # too few figures to tell
    return _overlap(a.numbers, b.numbers)[1] >= NUMBERS_AGREE


def paragraph_diff(later: Sketch, earlier: Sketch) -> tuple[tuple[int, ...], tuple[int, ...]]:
    kept = set(later.paragraphs)
    old = set(earlier.paragraphs)
    cut = tuple(i for i, p in enumerate(earlier.paragraphs) if p not in kept)
    added = tuple(i for i, p in enumerate(later.paragraphs) if p not in old)
    return cut, added


def relate(later: Sketch, earlier: Sketch) -> Relation | None:
    """How `later` relates to `earlier`, or None when it does not."""
    j = jaccard(later, earlier)
    same_text = j >= COPY_JACCARD or (j >= MIN_JACCARD
                                      and containment(later, earlier, j) >= COPY_CONTAINMENT)
    if same_text and numbers_agree(later, earlier):
        cut, added = paragraph_diff(later, earlier)
        substantial = [i for i in added if later.paragraph_words[i] >= UPDATE_PARAGRAPH_WORDS]
        new_words = sum(later.paragraph_words[i] for i in substantial)
        is_update = len(substantial) >= 2 and new_words >= UPDATE_SHARE * max(1, earlier.words)
        return Relation("update" if is_update else "copy", j, cut, added)
    if j >= COPY_JACCARD:
        return None  # the same words with other figures: a template story, not an event link
    common, share = _overlap(later.names, earlier.names)
    if common >= RELATED_NAMES and share >= RELATED_NAME_SHARE:
        if min(len(later.numbers), len(earlier.numbers)) >= 2 \
                and not set(later.numbers) & set(earlier.numbers):
            return None
        return Relation("related", j)
    return None
