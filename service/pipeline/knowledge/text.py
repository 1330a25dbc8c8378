"""Tokens and sentences of the cleaned body, with offsets into `Article.body_text`.

One tokenizer serves every knowledge stage so that their offsets agree.
A word token drops a trailing possessive (`Assad’s` -> `Assad`), keeps inner
hyphens and apostrophes (`al-Assad`, `O'Brien`) and dotted abbreviations
(`U.S.`). `sentence_start` is true for the first word of a sentence, where
capitals prove nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.
    r"|[A-Z]{1,3}&[A-Z]{1,3}\b"  # T&T, AT&T, S&P: one abbreviation
    r"|[^\W_](?:[\w]|[-'’](?=[^\W_])(?!(?:[A-Z]\.){2,}))*"  # words with inner hyphens/apostrophes
    r"|[^\w\s]",  # one punctuation mark
)
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
_POSSESSIVE_ENDS = ("s", "'", "’")
_SENTENCE_END = frozenset(".!?")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool
    sentence: int
    possessive: bool = False  # a trailing 's was cut off

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Casefolded, accent-free, curly apostrophes straightened: the look-up key
    for names (`Ḩamāh` -> `hamah`). Most words are plain ASCII, where
    decomposition and accent stripping change nothing: skip them. Cached: the
    stages fold the same words again and again (a thousand calls per story),
    and news reuses its vocabulary from story to story."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokenize(body: str) -> tuple[Token, ...]:
    """Every word and punctuation token of `body`, in order."""
    return _tokenize_cached(body)


# Tokens are built by the hundred for every body: set the slots straight
# (what the frozen dataclass's __init__ does, without its per-field look-ups).
_new_object = object.__new__
_SET_TEXT, _SET_START, _SET_END, _SET_SENTENCE_START, _SET_SENTENCE, _SET_POSSESSIVE = (
    getattr(Token, name).__set__
    for name in ("text", "start", "end", "sentence_start", "sentence", "possessive"))


def _token(text: str, start: int, end: int, sentence_start: bool, sentence: int,
           possessive: bool) -> Token:
    """`Token(text, start, end, sentence_start, sentence, possessive)`, faster."""
    tok: Token = _new_object(Token)
    _SET_TEXT(tok, text)
    _SET_START(tok, start)
    _SET_END(tok, end)
    _SET_SENTENCE_START(tok, sentence_start)
    _SET_SENTENCE(tok, sentence)
    _SET_POSSESSIVE(tok, possessive)
    return tok


@lru_cache(maxsize=8)
def _tokenize_cached(body: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    sentence = 0
    at_start = True
    last_end = 0
    for match in _TOKEN.finditer(body):
        text = match.group()
        start, end = match.span()
        # a blank line between two tokens ends the sentence (a gap of one
        # character, the usual space, cannot hold one: no slice to look in)
        if start - last_end > 1 and tokens and body.find("\n\n", last_end, start) >= 0:
            sentence += 1
            at_start = True
        last_end = end
        if text[0].isalnum() or len(text) > 1:
            # only a word ending in s or an apostrophe can be a possessive
            possessive = _POSSESSIVE.search(text) if text.endswith(_POSSESSIVE_ENDS) else None
            cut = bool(possessive and len(text) > 2 and "." not in text)
            if possessive and cut:
                text, end = text[: possessive.start()], start + possessive.start()
            tokens.append(_token(text, start, end, at_start, sentence, cut))
            at_start = False
            continue
        tokens.append(_token(text, start, end, False, sentence, False))
        if text in _SENTENCE_END and not _is_abbreviation(tokens):
            sentence += 1
            at_start = True
    return tuple(tokens)


def _is_abbreviation(tokens: list[Token]) -> bool:
    """A full stop after `Mr`, `Dr`, `Gen`, or a single initial ends no sentence."""
    if len(tokens) < 2 or tokens[-1].text != ".":
        return False
    prev = tokens[-2].text
    return (len(prev) == 1 and prev.isupper()) or prev.casefold() in {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "st", "prof", "capt",
        "maj", "sgt", "no", "vs", "jr", "sr",
    }


@lru_cache(maxsize=8)
def sentences(body: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of each sentence of `body`. Cached like the
    tokens: the cast, tone, summary and reported-speech stages all ask for
    the sentences of the same body."""
    spans: dict[int, list[int]] = {}
    for tok in tokenize(body):
        span = spans.setdefault(tok.sentence, [tok.start, tok.end])
        span[1] = tok.end
    return tuple((s, e) for s, e in spans.values())


def words(text: str) -> list[str]:
    """Casefolded word tokens of any text (for counting and hashing)."""
    return [fold(w) for w in _TOKEN.findall(text) if w[0].isalnum()]
