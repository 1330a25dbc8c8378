"""Runs of capitalised tokens: the raw material of people, organisations and places.

A run is a maximal sequence of name-like tokens inside one sentence: words
with a capital, plus lower-case particles and connectors between two of them
(`Bashar al-Assad`, `Bank of England`). Hyphenated modifiers are cut to their
name part (`Turkey-backed` -> `Turkey`, `pro-Assad` -> `Assad`).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.pipeline.knowledge.names import NAME_PARTICLES, ORG_CONNECTORS, ORG_HEADS
from service.pipeline.knowledge.text import Token, fold

_JOINERS = NAME_PARTICLES | ORG_CONNECTORS | {"the"}
_PARTICLE_PREFIXES = tuple(f"{p}-" for p in ("al", "el", "bin", "ibn", "abu", "ben", "ould", "ul"))


@dataclass(frozen=True, slots=True)
class Run:
    tokens: tuple[Token, ...]
    before: tuple[Token, ...]  # up to three tokens before the run, nearest last
    after: tuple[Token, ...]  # up to four tokens after the run

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def name_part(tok: Token) -> Token | None:
    """The part of a token that can belong to a name, or None."""
    text = tok.text
    if not text[0].isalpha():
        return None
    if text[0].isupper():
        if "-" in text:
            head, _, tail = text.partition("-")
            if tail and tail[0].islower() and not tail.startswith(("al-", "el-")) and len(head) > 1 \
                    and _modifier_tail(tail):
                # Turkey-backed, Russian-led: the modifier is not part of the name
                return Token(head, tok.start, tok.start + len(head), tok.sentence_start, tok.sentence)
        return tok
    lowered = text.casefold()
    if lowered.startswith(_PARTICLE_PREFIXES):
        rest = text.split("-", 1)[1]
        return tok if rest[:1].isupper() else None
    if "-" in text:
        head, _, tail = text.rpartition("-")
        if tail[:1].isupper() and head.casefold() in {"pro", "anti", "non", "ex", "post", "pre", "mid"}:
            offset = len(head) + 1
            return Token(tail, tok.start + offset, tok.end, False, tok.sentence)
    return None


_MODIFIER_TAILS = frozenset({"backed", "led", "based", "born", "made", "owned", "run", "held",
                             "style", "era", "wide", "bound", "friendly", "speaking", "linked",
                             "allied", "controlled", "funded", "built", "flagged"})


def _modifier_tail(tail: str) -> bool:
    """`backed` of `Turkey-backed`, `speaking` of `French-speaking`; not the
    second syllable of a Korean given name (`Ji-hoon`, `Jae-in`)."""
    word = tail.split("-")[0]
    return word in _MODIFIER_TAILS or word.endswith(("ed", "ing"))


def _ends_run(tok: Token, original: Token) -> bool:
    """A cut hyphenated modifier (`Turkey-backed`) closes the run it belongs to."""
    return tok.end != original.end


def _initial(tokens: tuple[Token, ...], i: int) -> Token | None:
    """`K.` before a capitalised name (`K. Venkat Reddy`) as one token, or None."""
    tok = tokens[i]
    if len(tok.text) != 1 or not tok.text.isupper() or i + 2 >= len(tokens):
        return None
    stop, nxt = tokens[i + 1], tokens[i + 2]
    if stop.text != "." or stop.start != tok.end or nxt.sentence != tok.sentence \
            or not nxt.text[0].isupper() or not nxt.text[0].isalpha():
        return None
    return Token(f"{tok.text}.", tok.start, stop.end, tok.sentence_start, tok.sentence)


def _plural_possessive_in_name(tokens: tuple[Token, ...], i: int, last: Token) -> bool:
    """An apostrophe closing a plural inside an organisation's name, right
    before its head: `Cerro Alto Workers' Union`, `National Farmers' Federation`."""
    tok = tokens[i]
    if tok.text not in {"'", "’"} or tok.start != last.end or not last.text.endswith("s"):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.sentence == tok.sentence and nxt.text[:1].isupper() \
        and fold(nxt.text) in ORG_HEADS


def find_runs(tokens: tuple[Token, ...]) -> list[Run]:
    """Every run of name-like tokens in order of appearance."""
    runs: list[Run] = []
    current: list[Token] = []
    start_index = 0

    def close(end_index: int) -> None:
        while current and fold(current[-1].text) in _JOINERS and not current[-1].text[0].isupper():
            current.pop()
        if current:
            before = tuple(t for t in tokens[max(0, start_index - 3):start_index])
            after = tuple(tokens[end_index:end_index + 4])
            runs.append(Run(tuple(current), before, after))
        current.clear()

    skip = -1
    for i, tok in enumerate(tokens):
        if i == skip:
            continue  # the full stop of an initial, already part of the run
        part = name_part(tok)
        if current and tok.sentence != current[-1].sentence:
            close(i)
        initial = _initial(tokens, i) if len(tok.text) == 1 else None  # (one letter, or no initial)
        if initial is not None:
            if not current:
                start_index = i
            current.append(initial)
            skip = i + 1
            continue
        if part is not None:
            if not current:
                start_index = i
            current.append(part)
            if _ends_run(part, tok) or tok.possessive:
                close(i + 1)
            continue
        if current and _plural_possessive_in_name(tokens, i, current[-1]):
            current.append(tok)  # "Workers' Union": the apostrophe belongs to the name
            continue
        joiner = fold(tok.text) in _JOINERS and tok.text.islower()
        if current and joiner and _name_follows(tokens, i + 1, tok.sentence):
            current.append(tok)  # "van der Berg": particles may come two in a row
            continue
        if current:  # (closing no run does nothing: spare the call on most tokens)
            close(i)
    close(len(tokens))
    return runs


def _name_follows(tokens: tuple[Token, ...], i: int, sentence: int) -> bool:
    """A name part at i, perhaps behind one more lower-case particle (`der Berg`)."""
    for k in (i, i + 1):
        if k >= len(tokens) or tokens[k].sentence != sentence:
            return False
        if name_part(tokens[k]) is not None:
            return True
        if not (fold(tokens[k].text) in NAME_PARTICLES and tokens[k].text.islower()):
            return False
    return False
