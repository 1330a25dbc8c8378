"""Small text helpers shared by the anatomy stages."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that publishers leave in copy: zero-width spaces and
# joiners, the BOM, soft hyphens.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]+")


def clean_line(text: str) -> str:
    """NFC-normalised, invisible characters removed, whitespace runs collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def comparison_key(text: str) -> str:
    """A key under which two paragraphs count as the same text: case-folded,
    punctuation and symbols dropped, whitespace collapsed."""
    return " ".join(_NOT_WORD_OR_SPACE.sub("", text.casefold()).split())


def has_digit(text: str) -> bool:
    """`any(c.isdigit() for c in text)`, without a Python loop over every
    character when the text has an ASCII digit or no non-ASCII character
    (the other digits, `²`, `٣`, are found the slow way)."""
    if any(d in text for d in "0123456789"):
        return True
    return not text.isascii() and any(c.isdigit() for c in text)


def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence (period, ?, !, closing quote)."""
    return text.rstrip().endswith((".", "!", "?", "\u201d", '"', "\u2019", "\u00bb", "\u2026", ")"))
