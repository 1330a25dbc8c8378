"""Fingerprints of the body: an exact content hash and a near-duplicate signature.

Normalisation (both): Unicode NFKC, casefold, curly quotes and dashes made
plain, every run of non-word characters collapsed to one space. So the same
text re-typeset by another site (other quotes, spacing, line breaks, case)
hashes the same.

* `content_sha256`: SHA-256 of the normalised body (paragraphs joined).
* `simhash`: 64-bit SimHash (Charikar 2002) over the set of word 3-shingles
  of the normalised body, each shingle hashed with BLAKE2b-64 and weighted 1.
  Two bodies are near-duplicates when the Hamming distance of their
  signatures is at most `NEAR_DUPLICATE_BITS` (Manku et al. 2007 use 3 for
  web pages; wire re-publications add or drop whole boilerplate lines, so we
  allow a little more). We chose SimHash over MinHash because one 64-bit
  integer per story is easy to index (e.g. by 4 bands of 16 bits) and needs
  no extra dependency.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from service.copies import replace
from service.model import Article, Fingerprints
from service.pipeline.runner import stage

NEAR_DUPLICATE_BITS = 10
SHINGLE = 3
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN).casefold()
    return _NON_WORD.sub(" ", text).strip()


def content_sha256(body: str) -> str:
    return _sha256(normalise(body))


def _sha256(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def simhash(body: str) -> int:
    """64-bit SimHash of the word 3-shingles of the normalised body."""
    return _simhash(normalise(body))


# _BIT[k][v]: bit k of the byte v, counted from its most significant bit (as 0 or 1)
_BIT = tuple(bytes((v >> (7 - k)) & 1 for v in range(256)) for k in range(8))


def _simhash(normalised: str) -> int:
    tokens = normalised.split()
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 1))}
    digests = b"".join([hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles])
    half = len(shingles) / 2
    # Bit i of the signature (from the most significant) is set where most shingle
    # hashes (big-endian) have it set. The votes for bit 8j+k are counted in C, all
    # hashes at once: byte j of every digest (a strided slice), mapped to its bit k.
    value = 0
    for j in range(8):
        column = digests[j::8]
        for k in range(8):
            value = (value << 1) | (column.translate(_BIT[k]).count(1) > half)
    return value


def hamming(a: int | str, b: int | str) -> int:
    """Bits that differ between two signatures (ints or hex strings)."""
    x = int(a, 16) if isinstance(a, str) else a
    y = int(b, 16) if isinstance(b, str) else b
    return (x ^ y).bit_count()


def near_duplicates(a: int | str, b: int | str) -> bool:
    return hamming(a, b) <= NEAR_DUPLICATE_BITS


@stage("fingerprints", "1")
def fingerprints(a: Article) -> Article:
    normalised = normalise(a.body_text)  # once for both signatures
    return replace(a, fingerprints=Fingerprints(content_sha256=_sha256(normalised),
                                                simhash=f"{_simhash(normalised):016x}"))
