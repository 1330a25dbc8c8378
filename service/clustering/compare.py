"""Verification of a candidate pair: copy, update, related, or nothing.

LSH band collisions only propose candidates; this decides, from the two
sketches alone (the assigner keeps no text):

* same story (copy or update): estimated Jaccard of the shingle sets at
  least `COPY_JACCARD`, or the smaller body at least `COPY_CONTAINMENT`
  contained in the larger one (a copy trimmed to its first paragraphs has a
  low Jaccard but is all contained) with Jaccard at least `MIN_JACCARD`;
  and the facts agree (`facts_agree`): the figures and the names of the
  smaller text are mostly in the larger. Template stories (market reports,
  results, routine court or weather copy) share many of their words and
  differ in exactly those.
* update rather than copy: the later text adds at least two substantial
  paragraphs (`UPDATE_PARAGRAPH_WORDS` words or more) amounting to at least
  `UPDATE_SHARE` of the earlier text's words; site chrome, a caption or a
  promo block add less.
* related (a follow-up, another outlet's own story of the same event): not
  the same text, but the same facts: at least `RELATED_NUMBERS` shared
  figures and `RELATED_NAMES` shared names, each covering `RELATED_SHARE` of
  the smaller set; for stories with fewer figures, `RELATED_NAMES_ALONE`
  names covering `RELATED_SHARE_ALONE`. Results round-ups share a few small
  figures and club names by chance, never half of both.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Literal

from service.clustering.sketch import BINS, Sketch

COPY_JACCARD = 0.5
COPY_CONTAINMENT = 0.75
MIN_JACCARD = 0.25
FACTS_AGREE = 0.6
UPDATE_PARAGRAPH_WORDS = 15
UPDATE_SHARE = 0.15
RELATED_NUMBERS = 2
RELATED_NAMES = 2
RELATED_SHARE = 0.5
RELATED_NAMES_ALONE = 5
RELATED_SHARE_ALONE = 0.6

Kind = Literal["copy", "update", "related"]


@dataclass(frozen=True, slots=True)
class Relation:
    kind: Kind
    jaccard: float
    cut: tuple[int, ...] = ()  # positions of the earlier text's paragraphs the later one lacks
    added: tuple[int, ...] = ()  # positions of the later text's paragraphs the earlier one lacks


_LOW = int.from_bytes(b"\xff\x7f" * BINS, "little")  # the low 15 bits of every bin
HIGH_BITS = _LOW << 1 & ~_LOW  # the top bit of every bin (bit 15 of bin 0, 31 of bin 1, ...)


def differing_bins(a: int, b: int) -> int:
    """The top bit of each bin that differs between two packed signatures:
    x = a ^ b is zero in equal bins; (x & LOW) + LOW carries into a bin's top
    bit when its low bits are not all zero, never into the next bin."""
    x = a ^ b
    return ((x & _LOW) + _LOW | x) & HIGH_BITS


def jaccard(a: Sketch, b: Sketch) -> float:
    return (BINS - differing_bins(a.signature, b.signature).bit_count()) / BINS


def containment(a: Sketch, b: Sketch, j: float) -> float:
    """Share of the smaller shingle set found in the larger, from the Jaccard
    estimate: |A∩B| = J (|A| + |B|) / (1 + J)."""
    common = j * (a.shingles + b.shingles) / (1 + j)
    return min(1.0, common / max(1, min(a.shingles, b.shingles)))


# The sets of the last first arguments of `_overlap` (a document's names and its
# figures): the assigner compares one new document with each of its candidates in
# a row, so they are nearly always the same.
_last: list[tuple[array[int], frozenset[int]]] = []


def _overlap(a: array[int], b: array[int]) -> tuple[int, float]:
    if not a or not b:
        return 0, 0.0
    if _last and _last[0][0] is a:
        hashes = _last[0][1]
    elif len(_last) > 1 and _last[1][0] is a:
        hashes = _last[1][1]
    else:
        hashes = frozenset(a)
        _last[:] = [(a, hashes), *_last[:1]]
    common = len(hashes.intersection(b))
    return common, common / min(len(a), len(b))


def facts_agree(a: Sketch, b: Sketch) -> bool:
    for mine, theirs, fewest in ((a.numbers, b.numbers, 2), (a.names, b.names, 3)):
        if min(len(mine), len(theirs)) >= fewest and _overlap(mine, theirs)[1] < FACTS_AGREE:
            return False
    return True  # or too few to tell


def same_facts(a: Sketch, b: Sketch) -> bool:
    if min(len(a.numbers), len(b.numbers)) >= RELATED_NUMBERS:
        numbers, number_share = _overlap(a.numbers, b.numbers)
        if numbers < RELATED_NUMBERS or number_share < RELATED_SHARE:
            return False
        names, name_share = _overlap(a.names, b.names)
        return names >= RELATED_NAMES and name_share >= RELATED_SHARE
    names, name_share = _overlap(a.names, b.names)  # no figures to go by: more names
    return names >= RELATED_NAMES_ALONE and name_share >= RELATED_SHARE_ALONE


def paragraph_diff(later: Sketch, earlier: Sketch) -> tuple[tuple[int, ...], tuple[int, ...]]:
    kept = set(later.paragraphs)
    old = set(earlier.paragraphs)
    cut = tuple(i for i, p in enumerate(earlier.paragraphs) if p not in kept)
    added = tuple(i for i, p in enumerate(later.paragraphs) if p not in old)
    return cut, added


def relate(later: Sketch, earlier: Sketch, j: float | None = None) -> Relation | None:
    """How `later` relates to `earlier` (whose estimated Jaccard is `j`, when
    already known), or None when it does not."""
    j = jaccard(later, earlier) if j is None else j
    same_text = j >= COPY_JACCARD or (j >= MIN_JACCARD
                                      and containment(later, earlier, j) >= COPY_CONTAINMENT)
    if same_text and facts_agree(later, earlier):
        cut, added = paragraph_diff(later, earlier)
        substantial = [i for i in added if later.paragraph_words[i] >= UPDATE_PARAGRAPH_WORDS]
        new_words = sum(later.paragraph_words[i] for i in substantial)
        is_update = len(substantial) >= 2 and new_words >= UPDATE_SHARE * max(1, earlier.words)
        return Relation("update" if is_update else "copy", j, cut, added)
    if j >= COPY_JACCARD:
        return None  # the same words with other figures: a template story, not an event link
    return Relation("related", j) if same_facts(later, earlier) else None


def related_only(later: Sketch, earlier: Sketch) -> Relation | None:
    """`relate` for a pair known not to share text: a follow-up or nothing."""
    return Relation("related", jaccard(later, earlier)) if same_facts(later, earlier) else None
