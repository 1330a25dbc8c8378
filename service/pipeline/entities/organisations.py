"""Organisations named in the story, with canonical names and mentions.

Found two ways: a curated list of the organisations the wires name daily
(with their acronyms), and the grammar of organisation names: a capitalised
run ending in a head noun (`National Liberation Front`, `Syrian Observatory
for Human Rights`). A later bare head (`the Observatory said`) and an acronym
introduced in brackets (`... Human Rights (SOHR)`) are mentions of the same
organisation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.copies import replace
from service.model import Article, Entity, Mention
from service.pipeline.entities.acronyms import acronym_mentions, find_expansions, initials
from service.pipeline.entities.org_cues import subject_of_corporate_verb, words_after
from service.pipeline.entities.org_kinds import KIND_NOUNS, appositive_kind
from service.pipeline.entities.truecase import truecase
from service.pipeline.geo.lexicon import COUNTRY_ABBREVIATIONS
from service.pipeline.knowledge.analysis import segments
from service.pipeline.knowledge.cues import STAFF_AFTER
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import COUNTRY_ALIASES, FACILITY_ORGS, ORG_HEADS
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold
from service.pipeline.runner import stage

_ACRONYM = re.compile(r" \(([A-Z][A-Z0-9]{1,9})\)")
_GENERIC = frozenset({"the government", "government", "army", "police", "parliament"})


@lru_cache(maxsize=16)  # the quotes stage and this stage ask for the same body
def find_organisations(body: str) -> tuple[Entity, ...]:
    body = truecase(body)  # lines in capitals read as running text
    segs = segments(body)
    orgs: dict[str, tuple[str, list[Mention]]] = {}
    heads: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for seg in segs:
        if seg.kind != "org" and not _operated_facility(seg):
            continue
        start = _joined_lead(seg, segs, body)
        text = body[start:seg.end]
        name = text if start < seg.start else seg.canonical or text
        key = fold(name)
        if key in _GENERIC or (len(seg.tokens) == 1 and fold(text) in ORG_HEADS) \
                or text in _job_acronyms():  # `the company's CEO`: a post
            continue
        orgs.setdefault(key, (name, []))[1].append(Mention(text, start, seg.end))
        for tok in seg.tokens:
            if fold(tok.text) in ORG_HEADS:
                heads.setdefault(fold(tok.text), key)
        acronym = _bracketed_acronym(body, seg.end)
        if acronym:
            acronyms[acronym] = key
    for seg in segs:
        text = seg.text(body)
        if seg.kind == "single" and _acronym_with_org_noun(seg, text, body):
            orgs.setdefault(fold(text), (text, []))[1].append(Mention(text, seg.start, seg.end))
    for exp in find_expansions(body):
        if _country_name(exp.name):
            continue  # "the Democratic People's Republic of Korea (DPRK)" is a country
        alias = next((k for k, (name, _) in orgs.items() if exp.acronym in {name, k.upper()}),
                     None)
        key = fold(exp.name) if fold(exp.name) in orgs or alias is None else alias
        mentions = orgs.setdefault(key, (exp.name, []))[1]
        if alias is not None and alias != key:
            mentions.extend(orgs.pop(alias)[1])  # `FAA said` found alone, its expansion by its head
        spans = [(exp.start, exp.end), *acronym_mentions(body, exp.acronym)]
        for start, end in spans:
            if not any(m.start <= start < m.end for m in mentions):
                mentions.append(Mention(body[start:end], start, end))
        acronyms[exp.acronym] = key
        if key != fold(exp.name):
            orgs[key] = (exp.name, mentions)  # `MSF` first seen alone: the expansion names it
    for seg in segs:
        if seg.kind not in {"single", "org"} or len(seg.tokens) != 1:
            continue
        text = seg.text(body)
        target = acronyms.get(text) or (heads.get(fold(text)) if fold(text) in ORG_HEADS else None)
        if target is None and _named_institution(seg, text):
            target = fold(text)  # `the Senate`: a capitalised head alone names an institution
            orgs.setdefault(target, (text, []))
        if target and not any(m.start == seg.start for m in orgs[target][1]):
            orgs[target][1].append(Mention(text, seg.start, seg.end))
    _merge_lead_words(orgs)
    _merge_initials(orgs)
    entities = [Entity(name=name, kind="organisation",
                       mentions=tuple(sorted(mentions, key=lambda m: m.start)))
                for name, mentions in orgs.values()]
    entities.sort(key=lambda e: (-e.count, e.mentions[0].start))
    return tuple(entities)


_LEAD_AND = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,20}) and $")


def _joined_lead(seg: Segment, segs: tuple[Segment, ...], body: str) -> int:
    """`Environment and Climate Change Canada`: a capitalised word that opens a
    sentence, joined by `and` to an organisation without a curated name, is the
    first word of that name. Where the organisation's name starts."""
    match = _LEAD_AND.search(body, max(0, seg.start - 30), seg.start)
    if match is None or seg.canonical:
        return seg.start
    lead = next((s for s in segs if s.start == match.start(1)), None)
    if lead is None or lead.kind != "single" or lead.evidence or not lead.tokens[0].sentence_start:
        return seg.start
    return lead.start


def _merge_lead_words(orgs: dict[str, tuple[str, list[Mention]]]) -> None:
    """`Corvel` alone is a mention of `Corvel Research` named in the same story."""
    for key in [k for k in orgs if " " not in k]:
        longer = [k for k in orgs if k.split()[0] == key and " " in k]
        if len(longer) == 1:
            orgs[longer[0]][1].extend(orgs.pop(key)[1])


def _merge_initials(orgs: dict[str, tuple[str, list[Mention]]]) -> None:
    """`IMD` alone is a mention of `India Meteorological Department` named in
    the same story: its letters are the initials of that name."""
    for key, (name, _) in list(orgs.items()):
        if not (name.isupper() and name.isalpha()):
            continue
        spelled = [k for k, (full, _) in orgs.items()
                   if k != key and initials(full) == name]
        if len(spelled) == 1:
            orgs[spelled[0]][1].extend(orgs.pop(key)[1])


def _named_institution(seg: Segment, text: str) -> bool:
    """`the Senate`, `the Pentagon`-like: a capitalised organisation head alone,
    after `the`, inside a sentence, that names no longer organisation of the story."""
    before = [t for t in seg.before if t.sentence == seg.tokens[0].sentence][-1:]
    owned = bool(before) and before[0].possessive and _country_name(before[0].text)
    return (fold(text) in ORG_HEADS and text[0].isupper() and not seg.tokens[0].sentence_start
            and ([t.text for t in before] == ["the"] or owned)  # `the Senate`, `Mexico's Senate`
            and fold(text) not in _GENERIC)


def _operated_facility(seg: Segment) -> bool:
    """An airport or a port is run by a body that acts and speaks: reported
    as an organisation under its full name. Mines, dams and bridges are not."""
    return seg.kind == "facility" and any(
        fold(t.text) in FACILITY_ORGS and t.text[0].isupper() for t in seg.tokens)


_ACRONYM_SUBJECT = re.compile(r"[A-Z]{3,6}")
# `NASA on Tuesday pushed back ...`: a subject dated by the weekday of what it
# did is an actor; a person would not be printed in capitals, and a figure
# (`GDP`) is reported by someone else (`GDP data on Tuesday showed`).
_DATED_ACT = re.compile(r"\s+(?:(?:late|early|earlier) )?on (?:Monday|Tuesday|Wednesday|Thursday"
                        r"|Friday|Saturday|Sunday)\s+[a-z]+ed\b")
_ACRONYM_NAME = re.compile(r"[A-Z]{2,8}(?:-[A-Z][^\W\d_]{1,20})?")


def _acronym_with_org_noun(seg: Segment, text: str, body: str) -> bool:
    """`the CGT union`, `operator SNCF`, `the cycling club VCF`, `IAEA chief`,
    `CGT-Cheminots and SUD-Rail unions`, `VCF, the cyclists' lobby,`: an
    unknown acronym named as a kind of body before it, in an appositive after
    it or by the noun after it, or as the employer of the staff noun after it; `NASA on Tuesday said`: an acronym of
    three letters or more that reports or acts as a body does (people are not
    printed in capitals inside running text; lines in capitals are re-cased)."""
    if not _ACRONYM_NAME.fullmatch(text):  # `CGT`, `SUD-Rail`
        return False
    if fold(text) in COUNTRY_ALIASES or text in _job_acronyms() or gazetteer().lookup(text):
        return False  # `the company's CFO said`: a post
    sentence = seg.tokens[0].sentence
    before = _kind_noun_before(seg, sentence)
    after = [w for w, _ in words_after(body, seg.end) if w != ","]
    if after[:1] == ["and"]:
        after = after[2:]  # `CGT-Cheminots and SUD-Rail unions`: the noun after the pair
    kind_after = set(after[:1]) | (set(after[1:2]) if after[:1] and after[0].endswith("al") else set())
    return (before in KIND_NOUNS or bool(kind_after & KIND_NOUNS)  # `IKAR agricultural consultancy`
            or bool(after and after[0] in STAFF_AFTER) or appositive_kind(body, seg.end)
            or (_ACRONYM_SUBJECT.fullmatch(text) is not None
                and (subject_of_corporate_verb(body, seg.end)
                     or _DATED_ACT.match(body, seg.end) is not None)))


def _kind_noun_before(seg: Segment, sentence: int) -> str:
    """The lower-case word right before the acronym (`the cycling club VCF`),
    or before `, the` (`Britain's competition regulator, the CMA,`); not a
    capitalised one (`Authority (AFAD)`: the name of which it is the acronym)."""
    toks = [t for t in seg.before if t.sentence == sentence][-3:]
    texts = [t.text for t in toks]
    if texts[-2:] == [",", "the"]:
        toks = toks[:-2]
    last = toks[-1:] if toks and toks[-1].is_word and toks[-1].text.islower() else []
    return fold(last[0].text) if last else ""


@lru_cache(maxsize=1024)
def _country_name(name: str) -> bool:
    key = fold(name)
    return key in COUNTRY_ALIASES or key in COUNTRY_ABBREVIATIONS or any(
        c.primary and c.record.is_country for c in gazetteer().lookup(name))


@lru_cache(maxsize=1)
def _job_acronyms() -> frozenset[str]:
    """`CEO`, `CFO`: the initials of Faker's job titles (`Chief Financial
    Officer`) name a person's post, not an organisation, when they speak."""
    from faker.providers.job.en_US import Provider

    return frozenset(initials(job) for job in Provider.jobs if len(initials(job)) >= 3)


def _bracketed_acronym(body: str, end: int) -> str | None:
    match = _ACRONYM.match(body, end)
    return match.group(1) if match else None


@stage("organisations", "2")
def organisations(a: Article) -> Article:
    return replace(a, organisations=find_organisations(a.body_text))
