"""Attribution phrases next to a quote: who said it, and as what.

`after_quote` reads the text following a closing quote mark ("..., Name
said" / "..., said Title Name, a role"); `before_quote` the text leading up to
an opening mark ("Name, a role, said:"). Both return (mention, role): the
name as printed (or a pronoun, or None when only a description such as "the
ministry" speaks) and the role printed with it.
"""

from __future__ import annotations

import re

from service.pipeline.entities.speakers import PRONOUNS, is_person_name, split_title
from service.pipeline.stages.names import NAME_PATTERN

SPEECH_VERBS = (
    "said", "says", "told", "tells", "added", "adds", "stated", "declared", "explained", "warned",
    "noted", "insisted", "asserted", "wrote", "writes", "tweeted", "posted", "argued", "claimed",
    "continued", "urged", "acknowledged", "admitted", "recalled", "asked", "asks", "replied",
    "responded", "announced", "remarked", "cautioned", "complained", "conceded", "observed",
    "maintained", "quipped", "stressed", "emphasised", "emphasized", "underlined", "predicted",
    "vowed", "pledged", "lamented", "concluded", "confirmed", "denied", "alleged", "countered",
    "boasted", "suggested", "agreed", "pointed out", "went on", "according to",
)
# Verbs that report someone speaking without framing what was said (`spoke to
# lawmakers`, `addressed the committee`): the person a quote standing alone
# right after such a sentence belongs to, never a verb of reported speech.
SPEAKING_ONLY_VERBS = ("spoke", "addressed", "testified", "briefed", "shouted", "joked")
# Verbs that frame a short quote as the subject's own words for something:
# `X called the plan "deeply flawed"`, `described it as "a disgrace"`.
CHARACTERISING_VERBS = re.compile(
    r"\b(?:called|calls|described|describes|dubbed|dubs|branded|brands|labell?ed|labels|termed|terms)\b")
VERB = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in SPEECH_VERBS) + r"|According to)\b")
WINDOW = 300  # characters of context read on each side of a quote
MAX_SUBJECT_CHARS = 220
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt",
                           "rep", "sen", "gov", "st", "jr", "sr", "prof", "rev", "adm", "no", "vs"})
# A clause ends at these; a period only when it does not close an abbreviation.
CLAUSE_END = re.compile(r"[,;:!?\u201c\u201d\"\u00ab\u00bb(]|\.(?=\s|$)")
SENTENCE_END = re.compile(r"[;!?\u201c\u201d\"\u00ab\u00bb]|\.(?=\s|$)")
SENTENCE_BREAK = re.compile(r"[.!?\u201c\u201d\"](?=\s)")
_INITIALISM = re.compile(r"(?:\b[A-Z]\.)+[A-Z]?$")
APPOSITIVE_NAME = re.compile(rf"^(?P<name>{NAME_PATTERN})\s*,\s*(?P<role>.+?)\s*,?$")
NAME_AT_END = re.compile(rf"(?P<name>{NAME_PATTERN})$")
PRONOUN_AT_END = re.compile(r"(?:^|\s)(?P<name>he|she|they|we|I|it)$", re.IGNORECASE)
DESCRIPTION_AT_END = re.compile(r"(?:^|\s)(?P<role>(?:the|a|an|its|his|her|their)\s[^,]{1,80})$")
# An appositive after the name: ", a spokesman for X", ", head of the union's branch".
# Not a participle or a conjunction (", adding that ...", ", but ...").
ROLE_AFTER = re.compile(
    r"^\s*,\s*(?P<role>(?:a|an|the|who\s+(?:is|was|[a-z]+s)|(?!(?:and|but|or|as|while|when|after|before|"
    r"who|which|in|on|at|according|because|though|although|if)\b)[a-z]+(?<!ing))\s[^;\u201c\u201d\"]{2,200}?)"
    r"(?=[.;\u201c\u201d\"]|,\s+(?:who|adding|referring|saying|noting)\b|$)")
MAX_DESCRIPTOR_WORDS = 6
SENTENCE_OPENERS = frozenset({
    "on", "in", "at", "by", "for", "from", "with", "without", "after", "before", "during", "since",
    "but", "and", "or", "so", "yet", "later", "then", "also", "earlier", "meanwhile", "however",
    "speaking", "asked", "when", "while", "as", "if", "last", "this", "that", "there", "here",
    "today", "yesterday", "tomorrow", "separately", "elsewhere", "still", "instead",
})
ADVERBS = re.compile(r"\s+(?:also|later|then|earlier|previously|again|simply|only|once)$")

Attribution = tuple[str | None, str | None]
# "Name said ...", "Name, a role, told ...": someone reported as speaking.
_SPEAKING = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in (*SPEECH_VERBS, *SPEAKING_ONLY_VERBS))
                       + r")\b")
SPEAKING_SUBJECT = re.compile(
    rf"(?P<name>{NAME_PATTERN})(?:\s*,[^,\u201c\u201d\"]{{1,150}},)?\s+(?:also\s+)?{_SPEAKING.pattern}")


def last_speaking_subject(text: str) -> Attribution | None:
    """The last person `text` reports as speaking: (name as printed, title)."""
    found: Attribution | None = None
    for m in SPEAKING_SUBJECT.finditer(text[-2 * WINDOW:]):
        name, title = split_title(m.group("name"))
        if name.lower() not in PRONOUNS:
            found = name, title or None
    return found


def _clause_end(text: str, pattern: re.Pattern[str] = CLAUSE_END) -> int:
    """Where the clause (or with SENTENCE_END, the sentence) opening `text` ends."""
    for m in pattern.finditer(text):
        if m.group(0) == ".":
            word = re.search(r"(\S+)$", text[: m.start()])
            token = word.group(1) if word else ""
            if token.lower() in ABBREVIATIONS or _INITIALISM.search(token + "."):
                continue
        return m.start()
    return len(text)


def _is_descriptor(words: str) -> bool:
    """Whether the words before a name describe the person ("Economy minister",
    "veteran city engineer") rather than open the sentence
    ("On Tuesday", "Later,")."""
    parts = words.split()
    return (0 < len(parts) <= MAX_DESCRIPTOR_WORDS and "," not in words
            and parts[0].lower() not in SENTENCE_OPENERS)


def subject(clause: str) -> Attribution | None:
    """Speaker and role from the words before a speech verb."""
    clause = ADVERBS.sub("", clause.strip(" ,"))
    if not clause or len(clause) > MAX_SUBJECT_CHARS:
        return None
    m = APPOSITIVE_NAME.match(clause)
    if m:
        name, title = split_title(m.group("name"))
        return name, (f"{title} {m.group('role')}".strip() if title else m.group("role"))
    m = PRONOUN_AT_END.search(clause)
    if m:
        return m.group("name"), None
    m = NAME_AT_END.search(clause)
    if m:
        name, title = split_title(m.group("name"))
        descriptor = clause[: m.start()].strip()
        if not _is_descriptor(descriptor):
            descriptor = ""
        return name, " ".join(p for p in (descriptor, title) if p) or None
    m = DESCRIPTION_AT_END.search(clause)
    return (None, m.group("role")) if m else None


def _said_who(text: str) -> Attribution | None:
    """Speaker and role after a speech verb: "said veteran city engineer
    Jane Doe", "said Jane Doe, a spokeswoman for X"."""
    end = _clause_end(text)
    phrase = text[:end].strip()
    if not phrase:
        return None
    m = re.match(rf"^(?P<pre>.*?)(?P<name>{NAME_PATTERN})$", phrase)
    appositive = ROLE_AFTER.match(text[end:])
    role_after = appositive.group("role") if appositive else None
    described = re.match(r"(?:a|an|the)\s", phrase, re.IGNORECASE) and re.match(
        rf"^\s*,\s*(?P<name>{NAME_PATTERN})\s*(?:[.,;]|$)", text[end:])
    if described and is_person_name(split_title(described.group("name"))[0]):
        # "said a spokeswoman for West Yorkshire Police, Chief Inspector Hannah Boyce"
        name, title = split_title(described.group("name"))
        return name, " ".join(p for p in (phrase, title) if p)
    member = re.match(rf"^(?P<pre>.*?)(?P<name>{NAME_PATTERN})\s+(?:of|from|at)\s+\S", phrase)
    if member and is_person_name(split_title(member.group("name"))[0]):
        # "said Senator Lilly Téllez of the opposition National Action Party"
        name, title = split_title(member.group("name"))
        role = " ".join(p for p in (member.group("pre").strip(), title) if p) or None
        return name, role_after or role or phrase[member.end("name"):].strip() or None
    if m and m.group("name")[:1].isupper():
        name, title = split_title(m.group("name"))
        role = " ".join(p for p in (m.group("pre").strip(), title) if p) or None
        return name, role_after or role
    if phrase.lower() in PRONOUNS:
        return phrase, None
    return (None, phrase) if DESCRIPTION_AT_END.match(" " + phrase) else None


def after_quote(after: str) -> Attribution | None:
    """Attribution in the text right after a closing quote mark."""
    after = after[:WINDOW]
    m = VERB.search(after)
    if not m:
        return None
    lead = after[: m.start()]
    stripped = lead.lstrip(" ,")
    if _clause_end(stripped, SENTENCE_END) < len(stripped):
        return None  # a sentence ends before the verb: the verb is not this quote's
    if not lead.strip(" ,"):
        return _said_who(after[m.end():])
    return subject(lead)


def before_quote(before: str) -> Attribution | None:
    """Attribution in the text leading up to an opening quote mark."""
    before = before[-WINDOW:].rstrip()
    if not before.endswith((":", ",")) and not VERB.search(before[-80:]):
        # `X said the forecast was "extremely serious"`: a verb earlier in the clause
        return _characterised_by(before)
    breaks = list(SENTENCE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    verbs = list(VERB.finditer(clause))
    if not verbs:
        return None
    verb = verbs[-1]
    tail = clause[verb.end():].strip(" :,")
    if len(tail) > 60 or re.search(r"[.!?;]", tail):
        return None
    if verb.group(0).lower() == "according to":
        return _said_who(clause[verb.end():])
    return subject(clause[: verb.start()])


def _characterised_by(before: str) -> Attribution | None:
    """`Opposition leader Viktor Hallberg called the plan "deeply flawed"`:
    the subject of a characterising verb speaks the short quote after it (a
    person or a pronoun; `the plan, called "Project X"` is nobody's words)."""
    breaks = list(SENTENCE_BREAK.finditer(before))
    clause = before[breaks[-1].end():] if breaks else before
    verbs = list(CHARACTERISING_VERBS.finditer(clause))
    if not verbs or len(clause) - verbs[-1].end() > 80:
        return None
    found = subject(clause[: verbs[-1].start()])
    return found if found and found[0] else None


PRONOUN_AT_START = re.compile(r"^\s*(?P<pronoun>He|She|It|They|We|I)\b")


def sentence_subject(text: str) -> Attribution | None:
    """The subject opening the last sentence of `text` (a name or a pronoun),
    for a paragraph that ends with a colon and introduces a quote without a
    speech verb (`She described the ordeal to reporters:`)."""
    breaks = list(SENTENCE_BREAK.finditer(text))
    sentence = text[breaks[-1].end():] if breaks else text
    m = PRONOUN_AT_START.match(sentence)
    if m:
        return m.group("pronoun"), None
    for found in re.finditer(NAME_PATTERN, sentence):  # the first full name: `judge Helena Vos`
        name, title = split_title(found.group(0))
        if is_person_name(name):
            return name, title or None
    return None
