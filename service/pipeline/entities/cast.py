"""The cast of a story: its people and organisations with where they are
mentioned, and the grammar that turns an attribution into one of them.

`Cast.speaker_of(...)` is the one public entry point used by the quotes
stage. An attribution names its speaker in one of three ways:

- a name (`Park said`, `Geophysicist Sigrun Olafsdottir said`): the person or
  organisation whose canonical name or printed mention it is, after leading
  role words are dropped;
- a pronoun: `he`/`she` is the nearest earlier person of a compatible gender
  (gender from `entities.gender`), preferring the subject, i.e. the first
  compatible person of the nearest sentence before the quote, in the quote's
  paragraph or the one before; `it` is the nearest earlier organisation;
- a description (`the ministry said`, `the railroad said`, `a Spotify
  spokesperson said`): an organisation printed in it, else the latest
  organisation before the quote whose name carries the description's head
  noun (`the ministry` -> `Ministry of Health`), else, for a generic noun
  (`the company`, `the group`), the latest organisation in the last paragraphs.

Mentions inside quotation marks are not antecedents.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from service.model import Entity
from service.pipeline.entities.gender import (
    Gender,
    gender_of_first_name,
    gender_of_pronouns,
    gender_of_title,
    pronoun_gender,
)
from service.pipeline.knowledge.names import COMPANY_NOUNS, ORG_HEADS, ORG_NOUNS, wordset
from service.pipeline.knowledge.text import fold, sentences, tokenize

# Description heads that may stand for any organisation just named.
GENERIC_ORG_NOUNS = COMPANY_NOUNS | ORG_NOUNS | wordset("""
organisation organization body railroad railway charity agency institution coalition
alliance""")
# Description heads of someone who speaks for a body.
SPOKESPEOPLE = wordset("spokesperson spokesman spokeswoman spokespeople representative")
REACH_PARAGRAPHS = 2  # how far back a pronoun or a description looks
GENDER_MENTIONS = 20  # mentions of a person read for a pronoun that gives the gender


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    name: str  # canonical
    sentence: int


@dataclass
class Cast:
    body: str
    paragraph_starts: list[int]
    people: list[_Mention] = field(default_factory=list)
    organisations: list[_Mention] = field(default_factory=list)
    genders: dict[str, Gender | None] = field(default_factory=dict)
    person_names: dict[str, str] = field(default_factory=dict)  # folded printed form -> canonical
    org_names: dict[str, str] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    names_by_sentence: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, paragraphs: tuple[str, ...], people: tuple[Entity, ...],
              organisations: tuple[Entity, ...], quoted: list[tuple[int, int]]) -> Cast:
        """`quoted`: (start, end) body offsets of the quotations."""
        body = "\n\n".join(paragraphs)
        starts, at = [], 0
        for p in paragraphs:
            starts.append(at)
            at += len(p) + 2
        cast = cls(body, starts)
        cast.sentence_starts = [s for s, _ in sentences(body)]

        quoted = sorted(quoted)
        quote_starts = [s for s, _ in quoted]

        def outside(start: int) -> bool:
            k = bisect.bisect_right(quote_starts, start) - 1
            return k < 0 or not quoted[k][0] <= start < quoted[k][1]

        for entity in people:
            cast.person_names.setdefault(fold(entity.name), entity.name)
            for m in entity.mentions:
                cast.person_names.setdefault(fold(m.text), entity.name)
                if outside(m.start):
                    cast.people.append(_Mention(m.start, m.end, entity.name, cast._sentence(m.start)))
        for entity in organisations:
            cast.org_names.setdefault(fold(entity.name), entity.name)
            for m in entity.mentions:
                cast.org_names.setdefault(fold(m.text), entity.name)
                if outside(m.start):
                    cast.organisations.append(_Mention(m.start, m.end, entity.name,
                                                       cast._sentence(m.start)))
        cast.people.sort(key=lambda m: m.start)
        cast.organisations.sort(key=lambda m: m.start)
        cast.entities = {p.name: p for p in people}
        return cast

    def gender(self, name: str) -> Gender | None:
        """Worked out on first need: most quotes are attributed by name."""
        if name not in self.genders:
            person = self.entities.get(name)
            self.genders[name] = self._gender(person) if person else None
        return self.genders[name]

    def _sentence(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_starts, offset) - 1

    def _gender(self, person: Entity) -> Gender | None:
        known = gender_of_title([w for role in person.roles for w in role.split()]) \
            or gender_of_first_name(person.name)
        if known:
            return known
        if not self.names_by_sentence:
            for o in self.people:
                self.names_by_sentence.setdefault(o.sentence, set()).add(o.name)
        for m in person.mentions[:GENDER_MENTIONS]:
            sentence = self._sentence(m.start)
            if self.names_by_sentence.get(sentence, set()) - {person.name}:
                continue  # another person in the sentence: its pronoun may be theirs
            end = (self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts)
                   else len(self.body))
            rest = self.body[m.end:end]
            if rest.startswith(","):  # past the appositive: `Tom Reyes, her deputy, said he ...`
                rest = rest[rest.find(",", 1) + 1:] if "," in rest[1:] else ""
            found = gender_of_pronouns([t.text for t in tokenize(rest)])
            if found:
                return found
        return None

    def speaker_of(self, mention: str | None, description: str | None, paragraph: int,
                   offset: int) -> str | None:
        """The canonical speaker of an attribution printed with `mention` (a name
        or a pronoun) or only a `description`, for a quote at `offset` of `paragraph`."""
        at = self.paragraph_starts[paragraph] + offset
        if mention:
            pronoun = fold(mention)
            if pronoun in {"he", "she"}:
                return self._person_before(at, pronoun_gender(pronoun), paragraph)
            if pronoun == "it":
                return self._organisation_before(at, paragraph, None)
            return self.named(mention)
        if description:
            return self._described(description, at, paragraph)
        return None

    def named(self, mention: str) -> str | None:
        """The canonical person or organisation a printed name stands for; a
        leading role word is dropped (`Geophysicist Sigrun Olafsdottir`)."""
        words = mention.split()
        for k in range(len(words)):
            key = fold(" ".join(words[k:]))
            if key in self.person_names:
                return self.person_names[key]
            if key in self.org_names:
                return self.org_names[key]
        if len(words) >= 2:
            # the end of a longer name the attribution grammar cut at `and`
            # (`Markets Authority` of `Competition and Markets Authority`)
            tail = " " + fold(mention)
            longer = {org for key, org in self.org_names.items() if key.endswith(tail)}
            if len(longer) == 1:
                return longer.pop()
        if len(words) == 1:  # a family name printed first or last (`Park` of `Park Ji-hoon`)
            key = fold(words[0])
            found = {name for name in self.person_names.values()
                     if key in {fold(name.split()[0]), fold(name.split()[-1])}}
            if len(found) == 1:
                return found.pop()
        return None

    def _window_start(self, paragraph: int) -> int:
        return self.paragraph_starts[max(0, paragraph - 1)]

    def _person_before(self, at: int, gender: Gender | None, paragraph: int) -> str | None:
        """The nearest sentence's first compatible person before `at`."""
        earliest = self._window_start(paragraph)
        candidates = [m for m in self.people if earliest <= m.start < at
                      and (gender is None or self.gender(m.name) in {gender, None})]
        if not candidates:
            return None
        nearest = candidates[-1].sentence
        return next(m.name for m in candidates if m.sentence == nearest)

    def _organisation_before(self, at: int, paragraph: int, head: str | None) -> str | None:
        earliest = self.paragraph_starts[max(0, paragraph - REACH_PARAGRAPHS)]
        candidates = [m for m in self.organisations if m.start < at
                      and ((head is None and m.start >= earliest)
                           or (head is not None and head in fold(m.name).split()))]
        return candidates[-1].name if candidates else None

    def _described(self, description: str, at: int, paragraph: int) -> str | None:
        words = description.split()
        for n in range(len(words), 0, -1):  # an organisation printed in it
            for k in range(len(words) - n + 1):
                key = fold(" ".join(words[k:k + n]))
                if key in self.org_names and key not in {"the", "a"}:
                    return self.org_names[key]
        head = fold(words[-1]).rstrip(".,") if words else ""
        if head in ORG_HEADS:
            named = self._organisation_before(at, paragraph, head)
            if named:
                return named
        if head in GENERIC_ORG_NOUNS:
            return self._organisation_before(at, paragraph, None)
        if head in SPOKESPEOPLE:
            # "the spokeswoman said": the one named with that word earlier
            # ("police spokeswoman Jane Doe"), else the body a spokesperson
            # speaks for ("a Brightloop spokesperson said ... the spokesperson said")
            earliest = self._window_start(paragraph)
            titled = [m.name for m in self.people if earliest <= m.start < at
                      and head in fold(self.body[max(0, m.start - 40):m.start]).split()]
            return titled[-1] if titled else self._organisation_before(at, paragraph, None)
        return None
