"""Reported (indirect) speech attributed to a person of the story.

One record per sentence, for sentences without quotation marks (the quotes
stage owns those, partial quotes included). The speaker must be a person
mention of the people stage (or `he`/`she` standing unambiguously for one), so
`The ministry said ...` yields nothing. Recognised shapes:

- speaker first: `[Title] Name [, appositive,] [also] VERB [object] [time] [that] clause`,
  with the name opening the sentence or following a short opener
  (`On Wednesday, Erdogan said ...`) and not governed by a preposition or a
  conjunction (`supporters of Erdogan said`, `after Erdogan said`);
- speaker last: `clause, VERB [Title] Name[, appositive] [time].` or
  `clause, Name [, appositive,] VERB [object] [time][, adding ...].`;
- `According to Name, clause.` and `clause, according to Name.`

A pronoun speaker resolves to the one person mentioned before it in the same
paragraph or in the previous sentence; two different people there, or none,
and the sentence is skipped. Precision over recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from service.copies import replace
from service.model import Article, Entity, ReportedSpeech
from service.pipeline.entities.attribution import SENTENCE_OPENERS, SPEECH_VERBS
from service.pipeline.entities.speakers import TITLE_WORDS
from service.pipeline.knowledge.text import sentences
from service.pipeline.runner import stage

# Verbs of SPEECH_VERBS that do not introduce reported content ("asked him to",
# "responded to criticism", "went on to").
_NOT_REPORTING = frozenset({"asked", "asks", "continued", "went on", "agreed", "posted", "replied",
                            "responded", "observed", "quipped", "according to"})
_PRESENT = ("says", "tells", "adds", "warns", "announces", "states", "claims", "insists", "denies",
            "acknowledges", "urges", "accuses", "notes", "argues", "stresses", "predicts",
            "confirms", "writes", "admits", "alleges")
VERBS = tuple(sorted({v for v in SPEECH_VERBS if v not in _NOT_REPORTING}
                     | set(_PRESENT) | {"accused"}, key=len, reverse=True))
_VERB = r"(?:" + "|".join(re.escape(v) for v in VERBS) + r")"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = (rf"(?:(?:late|early|earlier|later)\s+)?(?:on\s+{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
         r"|yesterday|today|tonight|last\s+(?:week|month|year|night)|this\s+(?:week|month|morning|afternoon|evening)"
         r"|in\s+a\s+(?:statement|televised\s+address|speech|post)|in\s+an\s+interview"
         r"|at\s+a\s+(?:news|press)\s+conference)")
_TIMES = rf"(?:,?\s+{_TIME})*"
_APPOSITIVE = r",\s+(?:(?:a|an|the|his|her|who)\s+[^,;]{1,150}|\d{1,3})"
_OBJECT = (r"(?:reporters|journalists|lawmakers|parliament|supporters|(?:the|a|an)\s+[a-z]+(?:\s+[a-z]+)?"
           r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
# What follows a speaker mention in "Name[, appositive,] said [to X] [on Monday] [that] ...".
AFTER_SPEAKER = re.compile(
    rf"(?:(?:{_APPOSITIVE}){{1,2}},)?\s+(?:(?:has|have|had|also|later|earlier|previously|repeatedly|again)\s+){{0,2}}(?P<verb>{_VERB})\b"
    rf"(?:(?:(?<=told)|(?<=tells))\s+(?:[^.;]{{0,60}}?\s+that\b|{_OBJECT}\b))?{_TIMES},?(?:\s+that\b)?")
# Speaker last: nothing but punctuation (or ", adding ...") may follow.
TAIL = re.compile(r"\s*(?:,\s+(?:adding|saying|noting)\b[^.;]*)?[.!?]?\s*$")
VERB_BEFORE = re.compile(rf",\s+(?P<verb>{_VERB})\s+$")
ACCORDING_TO = re.compile(r"(?:^|,\s+)(?P<verb>[Aa]ccording to)\s+$")
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
QUOTE_MARK = re.compile(r"[\"“”«»„‟‹›]|(?:^|\s)[‘']")
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
# A name right after these belongs to another clause or another subject.
GOVERNING = frozenset({
    "of", "for", "to", "with", "by", "from", "against", "and", "or", "about", "than", "like",
    "whom", "between", "among", "under", "as", "when", "while", "after", "before", "because",
    "that", "which", "who", "if", "since", "until", "nor", "but",
})
MAX_OPENER_WORDS = 8
MAX_DESCRIPTOR_WORDS = 3
MIN_CLAUSE_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str  # canonical
    printed: str
    start: int
    end: int


def find_reported_speech(body: str, people: tuple[Entity, ...]) -> tuple[ReportedSpeech, ...]:
    """Indirect speech of `body` attributed to `people`, ordered by offset."""
    mentions = sorted(((m.start, m.end, p.name, m.text) for p in people if p.kind == "person"
                       for m in p.mentions), key=lambda t: t[0])
    spans = _sentence_spans(body)
    found: list[ReportedSpeech] = []
    for i, (start, end) in enumerate(spans):
        text = body[start:end]
        if QUOTE_MARK.search(text):
            continue
        speakers = [_Speaker(n, t, s, e) for s, e, n, t in mentions if start <= s and e <= end]
        previous = spans[i - 1][0] if i else start
        speakers += _pronouns(body, start, end, previous, mentions)
        record = _attribute(body, start, end, sorted(speakers, key=lambda s: s.start))
        if record:
            found.append(record)
    return tuple(found)


def _sentence_spans(body: str) -> list[tuple[int, int]]:
    """Sentences, with a closing quote mark the tokenizer put at the start of
    the next sentence (`back." Next`) given back to the sentence it closes."""
    spans = [list(s) for s in sentences(body)]
    for prev, cur in pairwise(spans):
        if body[cur[0]] in "\"”»'’" and (cur[0] + 1 == len(body) or body[cur[0] + 1].isspace()):
            prev[1] = cur[0] + 1
            cur[0] += 1
            while cur[0] < cur[1] and body[cur[0]].isspace():
                cur[0] += 1
    return [(s, e) for s, e in spans if s < e]


def _pronouns(body: str, start: int, end: int, previous: int,
              mentions: list[tuple[int, int, str, str]]) -> list[_Speaker]:
    """`he`/`she` in the sentence, each standing for the one person mentioned
    before it in its paragraph or in the previous sentence."""
    paragraph = body.rfind("\n\n", 0, start) + 2 if "\n\n" in body[:start] else 0
    out = []
    window = min(paragraph, previous)
    for m in PRONOUN.finditer(body, start, end):
        names = {n for s, _, n, _ in mentions if window <= s < m.start()}
        if len(names) == 1:
            out.append(_Speaker(names.pop(), m.group(), m.start(), m.end()))
    return out


def _attribute(body: str, start: int, end: int, speakers: list[_Speaker]) -> ReportedSpeech | None:
    for sp in speakers:
        head = body[start:sp.start]
        lead = head[: _title_start(head)]
        tail = body[sp.end:end]
        verb_before = VERB_BEFORE.search(lead) or ACCORDING_TO.search(lead)
        if verb_before and verb_before.start() > 0:  # "clause, said Name." / "clause, according to Name."
            if TAIL.fullmatch(re.sub(rf"^(?:{_APPOSITIVE})?{_TIMES}", "", tail)):
                return _record(body, start, end, sp, verb_before.group("verb").lower(),
                               start, start + verb_before.start())
            continue
        if verb_before:  # "According to Name, clause."
            rest = re.match(rf"(?:{_APPOSITIVE})?,\s+", tail)
            if rest:
                return _record(body, start, end, sp, "according to", sp.end + rest.end(), end)
            continue
        m = AFTER_SPEAKER.match(tail)
        if not m or _governed(lead):
            continue
        verb = m.group("verb")
        if TAIL.fullmatch(tail[m.end():]) and lead.rstrip().endswith(","):  # "clause, Name said."
            return _record(body, start, end, sp, verb, start, start + lead.rindex(","))
        if _opens_sentence(lead, titled=len(lead) < len(head)):
            return _record(body, start, end, sp, verb, sp.end + m.end(), end)
    return None


def _title_start(head: str) -> int:
    """Where the title words printed right before a name start (`Turkish President `)."""
    pos = len(head)
    for word in reversed(list(re.finditer(r"\S+\s+", head))):
        token = word.group().strip()
        if word.end() != pos or token[-1] in ",;:" or token.lower() in GOVERNING or not (
                token[:1].isupper() or token.lower() in TITLE_WORDS):
            break
        pos = word.start()
    return pos


def _governed(lead: str) -> bool:
    words = re.findall(r"[\w'’-]+|[,;:]", lead)
    return bool(words) and words[-1].lower() in GOVERNING


def _opens_sentence(lead: str, titled: bool) -> bool:
    """Whether the words before the speaker (and title) leave the speaker as the
    subject: none, a short descriptor of a title (`The group's spokesman`,
    `Central bank governor`), or a short opener closed by a comma (`In a
    speech on Monday,`)."""
    words = lead.split()
    if not words:
        return True
    if len(words) > MAX_OPENER_WORDS:
        return False
    first = words[0].lower().strip(",")
    if "," not in lead:
        return (first in SENTENCE_OPENERS or first in DETERMINERS
                or (titled and len(words) <= MAX_DESCRIPTOR_WORDS))
    return lead.rstrip().endswith(",") and lead.count(",") == 1 and first in SENTENCE_OPENERS


def _record(body: str, start: int, end: int, sp: _Speaker, verb: str,
            text_start: int, text_end: int) -> ReportedSpeech | None:
    clause = body[text_start:text_end].strip(" ,").rstrip(".!?").rstrip()
    if "according" not in verb:
        clause = clause.rstrip(",")
    if len(clause.split()) < MIN_CLAUSE_WORDS:
        return None
    return ReportedSpeech(speaker=sp.name, text=clause, start=start, end=end,
                          speaker_mention=sp.printed, verb=verb)


@stage("reported-speech", "1")
def reported_speech(a: Article) -> Article:
    return replace(a, reported_speech=find_reported_speech(a.body_text, a.people))
