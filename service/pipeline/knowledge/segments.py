"""Cut each capitalised run into typed segments: organisation, title, demonym,
place, person, or a lone name to be resolved later.

The order of the tests is the grammar of news English: a known organisation
or an organisation head (`... Front`, `... Ministry`) first, then titles
(`Turkish President` -> demonym + title), then whole-run places (`New York`),
then a name that evidence says is a person, then places inside the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from service.pipeline.entities.gender import is_first_name, is_last_name
from service.pipeline.entities.occupations import is_occupation
from service.pipeline.entities.org_spans import (
    compass_opens_org,
    descriptor_opens,
    is_head,
    match_curated,
    org_end,
    org_lead,
)
from service.pipeline.knowledge.cues import (
    company_cue,
    employer_of_staff,
    facility_end,
    facility_noun_after,
    is_initial,
    place_at,
)
from service.pipeline.knowledge.gazetteer import gazetteer
from service.pipeline.knowledge.names import (
    ATTRIBUTION_VERBS,
    COMMON_WORDS,
    DAYS,
    DEMONYMS,
    FACILITY_HEADS,
    GEO_FEATURES,
    GIVEN_NAMES,
    GROUP_PLURALS,
    HONORIFICS,
    INVERSION_VERBS,
    LEADING_DETERMINERS,
    MONTHS,
    NAME_PARTICLES,
    NEVER_PEOPLE,
    ORG_CONNECTORS,
    ORG_HEADS,
    PERSON_VERBS,
    ROLE_WORDS,
    STRUCTURE_HEADS,
    TITLES,
    wordset,
)
from service.pipeline.knowledge.runs import Run
from service.pipeline.knowledge.text import Token, fold

# facility: a named facility (airport, mine); name: a multi-word proper name
# that is neither a known place nor a proven person (`Cerro Alto`, `Cebu Pacific`)
Kind = Literal["org", "title", "demonym", "place", "person", "single", "feature", "fragment",
               "facility", "name"]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: Kind
    tokens: tuple[Token, ...]
    evidence: tuple[str, ...] = ()  # why a person/single is a person
    role: str | None = None  # title before a person, as printed
    canonical: str | None = None  # curated organisation name, demonym country code
    sentence_start: bool = False
    after: tuple[Token, ...] = field(default=(), compare=False)
    before: tuple[Token, ...] = field(default=(), compare=False)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    def text(self, body: str) -> str:
        return body[self.start:self.end]


def _feature_end(toks: tuple[Token, ...], i: int) -> int | None:
    """End of a physical feature or street name (`Strait of Georgia`) from i.

    The feature word opens the name (`Lake Victoria`), closes it (`Fulton
    County`, also before a title: `Bell County Judge David Blackburn`) or comes
    before `of`; inside a longer name it is part of that name (`Harbour Street
    Capital`), and right after a title it is a name (`Minister Park Ji-hoon`)."""
    last = len(toks) - 1
    for k in range(i, len(toks)):
        tok = toks[k]
        if fold(tok.text) not in GEO_FEATURES or not tok.text[0].isupper() \
                or (k > 0 and _is_title(toks[k - 1])):
            continue
        if k == last or _is_title(toks[k + 1]):
            end = k + 1
        elif fold(toks[k + 1].text) == "of" or k == i:
            end = next((j for j in range(k + 1, len(toks)) if _is_title(toks[j])), len(toks))
        else:
            continue
        whole = " ".join(t.text for t in toks[i:end])
        return None if gazetteer().lookup(whole) else end
    return None

def _is_title(tok: Token) -> bool:
    return tok.text[0].isupper() and fold(tok.text.rstrip(".")) in TITLES


def _opening_occupation(toks: tuple[Token, ...], k: int) -> bool:
    """`Novelist Adaeze Obi said`, `Administrator Bill Ramsey`: an occupation
    capitalised before a name of two words or more is a title."""
    return len(toks) - k >= 3 and is_occupation(toks[k].text)


def _compound_name(toks: tuple[Token, ...], k: int) -> bool:
    """After a demonym, a capitalised word that is neither a title, an
    organisation, a given name nor another demonym makes one compound name."""
    if k >= len(toks) or not toks[k].text[0].isupper():
        return False
    key = fold(toks[k].text)
    return not (key in TITLES or key in GIVEN_NAMES or is_head(toks[k]) or _demonym_at(toks, k)
                or match_curated(toks, k) or key in DAYS or key in MONTHS)


def _demonym_at(toks: tuple[Token, ...], i: int) -> tuple[int, str] | None:
    # accents kept: `Germán` is a name, not `German`
    if i + 1 < len(toks):
        pair = f"{toks[i].text} {toks[i + 1].text}".casefold()
        if pair in DEMONYMS:
            return 2, DEMONYMS[pair]
    key = toks[i].text.casefold()
    return (1, DEMONYMS[key]) if key in DEMONYMS and toks[i].text[0].isupper() else None


def _title_span(toks: tuple[Token, ...], i: int) -> int:
    """Title words from i; the last word of the run is a name even when it is
    also a title (`Grace Bishop`, `John Major`)."""
    k = i
    while k < len(toks) - 1 and (_is_title(toks[k]) or _opening_occupation(toks, k)):
        k += 1
        if k > i and k + 2 < len(toks) and fold(toks[k].text) in {"of", "for"} \
                and toks[k + 1].text[0].isupper():
            k += 2  # `Secretary of State`, `Minister for Health`: the portfolio is part of the title
    return k - i


def _person_evidence(run: Run, toks: tuple[Token, ...], titled: bool) -> tuple[str, ...]:
    evidence: list[str] = []
    if titled:
        evidence.append("title")
    first = fold(toks[0].text)
    if (first in GIVEN_NAMES and not _place_named(toks)) or (
            len(toks) >= 2 and is_first_name(first) and fold(toks[-1].text) not in EVENT_HEADS
            and not _place_named(toks, weak=True)):
        # the hand list; Faker's first names of every locale only before a
        # surname; neither where the words name a place (`Red Oak`,
        # `Washington Township`; after a first name of some locale only,
        # `Nazi Germany`)
        evidence.append("given-name")
    sentence = toks[0].sentence
    prev = [fold(t.text) for t in run.before if t.is_word and t.sentence == sentence]
    adjacent = bool(run.before) and run.before[-1].is_word  # `said: “Passenger ...` is no inversion
    if prev and prev[-1] in {"the", "a", "an"} and not titled:
        return ()  # `the Sierra Nevada foothills`: a determiner does not open a person's name
    if prev and adjacent and (prev[-1] in ROLE_WORDS or prev[-1] in INVERSION_VERBS):
        # "said Peter Lomuria"; not "told Radio Mitre": whoever is told may be a broadcaster
        evidence.append("role-before" if prev[-1] in ROLE_WORDS else "attribution")
    after = [fold(t.text) for t in run.after if t.sentence == sentence]
    if after[:1] and (after[0] in ATTRIBUTION_VERBS or after[0] in PERSON_VERBS):
        evidence.append("attribution")
    if after[:1] == [","] and len(after) > 1 and (after[1] in {"a", "an", "the", "who"}
                                                  or after[1] in ROLE_WORDS or after[1].isdigit()):
        evidence.append("appositive")
    if after[:2] == [",", "said"] or (after[:1] == ["has"] and after[1:2] == ["said"]):
        evidence.append("attribution")
    return tuple(evidence)


def _place_named(toks: tuple[Token, ...], weak: bool = False) -> bool:
    """The whole name is a place's (`Red Oak`), it ends with a word that
    closes a place's or a party's name (`Washington Township`, `Christian
    Democrats`), or, after a `weak` first
    name, with a country's name that is nobody's surname (`Nazi Germany`,
    but `Tyrone Jordan`)."""
    last = toks[-1].text
    if len(toks) < 2 or fold(last) in STRUCTURE_HEADS | GROUP_PLURALS:
        return len(toks) >= 2
    if gazetteer().lookup_all(" ".join(t.text for t in toks)):
        return True
    return weak and not is_last_name(last) and any(
        c.primary and c.record.feature_code in {"PCLI", "CONT"} for c in gazetteer().lookup(last))


def _name_like(tok: Token, inside: bool = False, after_title: bool = False) -> bool:
    """Whether `tok` can be part of a person's name. Inside a name (after its
    first word) a month, a common word or a title is a surname: `Caroline
    May`, `Grace Bishop`, `Mark Carney`."""
    if is_initial(tok) or (len(tok.text) == 1 and tok.text.isupper() and tok.text not in "AI"):
        return True  # `K. Venkat Reddy`, `K J George`
    key = fold(tok.text)
    if key in NAME_PARTICLES or key.split("-")[0] in NAME_PARTICLES:
        return True
    if not tok.text[0].isupper() or tok.text.isupper():
        return False
    key = tok.text.casefold().replace("’", "'")  # accents kept: `Germán` is no `German`
    if after_title:  # `Foreign Minister Park Ji-hoon`, `Prime Minister May`
        return key not in _NEVER_AFTER_TITLE
    return key not in NEVER_PEOPLE or (inside and key not in _NEVER_SURNAMES)


# Unions of word lists the tests below use, built once (not at every test).
_NEVER_AFTER_TITLE = DAYS | LEADING_DETERMINERS | ORG_HEADS
_CONNECTORS_AND_PARTICLES = ORG_CONNECTORS | NAME_PARTICLES
_TITLES_AND_COMMON_WORDS = TITLES | COMMON_WORDS

# Words that close the name of a thing, not of a person, even after a first
# name (`Harmon Prize`, `Nobel Peace Prize`, `Davis Cup`).
EVENT_HEADS = wordset("""prize prizes award awards trophy cup medal festival games championship
championships summit conference forum expo fair marathon derby olympics paralympics""")
_NEVER_SURNAMES = (DAYS | LEADING_DETERMINERS | ORG_HEADS | FACILITY_HEADS | GEO_FEATURES
                   | frozenset(DEMONYMS) | EVENT_HEADS)


def _person_like(toks: tuple[Token, ...], titled: bool = False) -> bool:
    """After a title the first word may be a common word too (`Minister Park Ji-hoon`)."""
    return _name_like(toks[0], after_title=titled) and all(_name_like(t, inside=True) for t in toks[1:])


def classify(run: Run) -> list[Segment]:
    """The typed segments of one run, left to right."""
    toks = run.tokens
    out: list[Segment] = []
    i = 0
    speaks = bool(run.after) and fold(run.after[0].text) in ATTRIBUTION_VERBS
    while i < len(toks) and (fold(toks[i].text) in LEADING_DETERMINERS
                             or (toks[i].sentence_start and fold(toks[i].text) in COMMON_WORDS
                                 and fold(toks[i].text) not in DEMONYMS
                                 and not (len(toks) == 1 and speaks)
                                 and not compass_opens_org(toks, i))
                             or descriptor_opens(toks, i)
                             or fold(toks[i].text) in _CONNECTORS_AND_PARTICLES):
        # a lone common word that speaks (`May said`) is kept: it may be a known surname
        i += 1
    role: str | None = None
    unknown_from: int | None = None
    while i < len(toks):
        first = toks[i]
        sub_run = Run(toks[i:], run.before if i == 0 else toks[max(0, i - 3):i], run.after)
        curated = match_curated(toks, i)
        if curated:
            n, canonical = curated
            out.append(Segment("org", toks[i:i + n], canonical=canonical, after=run.after))
            i += n
            continue
        prefixed = match_curated(toks, i + 1) if i + 1 < len(toks) else None
        if prefixed and (_demonym_at(toks, i) or place_at(toks, i, 1)):
            # "Kenya Red Cross": a national branch of a known organisation
            out.append(Segment("org", toks[i:i + 1 + prefixed[0]], after=run.after))
            i += 1 + prefixed[0]
            continue
        fac_end = facility_end(toks, i)
        if fac_end is not None and (org_end(toks, i) or 0) <= fac_end:
            out.append(Segment("facility", toks[i:fac_end], after=run.after))
            i = fac_end
            continue
        feature_end = _feature_end(toks, i)
        if feature_end is not None and org_end(toks, i) is None:
            out.append(Segment("feature", toks[i:feature_end]))
            i = feature_end
            continue
        org_stop = org_end(toks, i)
        if org_stop is not None:
            out.append(Segment("org", toks[i:org_stop], sentence_start=first.sentence_start,
                               after=run.after))
            i = org_stop
            continue
        demonym = _demonym_at(toks, i)
        if demonym and place_at(toks, i, len(toks) - i) > demonym[0]:
            demonym = None  # "Russian Federation" is a place name of its own
        if demonym and _compound_name(toks, i + demonym[0]):
            out.append(Segment("feature", toks[i:]))  # "British Columbia", "French Riviera"
            break
        if demonym:
            n, code = demonym
            out.append(Segment("demonym", toks[i:i + n], canonical=code))
            i += n
            continue
        n_title = _title_span(toks, i)
        if n_title:
            role = " ".join(t.text for t in toks[i:i + n_title])
            out.append(Segment("title", toks[i:i + n_title]))
            i += n_title
            continue
        if fold(first.text) in _CONNECTORS_AND_PARTICLES and not first.text[0].isupper():
            i += 1
            continue
        rest = _until_break(toks, i)
        if role is None and i + len(rest) == len(toks) and employer_of_staff(rest, run.after):
            # "Liberal Unity lawmakers": a party, not Liberal, Kansas and Unity, South Sudan
            out.append(Segment("name", rest, sentence_start=first.sentence_start, after=run.after))
            break
        n_place = place_at(toks, i, len(rest))
        whole_place = n_place == len(rest) and role is None
        name_like = _person_like(rest, titled=role is not None)
        if role is None and n_place < len(rest) \
                and (name_like or org_lead(rest[0]) or all(t.text[0].isupper() for t in rest)) \
                and company_cue(sub_run.before, first):
            # "operator Andina Cobre", "drugmaker Kiran Rao Laboratories"
            out.append(Segment("org", rest, sentence_start=first.sentence_start, after=run.after))
            i += len(rest)
            continue
        if role is None and len(rest) >= 2 and name_like and org_lead(rest[0]) and not whole_place:
            out.append(Segment("org", rest, sentence_start=first.sentence_start, after=run.after))
            i += len(rest)  # "Grupo Mexico", "Banco Santander"
            continue
        if i + len(rest) == len(toks) and n_place < len(rest) and name_like \
                and facility_noun_after(run.after):
            out.append(Segment("facility", rest, after=run.after))  # "Cerro Alto copper mine"
            break
        evidence = _person_evidence(sub_run, rest, role is not None)
        if len(rest) >= 2 and not whole_place and name_like \
                and (evidence or fold(rest[0].text) in HONORIFICS):
            out.append(Segment("person", rest, evidence=evidence, role=role,
                               sentence_start=rest[0].sentence_start))
            i += len(rest)
            role = None
            continue
        if 0 < n_place < len(rest) and len(rest) >= 2 and name_like \
                and not any(place_at(toks, k, 1) for k in range(i + n_place, i + len(rest))):
            # a place opening a longer unknown name ("Cerro Alto", "Cebu Pacific")
            # names neither that place nor anything else on its own
            kind: Kind = "org" if _coordinated_with_org(toks, i, out) else "name"
            out.append(Segment(kind, rest, sentence_start=first.sentence_start, after=run.after))
            i += len(rest)
            role = None
            continue
        if n_place:
            out.append(Segment("place", toks[i:i + n_place], sentence_start=first.sentence_start,
                               before=sub_run.before, after=run.after if i + n_place == len(toks) else ()))
            i += n_place
            continue
        if len(rest) >= 2 and name_like and role is None and _coordinated_with_org(toks, i, out):
            out.append(Segment("org", rest, sentence_start=first.sentence_start, after=run.after))
            i += len(rest)  # "Philippine Airlines and Cebu Pacific"
            continue
        if len(rest) >= 2 and name_like:
            # an unproven multi-word name: kept as a candidate, proven later by a lone surname
            out.append(Segment("person", rest, evidence=(), role=role,
                               sentence_start=rest[0].sentence_start))
            i += len(rest)
            continue
        if fold(first.text) in FACILITY_HEADS:
            pass  # "Airport" alone is part of a facility's name, never a place
        elif _name_like(first) or first.text.isupper() or is_head(first) \
                or (i == len(toks) - 1 and speaks):  # `May said`: resolved against known surnames
            ev = _person_evidence(Run((first,), sub_run.before, run.after if i == len(toks) - 1 else ()),
                                  (first,), role is not None)
            out.append(Segment("single", (first,), evidence=ev, role=role,
                               sentence_start=first.sentence_start, before=sub_run.before,
                               after=run.after if i == len(toks) - 1 else ()))
        elif len(toks) > 1 and fold(first.text) in COMMON_WORDS and unknown_from is None:
            unknown_from = len(out)
        i += 1
        role = None
    if unknown_from is not None:
        # a common word inside the run ("New South Wales"): the names after it
        # are parts of a longer name, not places on their own
        out[unknown_from:] = [replace(s, kind="fragment") if s.kind in {"place", "single"} else s
                              for s in out[unknown_from:]]
    return _employer_before_title(out)


# Titles held in a body rather than over a portfolio (`Energy Minister`,
# `Majority Leader` name no organisation).
_EMPLOYER_TITLES = wordset("""governor ceo chairman chairwoman chair president founder spokesman
spokeswoman spokesperson coach manager director""")


def _employer_before_title(out: list[Segment]) -> list[Segment]:
    """`Riksbank Governor Erik Thedeen`: an unknown name right before a title
    and a person is the body the title belongs to (places and demonyms are
    already typed as such)."""
    for k in range(len(out) - 2):
        if out[k].kind == "single" and not out[k].tokens[0].text.isupper() \
                and out[k + 1].kind == "title" and out[k + 2].kind == "person" \
                and fold(out[k + 1].tokens[-1].text) in _EMPLOYER_TITLES \
                and fold(out[k].tokens[0].text) not in _TITLES_AND_COMMON_WORDS:
            out[k] = replace(out[k], kind="org", evidence=())
    return out


def _coordinated_with_org(toks: tuple[Token, ...], i: int, out: list[Segment]) -> bool:
    """`Philippine Airlines and Cebu Pacific`: a name joined by `and` to an organisation."""
    return i >= 1 and bool(out) and out[-1].kind == "org" and fold(toks[i - 1].text) == "and"


def _until_break(toks: tuple[Token, ...], i: int) -> tuple[Token, ...]:
    """Tokens from i up to the next demonym, title, organisation or `and`."""
    k = i + 1
    while k < len(toks):
        key = fold(toks[k].text)
        if key == "and" or key in ORG_CONNECTORS or _demonym_at(toks, k) or is_head(toks[k]) \
                or match_curated(toks, k) or (_is_title(toks[k]) and k < len(toks) - 1):
            break
        k += 1
    return toks[i:k]
