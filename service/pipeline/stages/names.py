"""Person names as printed in bylines, credits and attributions.

`normalise_name` turns "LEILA MANSOUR" into "Leila Mansour" and
"YUSUF AL-HALABI" into "Yusuf al-Halabi"; mixed-case names are kept as
printed. `NAME_PATTERN` matches a run of capitalised name words, with the
lower-case particles of Arabic, Dutch, German, Romance and other names.
"""

from __future__ import annotations

import re

from service.pipeline.stages.textnorm import clean_line, has_digit

# Lower-case particles inside names: "al-Halabi", "van der Berg", "da Silva", "bin Salman".
PARTICLES = frozenset({
    "al", "el", "bin", "binti", "ibn", "abu", "van", "von", "der", "den", "de", "del", "della",
    "di", "da", "dos", "das", "do", "du", "la", "le", "y", "ter", "zu",
})
# Arabic-style prefixes glued with a hyphen; stripped when comparing surnames.
HYPHEN_PREFIXES = ("al-", "el-", "Al-", "El-", "ad-", "as-", "ash-", "at-", "az-", "ar-", "an-")
# Hyphenated parts: "Jean-Pierre", and the lower-case second syllable of Korean
# given names ("Duk-geun"), but not compounds such as "Turkey-backed" or "US-led".
MAX_NAME_WORD_CHARS = 30
_COMPOUND_SUFFIXES = "backed|led|based|born|made|owned|run|controlled|linked|allied|held|style|era|wide|bound|friendly|speaking"
# Word lengths are bounded so that matching stays linear on hostile input
# (a 15,000-letter "word" would otherwise make every attempt backtrack through it).
# A word ends in a period only as an initial ("J.", "U.S."), so a name run
# never crosses the end of a sentence ("... said Ann Poe. Police Chief Bo Li").
_NAME_WORD = (rf"(?:[A-Z](?:\.(?:[A-Z]\.)*|[\w'’]{{0,{MAX_NAME_WORD_CHARS}}}"
              rf"(?:-(?:[A-Z]|(?!(?:{_COMPOUND_SUFFIXES})\b)[a-z])[\w'’]{{0,{MAX_NAME_WORD_CHARS}}}){{0,2}}))")
_PARTICLE_WORD = rf"(?:(?:al|el|ad|as|ash|at|az|ar|an)-[A-Z][\w'’]{{0,{MAX_NAME_WORD_CHARS}}})"
_PARTICLE = r"(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")"
# `(?=[A-Zae])` first: every name opens with a capital or with the a/e of a
# particle prefix (al-, el-, ...), so the look-behind and the alternatives
# are tried only there, not at every position of every paragraph searched.
NAME_START = "(?=[A-Zae])"
# One to five name words, particles allowed between them: "Yusuf al-Halabi",
# "Ursula von der Leyen", "Luiz Inacio Lula da Silva".
NAME_PATTERN = (
    rf"{NAME_START}(?<![\w'’.-])(?:{_NAME_WORD}|{_PARTICLE_WORD})"
    rf"(?:\s+(?:{_PARTICLE}\s+){{0,2}}(?:{_NAME_WORD}|{_PARTICLE_WORD})){{0,4}}"
)
NAME_RE = re.compile(NAME_PATTERN)
_MC = re.compile(r"^(Mc)([a-z])")


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower
    parts = lower.split("-")
    if not first and len(parts) > 1 and f"{parts[0]}-" in HYPHEN_PREFIXES:
        return parts[0] + "-" + "-".join(p[:1].upper() + p[1:] for p in parts[1:])
    out = "-".join(p[:1].upper() + p[1:] for p in parts)
    out = re.sub(r"(['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    return _MC.sub(lambda m: m.group(1) + m.group(2).upper(), out)


def normalise_name(raw: str) -> str:
    """A printed person name in its usual capitalisation, whitespace collapsed.
    Only names printed in capitals are re-cased."""
    name = clean_line(raw).strip(" ,;:.-\u2013\u2014")
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return " ".join(_title_word(w, i == 0) for i, w in enumerate(name.split(" ")))
    return name


def looks_like_name(text: str, max_words: int = 5) -> bool:
    """Whether `text` is shaped like a person's name: 2..max_words words, each
    capitalised or a particle, no digits."""
    words = text.split()
    if not 2 <= len(words) <= max_words or has_digit(text):
        return False
    if words[0].lower() in PARTICLES and not words[0].lower().endswith("-"):
        return words[0][0].isupper() and all(_name_word_ok(w) for w in words[1:])
    return all(_name_word_ok(w) for w in words)


def _name_word_ok(word: str) -> bool:
    if word.lower() in PARTICLES:
        return True
    bare = word
    for prefix in HYPHEN_PREFIXES:
        if word.startswith(prefix):
            bare = word[len(prefix):]
            break
    return bool(bare) and bare[0].isupper() and all(c.isalpha() or c in "'’.-" for c in bare)


def surname_key(word: str) -> str:
    """The comparable form of a surname: "al-Halabi" and "Halabi" give "halabi"."""
    for prefix in HYPHEN_PREFIXES:
        if word.startswith(prefix):
            return word[len(prefix):].casefold()
    return word.casefold()


def split_names(text: str) -> list[str]:
    """"Jane Doe, John Roe and Ann Poe" -> the three names, as printed."""
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", text)
    return [p for p in (p.strip() for p in parts) if p]
