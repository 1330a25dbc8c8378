"""What the worker computes for clustering: a sketch of the body and its
LSH band keys. Pure; runs once per article as the `syndication-sketch` stage.

* Text signature: MinHash over the set of word 3-shingles of the normalised
  body (the normalisation of `fingerprints`, so re-typeset copies agree),
  built by one-permutation hashing (Li, Owen & Zhang 2012) with rotation
  densification (Shrivastava & Li 2014): every shingle is hashed once (CRC-32,
  then a multiplicative mix) and falls into one of `BINS` bins that keep their
  minimum. One hash per shingle instead of one per shingle and permutation is
  what keeps the stage within a few per cent of the pipeline's cost without
  numpy. Only the low 16 bits of each bin are kept for verification (b-bit
  MinHash, Li & König 2010): 192 bytes per document, collisions 1 in 65,536.
* Band keys: `BANDS` bands of `ROWS` bins. Two bodies with Jaccard J share at
  least one band with probability 1 - (1 - J^3)^32: 0.99 at J = 0.5, 0.88 at
  J = 0.4, 0.23 at J = 0.2 (those are then rejected by verification).
* Names and numbers: hashes of the capitalised words that are not the first
  word of a sentence, and of the figures. Copies keep the figures of the
  story; a market report or results round-up written on a template does not,
  which is how verification tells them apart. Names and figures together
  (the facts), MinHashed into `FACT_BANDS` bands, find follow-ups that reuse
  few words but the same people, places and figures.
* Paragraph hashes: what a copy cut or added, paragraph by paragraph.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from service.copies import replace
from service.model import Article
from service.pipeline.knowledge.fingerprints import normalise
from service.pipeline.runner import stage

BINS = 96
ROWS = 3
BANDS = BINS // ROWS
FACT_BINS = 24
FACT_ROWS = 3
FACT_BANDS = FACT_BINS // FACT_ROWS
MIN_FACTS = 4  # fewer facts make buckets shared by unrelated stories
SHINGLE = 3
MAX_PARAGRAPHS = 60
MAX_TOKENS = 48
_EMPTY = 0xFFFFFFFF
_MIX = 0x9E3779B1  # Knuth's multiplicative constant: spreads CRC-32 values over the bins
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[\"“(]\s*)$")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*|\d[\d,.]*\d|\d")
# capitalised words that say nothing about which story it is
_NOT_NAMES = frozenset(["the", "a", "an", "and", "but", "or", "if", "in", "on", "at", "of", "for", "to", "by", "with", "from", "as", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "his", "her", "their", "our", "after", "before", "when", "while", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "mr", "mrs", "ms", "dr"])


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Sketch:
    # arrays, not tuples of ints: the assigner holds one sketch per document and
    # partition for a week, and an int object costs 28 bytes where an array slot costs 2-4
    signature: int  # BINS values of 16 bits packed in one int, bin i at bits 16i..16i+15
    shingles: int  # size of the shingle set (for containment)
    paragraphs: array[int]  # CRC-32 of each normalised paragraph ('I')
    paragraph_words: array[int]  # ('H')
    names: array[int]  # sorted 16-bit hashes ('H')
    numbers: array[int]  # sorted 16-bit hashes ('H')
    bands: tuple[str, ...]  # "tNN-xxxxxxxx" text bands, "fNN-xxxxxxxx" fact bands

    @property
    def words(self) -> int:
        return sum(self.paragraph_words)

    def bins(self) -> list[int]:
        return unpack_signature(self.signature)


def pack_signature(values: Iterable[int]) -> int:
    """16-bit bins in one int: the assigner compares two signatures with a
    few whole-int operations (`compare.equal_bins`) instead of a loop over 96
    bins, and holds one object instead of an array."""
    return int.from_bytes(array("H", values).tobytes(), sys.byteorder)


def unpack_signature(packed: int) -> list[int]:
    return array("H", packed.to_bytes(2 * BINS, sys.byteorder)).tolist()


def _hash(token: str) -> int:
    return (zlib.crc32(token.encode("utf-8")) * _MIX) & 0xFFFFFFFF


def one_permutation_minhash(items: set[str], bins: int) -> list[int]:
    """`bins` MinHash values of a set with one hash per item; empty bins take
    the value of the next non-empty bin (rotation), so every bin is defined."""
    mins = [_EMPTY] * bins
    crc32 = zlib.crc32
    for item in items:
        h = (crc32(item.encode("utf-8")) * _MIX) & 0xFFFFFFFF  # _hash(item), inlined: the hot loop
        b = h % bins
        v = h // bins
        if v < mins[b]:
            mins[b] = v
    if all(m == _EMPTY for m in mins):
        return mins
    for i in range(bins):
        j = i
        while mins[j % bins] == _EMPTY:
            j += 1
        if j != i:  # offset by the distance so densified bins are not copies of one value
            mins[i] = (mins[j % bins] + (j - i) * 0x3C6EF372) & 0xFFFFFFFF
    return mins


def band_keys(values: list[int], rows: int, prefix: str) -> list[str]:
    keys = []
    for band in range(len(values) // rows):
        chunk = ",".join(map(str, values[band * rows:(band + 1) * rows]))
        keys.append(f"{prefix}{band:02d}-{zlib.crc32(chunk.encode()):08x}")
    return keys


def shingles(tokens: list[str]) -> set[str]:
    return {" ".join(tokens[i:i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 1))}


def names_and_numbers(paragraphs: tuple[str, ...]) -> tuple[set[str], set[str]]:
    names: set[str] = set()
    numbers: set[str] = set()
    for text in paragraphs:
        for m in _WORD.finditer(text):
            word = m.group()
            if word[0].isdigit():
                numbers.add(word.replace(",", "").rstrip("."))
            elif word[0].isupper() and word.casefold() not in _NOT_NAMES \
                    and not _starts_sentence(text, m.start()) and len(word) > 2:
                names.add(word.casefold())
    return names, numbers


def _starts_sentence(text: str, at: int) -> bool:
    """`_SENTENCE_START.search(text[:at])`, without a scan of everything
    before `at` for every capitalised word (quadratic in the paragraph): a
    match can only begin at the text's start or at the character before the
    whitespace that ends `text[:at]` (the full stop or the quote mark)."""
    before = at
    while before and text[before - 1].isspace():  # \s of a str pattern is str.isspace
        before -= 1
    return _SENTENCE_START.search(text, max(before - 1, 0), at) is not None


def _small_hashes(tokens: set[str]) -> array[int]:
    return array("H", sorted({_hash(t) & 0xFFFF for t in tokens})[:MAX_TOKENS])


def sketch(paragraphs: tuple[str, ...]) -> Sketch | None:
    """The sketch of a body, or None when it has no words."""
    normalised = [normalise(p) for p in paragraphs[:MAX_PARAGRAPHS]]
    tokens = " ".join(normalised).split()
    if not tokens:
        return None
    text_set = shingles(tokens)
    text_mins = one_permutation_minhash(text_set, BINS)
    names, numbers = names_and_numbers(paragraphs)
    signature = [v & 0xFFFF for v in text_mins]
    # bands over the kept 16 bits, so the assigner can tell from two signatures
    # which bands they share (see steps.BandIndex: each pair is verified once)
    keys = band_keys(signature, ROWS, "t")
    facts = names | {f"#{n}" for n in numbers}
    if len(facts) >= MIN_FACTS:
        keys += band_keys(one_permutation_minhash(facts, FACT_BINS), FACT_ROWS, "f")
    return Sketch(
        signature=pack_signature(signature),
        shingles=len(text_set),
        paragraphs=array("I", (zlib.crc32(p.encode("utf-8")) for p in normalised)),
        paragraph_words=array("H", (min(len(p.split()), 0xFFFF) for p in normalised)),
        names=_small_hashes(names),
        numbers=_small_hashes(numbers),
        bands=tuple(keys))


@stage("syndication-sketch", "1")
def syndication_sketch(a: Article) -> Article:
    """Attach the clustering sketch (in `extra`, not published on the
    document: the worker sends it to the cluster-keys topic)."""
    s = sketch(a.paragraphs)
    if s is None:
        return a
    return replace(a, extra={**a.extra, "syndication": s})
