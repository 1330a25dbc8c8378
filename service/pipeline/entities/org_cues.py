"""Grammar that makes a name an organisation although nothing in the name
says so (`Airbus`, `Harwick Capital`, `Norfolk Southern`):

- `shares in X`, `shares of X`, `X shares`: a listed company;
- a role and `at`/`for` before it: `an analyst at X`, `a spokesman for X`;
- `rival X`, `competitor X`;
- a staff noun after it: `a Spotify spokesperson`, `Labour lawmaker X`;
- `X, which ...`: people take `who`;
- `X, a Jakarta insurer,`: an appositive whose head names a kind of body;
- `the union X`, `the charity X`: a noun no person is called, before it;
- `X said [on Tuesday] [that] it would` / `its`: the subject refers to itself as `it`.

A gazetteer place or a place's division (`Sokoto State officials`) is never made
an organisation here (`Tanzania, which ...`).
"""

from __future__ import annotations

import re

from service.pipeline.entities.org_kinds import BODY_NOUNS, appositive_kind
from service.pipeline.geo.lexicon import DIVISION_WORDS
from service.pipeline.knowledge.cues import POLITICAL_ADJECTIVES, STAFF_AFTER
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import ATTRIBUTION_VERBS, ROLE_WORDS, wordset
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold

_EMPLOYEES = ROLE_WORDS | wordset("""analyst analysts economist economists spokesperson
executive executives official officials employee employees worker workers staff engineer
engineers strategist strategists trader traders shareholder shareholders investor investors""")
_OF_SHARES = wordset("in of")
_RIVALS = wordset("rival rivals competitor competitors")
_CLAUSE_END = re.compile(r"[.!?;:\n]")


# `the union Rengo`, `the charity Oxfam`: a body noun, after a determiner and
# right before the name, in lower case (not `the Union`).
_BODY_BEFORE = re.compile(rf"\b(?:[Tt]he|[Aa]n?)\s+(?:{'|'.join(sorted(BODY_NOUNS))})\s+$")


def words_after(body: str, end: int) -> list[tuple[str, int]]:
    """Up to four folded words after `end` in its sentence (commas kept), each
    with the offset where it ends."""
    text = body[end:end + 60]
    cut = next((m.start() for m in _CLAUSE_END.finditer(text)), len(text))
    return [(fold(m.group()).removesuffix("'s"), end + m.end())  # `union's` is `union`
            for m in re.finditer(r"[\w'’-]+|,", text[:cut])][:4]


def _words_before(body: str, start: int) -> list[str]:
    """Up to four folded words before `start`, in its sentence."""
    text = body[max(0, start - 60):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(text)), default=0)
    return [fold(w) for w in re.findall(r"[\w'’-]+|,", text[cut:])][-4:]
# `said [on Tuesday|in a statement] [that] it/its ...`: the reported clause's
# subject is the speaker itself (used with match(pos), right after the verb).
_SELF_REFERENCE = re.compile(
    r"\s+(?:(?:on|late on|early on|earlier on)\s+\w+\s+|in an? \w+(?: \w+)?\s+|(?:late|earlier|last)\s+\w+\s+)?"
    r"(?:that\s+)?(?:it|its)\b")


# Verbs whose subject, a name with nothing else to classify it, acts as a body
# does: it reports, advises, sets rates, posts results (`NASA on Tuesday said`,
# `the ECB raised rates`).
# Forms that read as nouns after a name (`GDP estimates`, `CPI forecast`) are left out.
# Campaigning verbs (`called for`, `demanded`, `welcomed`) are what unions and
# lobbies are reported doing.
CORPORATE_VERBS = ATTRIBUTION_VERBS | wordset("""reported advised advises raised lowered cut
posted approved launched estimated recommended ordered issued called calls demanded
demands welcomed welcomes criticised criticized condemned rejected accused sued filed
signed agreed""")
_SUBJECT_OF = re.compile(
    r"\s+(?:(?:(?:late|early|earlier) )?on \w+\s+|in an? \w+(?: \w+)?\s+|(?:also|has|had|have)\s+)?"
    rf"(?:{'|'.join(sorted(CORPORATE_VERBS))})\b")


def subject_of_corporate_verb(body: str, end: int) -> bool:
    """Whether the name ending at `end` is the subject of a reporting or
    corporate verb (`X said`, `X on Tuesday warned`, `X in a statement said`)."""
    return _SUBJECT_OF.match(body, end) is not None


def is_organisation(seg: Segment, body: str) -> bool:
    """Whether the grammar around a person-like or unknown name makes it an organisation."""
    if seg.kind not in {"person", "single", "name"} or "title" in seg.evidence:
        return False
    if seg.tokens[0].text.isupper() and len(seg.tokens) == 1:
        return False  # acronyms are handled by the acronym and organisation-noun rules
    before = _words_before(body, seg.start)
    after_at = words_after(body, seg.end)
    after = [w for w, _ in after_at]
    cued = (
        (before[-2:-1] == ["shares"] and before[-1:] and before[-1] in _OF_SHARES)
        or (before[-1:] and before[-1] in _RIVALS)
        or after[:1] == ["shares"]
        or (len(before) >= 2 and before[-1] in {"at", "for"} and before[-2] in _EMPLOYEES)
        or after[:2] == [",", "which"]
        or appositive_kind(body, seg.end)
        or _BODY_BEFORE.search(body, max(0, seg.start - 40), seg.start) is not None
        or (after[:1] and after[0] in STAFF_AFTER and after[0] in body[seg.end:seg.end + 40]
            and fold(seg.tokens[-1].text) not in POLITICAL_ADJECTIVES
            and (len(seg.tokens) > 1 or not seg.tokens[0].sentence_start))
        or (after[:1] and after[0] in ATTRIBUTION_VERBS
            and _SELF_REFERENCE.match(body, after_at[0][1]) is not None)
        or (_place_and_noun(seg) and subject_of_corporate_verb(body, seg.end))
    )
    return bool(cued) and not gazetteer().lookup(seg.text(body)) and not _division(seg)


def _place_and_noun(seg: Segment) -> bool:
    """`Manitoba Hydro`, `Climate Change Canada`: a name without a first name
    that opens or closes with a place is a body of that place, not a person;
    so is one opening with a place of two words or more, although its first
    word is also a first name (`Nova Scotia Power`)."""
    words = [t.text for t in seg.tokens]
    if len(words) < 2:
        return False
    if "given-name" in seg.evidence:
        return any(gazetteer().lookup(" ".join(words[:k])) for k in range(2, len(words)))
    return any(gazetteer().lookup(" ".join(words[:k])) or gazetteer().lookup(" ".join(words[k:]))
               for k in range(1, len(words)))


def _division(seg: Segment) -> bool:
    """`Sokoto State officials`: a place and a division word name the division."""
    return len(seg.tokens) >= 2 and fold(seg.tokens[-1].text) in DIVISION_WORDS \
        and bool(gazetteer().lookup(" ".join(t.text for t in seg.tokens[:-1])))
