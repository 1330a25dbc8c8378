"""The quotes stage: direct quotes with their speaker and the speaker's role.

Quote marks: curly, straight, guillemets, German low-high and British single
quotes (curly or straight); a quote may span sentences, and one left open at the end of a
paragraph continues in the next. Attribution forms of news English:

    "...," Name said            "...," Name, a spokesman for X, said
    "...," said Title Name      "...," said Name, a spokesman for X.
    Name said: "..."            Name told Reuters: "..."
    "...," he said              (he: the last named speaker nearby)

A surname is resolved to the full name given elsewhere in the story. Quotes
with no attribution are kept only when long enough to be speech, not a
scare-quoted term or a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.copies import replace
from service.model import Article, Quote
from service.pipeline.entities import attribution
from service.pipeline.entities.cast import Cast
from service.pipeline.entities.organisations import find_organisations
from service.pipeline.entities.people import excluded_names, find_people
from service.pipeline.entities.speakers import NameIndex
from service.pipeline.runner import stage
from service.pipeline.stages.limits import MAX_QUOTE_SPANS

MIN_QUOTE_WORDS = 2
MIN_UNATTRIBUTED_WORDS = 6
MAX_QUOTE_CHARS = 3_000
PRONOUN_REACH = 3  # paragraphs back in which "he said" finds its speaker
QUOTE_SPANS = re.compile(
    "\u201c(?P<curly>[^\u201c\u201d]*)(?P<curly_end>\u201d|$)"
    '|"(?P<straight>[^"]*)(?P<straight_end>"|$)'
    "|\u00ab\\s?(?P<guillemet>[^\u00ab\u00bb]*?)\\s?(?P<guillemet_end>\u00bb|$)"
    "|\u201e(?P<low>[^\u201e\u201c\u201d]*)(?P<low_end>[\u201c\u201d]|$)"
    "|(?<![\\w\u2019'])\u2018(?P<single>[^\u2018]*?)(?P<single_end>\u2019)(?![\\w])"
    # Straight single quotes, British style: open before a capital, close after
    # punctuation; apostrophes inside words ("we're", "operator's") are text.
    "|(?<![\\w'])'(?=[A-Z])(?P<apostrophe>(?:[^']|(?<=\\w)'(?=\\w))*?[,.!?])(?P<apostrophe_end>')(?![\\w])"
)
_KINDS = ("curly", "straight", "guillemet", "low", "single", "apostrophe")
ANY_MARK = ("\u201c", '"', "\u00ab", "\u201e", "\u2018", "'")
OPENING_MARKS = ("\u201c", '"', "\u00ab", "\u201e", "\u2018", "'")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int
    closed: bool


def quote_spans(paragraph: str) -> list[Span]:
    if not any(mark in paragraph for mark in ANY_MARK):
        return []  # every kind of quote opens with one of the marks: no scan needed
    spans = []
    for m in QUOTE_SPANS.finditer(paragraph):
        kind = next(k for k in _KINDS if m.group(k) is not None)
        text = m.group(kind).strip().rstrip(",").rstrip()
        spans.append(Span(text, m.start(), m.end(), bool(m.group(f"{kind}_end"))))
    return spans


@dataclass
class _Found:
    quote: Quote
    attributed: bool
    open_ended: bool


def _attribute(paragraph: str, previous: str, span: Span, index: int, names: NameIndex,
               recent: list[tuple[int, str]], cast: Cast) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, mention as printed) of the quote at `span`. Names,
    pronouns and descriptions are resolved by the story's cast
    (`entities.cast`); when it knows nobody, a pronoun ("he said") is the
    person last reported speaking just before the quote, else the last named
    speaker within `PRONOUN_REACH` paragraphs."""
    found = attribution.after_quote(paragraph[span.end:]) if span.closed else None
    found = found or attribution.before_quote(paragraph[: span.start])
    at = (index, span.start)  # where antecedents are looked for, backwards
    if found is None and not paragraph[: span.start].strip() and previous.rstrip().endswith(":"):
        # "She described the ordeal to reporters:" closing the paragraph before the quote
        found = attribution.before_quote(previous) or attribution.sentence_subject(previous)
        at = (index - 1, len(previous))
    if found is None and span.closed:
        found, at = _previous_sentence_speaker(paragraph, previous, span, index), at
        if found is not None and not paragraph[: span.start].strip():
            at = (index - 1, len(previous))
    if found is None:
        return None, None, None
    mention, role = found
    if mention is None:
        return cast.speaker_of(None, role, *at), role, None
    if mention.lower() in attribution.PRONOUNS:
        if mention.lower() not in {"he", "she", "it"}:
            return None, role, mention
        speaker = cast.speaker_of(mention, None, *at)
        subject = attribution.last_speaking_subject(previous + "\n" + paragraph[: span.start])
        if speaker and subject and subject[1] and not role \
                and (cast.named(subject[0] or "") or names.resolve(subject[0] or "", index)) == speaker:
            role = subject[1]  # "Police Chief Bo Li said ... he said": the title printed with the name
        if mention.lower() == "it" or speaker:
            return speaker, role or (names.roles.get(speaker) if speaker else None), mention
        nearby = [name for at, name in recent if index - at < PRONOUN_REACH]
        speaker = names.resolve(subject[0], index) if subject and subject[0] else (
            nearby[-1] if nearby else None)
        role = role or (subject[1] if subject else None)
        return speaker, role or (names.roles.get(speaker) if speaker else None), mention
    speaker = cast.named(mention) or names.resolve(mention, index)
    return speaker, role or names.roles.get(speaker), mention


def _previous_sentence_speaker(paragraph: str, previous: str, span: Span,
                               index: int) -> tuple[str | None, str | None] | None:
    """`Mayor Lena Fox told reporters the bridge would reopen. "We are ahead of
    schedule."`: a quote standing as a sentence of its own, with no attribution,
    is spoken by the person the sentence before reports speaking (in the same
    paragraph, or ending the previous one when that one quotes nobody)."""
    before = paragraph[: span.start].rstrip()
    if not before and index and not any(mark in previous for mark in ANY_MARK):
        before = previous.rstrip()
    if not before.endswith((".", "!", "?")):
        return None
    breaks = list(attribution.SENTENCE_BREAK.finditer(before[:-1]))
    sentence = before[breaks[-1].end():] if breaks else before
    return attribution.last_speaking_subject(sentence)


def _cast(a: Article, spans: list[list[Span]]) -> Cast:
    """The people and organisations of the story, for resolving attributions.
    The finders share the name segments of the body with the later people and
    organisation stages (computed once per body)."""
    quoted, at = [], 0
    for paragraph, found in zip(a.paragraphs, spans, strict=True):
        quoted += [(at + s.start, at + s.end) for s in found]
        at += len(paragraph) + 2
    return Cast.build(a.paragraphs, find_people(a.body_text, excluded_names(a)),
                      find_organisations(a.body_text), quoted)


@stage("quotes", "2")
def quotes(a: Article) -> Article:
    if not any(mark in paragraph for paragraph in a.paragraphs for mark in ANY_MARK):
        return replace(a, quotes=())
    names = NameIndex.build(a.paragraphs)
    spans_of = [quote_spans(paragraph) for paragraph in a.paragraphs]  # found once, read twice
    cast = _cast(a, spans_of)
    found: list[_Found] = []
    recent: list[tuple[int, str]] = []  # (paragraph, speaker) of attributed quotes
    budget = MAX_QUOTE_SPANS
    for index, paragraph in enumerate(a.paragraphs):
        spans = spans_of[index][:budget]
        budget -= len(spans)
        continues = bool(found) and found[-1].open_ended and paragraph.startswith(OPENING_MARKS)
        for n, span in enumerate(spans):
            if len(span.text.split()) < MIN_QUOTE_WORDS or len(span.text) > MAX_QUOTE_CHARS:
                continue
            previous = a.paragraphs[index - 1] if index else ""
            speaker, role, mention = _attribute(paragraph, previous, span, index, names, recent, cast)
            attributed = bool(speaker or role)
            if not attributed and found and (continues or (n > 0 and found[-1].quote.paragraph == index)):
                prior = found[-1].quote  # the same speaker goes on
                speaker, role, mention, attributed = prior.speaker, prior.role, prior.speaker_mention, found[-1].attributed
            if attributed and continues and n == 0 and found and not found[-1].attributed:
                found[-1].quote = replace(found[-1].quote, speaker=speaker, role=role,
                                          speaker_mention=mention)
                found[-1].attributed = True
            if not attributed and len(span.text.split()) < MIN_UNATTRIBUTED_WORDS:
                continue
            if speaker:
                recent.append((index, speaker))
                if role:
                    names.roles.setdefault(speaker, role)  # later quotes by them inherit it
                else:
                    role = names.roles.get(speaker)
            found.append(_Found(Quote(span.text, speaker, role, index, mention), attributed,
                                not span.closed))
        if budget <= 0:
            break
    return replace(a, quotes=tuple(f.quote for f in found))
