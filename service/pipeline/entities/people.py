"""People named in the story: one entity per person, with a canonical name,
every mention (offsets into `Article.body_text`) and the titles seen.

A multi-word name becomes a person when the grammar says so (a title, a role
word or an attribution verb next to it, an appositive, a known given name) or
when its surname alone is used as a person elsewhere (`Idlibi said`). A lone
surname joins the person who carries it (`Erdogan` -> `Tayyip Erdogan`).
Bylined writers and photographers are not people *in* the story: they are
dropped here and reported as contributors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from service.copies import replace
from service.model import Article, Entity, Mention
from service.pipeline.entities.occupations import is_occupation
from service.pipeline.entities.truecase import truecase
from service.pipeline.knowledge.analysis import segments, surname_key
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import (
    DAYS,
    GIVEN_NAMES,
    HONORIFICS,
    MONTHS,
    NEVER_PEOPLE,
    WEATHER_SYSTEMS,
    wordset,
)
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold
from service.pipeline.runner import stage

PLACE_PREPOSITIONS = wordset("in to from near at into across outside inside towards toward")


@dataclass(slots=True)
class _Person:
    key: str
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def canonical(self) -> str:
        """The fullest name printed, as printed in running text rather than in capitals."""
        return max(self.names, key=lambda n: (len(n.split()), not n.isupper(),
                                              -self.names.index(n)))


def _clean_name(seg: Segment, body: str) -> tuple[str, int]:
    """The name without a leading honorific, and its start offset."""
    toks = list(seg.tokens)
    while len(toks) > 1 and fold(toks[0].text.rstrip(".")) in HONORIFICS:
        toks.pop(0)
    return body[toks[0].start:toks[-1].end], toks[0].start


def _preceded_by_preposition(seg: Segment) -> bool:
    words = [fold(t.text) for t in seg.before if t.is_word]
    return bool(words) and words[-1] in PLACE_PREPOSITIONS


@lru_cache(maxsize=16)  # the quotes stage and this stage ask for the same body
def find_people(body: str, exclude: tuple[str, ...] = ()) -> tuple[Entity, ...]:
    """People of `body`; names in `exclude` (writers, photographers) are left out."""
    body = truecase(body)  # lines in capitals read as running text
    segs = segments(body)
    lone_people = {surname_key(s.text(body)) for s in segs
                   if s.kind == "single" and s.evidence and fold(s.tokens[0].text) not in NEVER_PEOPLE}
    people: dict[str, _Person] = {}
    by_surname: dict[str, _Person] = {}
    by_token: dict[str, _Person] = {}
    by_family: dict[str, _Person] = {}
    for seg in segs:
        if seg.kind != "person" or _named_storm(body, seg.start):
            continue
        name, start = _clean_name(seg, body)
        key = surname_key(name)
        family = fold(name.split()[0])
        if not seg.evidence and key not in lone_people and key not in by_surname \
                and family not in lone_people:  # `Tanaka Hiroshi` ... `Tanaka said`
            continue
        person = people.get(fold(name)) or _compatible(by_surname.get(key), name)
        if person is None:
            person = _Person(fold(name))
            people[person.key] = person
        people[fold(name)] = person
        by_surname[key] = person
        for later in name.split()[1:-1]:
            if later[:1].isupper():
                by_token.setdefault(fold(later), person)  # "Lula" of "Luiz Inacio Lula da Silva"
        if len(name.split()) >= 2 and fold(name.split()[0]) not in GIVEN_NAMES:
            # family name first (`Sato Haruki` ... `Sato said`, `Xi Jinping` ... `Xi`)
            by_family.setdefault(fold(name.split()[0]), person)
        person.names.append(name)
        person.mentions.append(Mention(name, start, seg.end))
        if seg.role:
            person.roles.append(seg.role)
        role_before = [t.text for t in seg.before if t.is_word][-1:]
        if "role-before" in seg.evidence and role_before:
            person.roles.append(role_before[0])
    for seg in segs:
        if seg.kind not in {"single", "place"} or len(seg.tokens) != 1 or _named_storm(body, seg.start):
            continue
        text = seg.text(body)
        key = surname_key(text)
        person = by_surname.get(key) or by_token.get(fold(text)) or by_family.get(fold(text))
        if seg.kind == "place" and person is None:
            continue  # a place name is a person only as the name of one already known
        if fold(text) in DAYS | MONTHS and "attribution" not in seg.evidence:
            continue  # `in May` is the month; `May said` is Caroline May
        if person is None:
            if not seg.evidence or fold(text) in NEVER_PEOPLE or text.isupper() \
                    or gazetteer().lookup(text) or seg.evidence == ("appositive",) \
                    or _plural_occupation(text):
                continue
            person = by_surname.setdefault(key, _Person(fold(text)))
            people.setdefault(person.key, person)
        elif gazetteer().lookup(text) and _preceded_by_preposition(seg):
            continue
        person.names.append(text)
        person.mentions.append(Mention(text, seg.start, seg.end))
        if seg.role:
            person.roles.append(seg.role)
    excluded = {fold(n) for n in exclude} | {surname_key(n) for n in exclude if len(n.split()) == 1}
    unique = {id(p): p for p in people.values()}.values()
    entities = [
        Entity(name=p.canonical(), kind="person",
               mentions=tuple(sorted(p.mentions, key=lambda m: m.start)),
               roles=tuple(dict.fromkeys(p.roles)))
        for p in unique
        if fold(p.canonical()) not in excluded and p.mentions
    ]
    entities.sort(key=lambda e: (-e.count, e.mentions[0].start))
    return tuple(entities)


def _plural_occupation(word: str) -> bool:
    """`Economists said`, `Lawyers say`: the plural of an occupation speaks for
    a group of people, not for one person of that surname."""
    if len(word) < 5 or not word.endswith("s"):
        return False
    return is_occupation(word[:-1]) or (word.endswith("es") and is_occupation(word[:-2]))


def _named_storm(body: str, start: int) -> bool:
    """`Storm Boris`, `Typhoon Yagi`: the name after a weather system's word is the storm's."""
    words = body[max(0, start - 12):start].split()
    return bool(words) and fold(words[-1]) in WEATHER_SYSTEMS


def _compatible(person: _Person | None, name: str) -> _Person | None:
    """The same person under a fuller or shorter name (`Erdogan`, `Recep Tayyip
    Erdogan`): every given name of one appears in the other."""
    if person is None:
        return None
    mine = set(fold(name).split()[:-1])
    for other in person.names:
        theirs = set(fold(other).split()[:-1])
        if mine <= theirs or theirs <= mine:
            return person
    return None


def excluded_names(a: Article) -> tuple[str, ...]:
    """Writers and photographers of the article, who are not people in the story."""
    names = [*a.authors, *(c.photographer for c in a.captions if c.photographer)]
    names += [c.name for c in a.contributors]
    return tuple(n for n in names if n)


@stage("people", "2")
def people(a: Article) -> Article:
    return replace(a, people=find_people(a.body_text, excluded_names(a)))
