"""Where a story names a place: the candidate readings of each mention.

A mention is a segment the entity analysis typed as a place or a lone name
(and not claimed by a person or an organisation), a country's demonym, a
continent's or region's adjective or abbreviation (`European`, `EU`, `Central
American`), a state's or province's adjective (`Californian`), a country word
opening a title, a place inside a public body's name, a US state
abbreviation after a place, a hyphenated pair of places, or a dateline in
capitals. Each gets every gazetteer record that bears its name; the long tail
(small towns, counties) is consulted unless a country, division, continent or
region bears the name as its own (`Florida` is the state, not the town in New
York), or when the name is qualified (`Maywood, N.J.`). The full list of
rules, with examples, is in docs/enrichment-knowledge.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from service.pipeline.geo.compound import compound_countries, western_world
from service.pipeline.geo.embedded import embedded
from service.pipeline.geo.gazetteer import Candidate, GeoRecord, gazetteer
from service.pipeline.geo.lexicon import (
    CA_POSTAL_CODES,
    CA_PROVINCE_ABBREVIATIONS,
    CONTINENT_WORDS,
    COUNTRY_ABBREVIATIONS,
    DIVISION_WORDS,
    EXTRA_DEMONYMS,
    LANGUAGES,
    REGION_ADJECTIVES,
    REGION_WORDS,
    REGIONS,
    US_POSTAL_CODES,
    US_STATE_ABBREVIATIONS,
)
from service.pipeline.geo.sources import generic_name
from service.pipeline.knowledge.analysis import segments
from service.pipeline.knowledge.names import (
    COMMON_WORDS,
    COUNTRY_ALIASES,
    DEMONYMS,
    GIVEN_NAMES,
    TITLES,
)
from service.pipeline.knowledge.segments import Segment
from service.pipeline.knowledge.text import fold, tokenize

# What follows a dateline place at the start of a paragraph.
_DATELINE_FOLLOWERS = frozenset({"(", "-", "–", "—", ",", ":"})
_LANGUAGE_BEFORE = frozenset({"speak", "speaks", "spoke", "speaking", "spoken", "learn",
                              "learning", "fluent"})
_LANGUAGE_BEFORE_ALONE = frozenset({"in", "into", "from"})
_LANGUAGE_AFTER = frozenset({"language", "languages", "speaker", "speakers", "speaking",
                             "translation", "subtitles", "-language", "-speaking"})
_DIVISION_AFTER = re.compile(r"\s+(" + "|".join(sorted(DIVISION_WORDS)) + r")\b", re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"(?<![\w.])((?:NEW|New|SAN|San|LOS|Los|EL|El|ST\.|St\.?|SAINT|Saint|PORT|Port|FORT|Fort|MOUNT|Mount|NORTH|North|SOUTH|South|EAST|East|WEST|West))[ \t]+$")
_CAPITAL_ABBREVIATIONS = frozenset({"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE"})
_ANY_PREVIOUS_WORD = re.compile(r"(?<![\w.])([A-Z][a-z]+)[ \t]+$")
_STATE_BODY_HEADS = frozenset({"commission", "forces", "force", "agency", "army", "navy",
                               "military", "embassy", "consulate", "federation", "service",
                               "committee", "council", "ministry", "department", "government",
                               "police", "court", "parliament", "senate", "congress", "office",
                               "bureau", "administration", "guard", "authority", "board",
                               "institute", "mission", "command", "corps", "republic"})
_STAFF_WORDS = frozenset({"aide", "staff", "staffer", "press", "chief", "correspondent",
                          "official", "spokesman", "spokeswoman", "spokesperson", "counsel",
                          "adviser", "advisor", "lawyer", "communication", "source", "reporter",
                          "employee", "budget", "director", "secretary", "team", "office"})
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
# A name opening its sentence, alone or after `The`: the subject.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?\n][\"'”’)]*\s+)(?:The\s+)?$")
_SETTLEMENT_WORDS = frozenset({"town", "village", "hamlet", "township", "suburb", "borough",
                               "neighborhood", "neighbourhood", "community", "parish"})
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                            "western", "central"})
# Common words that open place names (`New Delhi`, `Great Yarmouth`).
_NAME_OPENERS = _COMPASS_WORDS | {"new", "old", "great", "little", "upper", "lower", "port",
                                  "fort", "mount", "saint", "st", "san", "santa", "el", "la",
                                  "los", "las", "le", "the", "royal", "grand"}
_LOCATIVES = frozenset({"in", "at", "near", "outside", "from", "around", "across", "towards"})
_SHORT_REGIONS = {fold(r.short): r.geonameid for r in REGIONS if r.short}
# A lexicon region's or building's full name is the place even where the
# entity stages read an organisation (`the White House said`).
_REGION_NAMES = {fold(n): r.geonameid for r in REGIONS for n in r.names}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    start: int
    end: int
    candidates: tuple[Candidate, ...]
    qualifier: tuple[GeoRecord, ...] = ()
    sentence_start: bool = False
    locative: bool = False  # after `in`, `at`, `near`...: the words that introduce a place


def qualifier(seg: Segment) -> tuple[GeoRecord, ...]:
    """The country or first-level division printed after a comma (`Paris,
    Texas`, `Maywood, N.J.`, `Riverdale, NY`)."""
    after = seg.after
    if len(after) < 2 or after[0].text != "," or not after[1].text[:1].isupper():
        return ()
    gz = gazetteer()
    word = after[1].text
    code = US_STATE_ABBREVIATIONS.get(word.lower().rstrip(".") + ".") \
        or (word if word in US_POSTAL_CODES else None)
    if code:
        state = gz.admin1("US", code)
        return (state,) if state else ()
    for n in (2, 1):
        words = [t.text for t in after[1:1 + n]]
        if len(words) == n:
            hits = tuple(c.record for c in gz.lookup(" ".join(words))
                         if c.record.feature_code in {"PCLI", "ADM1"})
            if hits:
                return hits
    return tuple(c.record for c in gz.lookup_all(after[1].text)  # "New Quay, Ceredigion"
                 if c.record.feature_code == "ADM2" and c.primary)


def _matching(qualified: tuple[GeoRecord, ...],
              candidates: tuple[Candidate, ...]) -> tuple[GeoRecord, ...]:
    """A county after the comma qualifies only a reading in its own region
    (the long tail knows a county's first-level division, not its towns)."""
    if not qualified or any(q.feature_code != "ADM2" for q in qualified):
        return qualified
    regions = {(c.record.country_code, c.record.admin1) for c in candidates
               if c.record.feature_code != "ADM2"}
    return tuple(q for q in qualified if (q.country_code, q.admin1) in regions)


def _lexicon_reading(text: str) -> GeoRecord | None:
    """The place an adjective or abbreviation stands for (`EU`, `Californian`)."""
    key = fold(text)
    gz = gazetteer()
    if key in CONTINENT_WORDS:
        return gz.continent(CONTINENT_WORDS[key])
    if key in REGION_ADJECTIVES:
        return gz.admin1(*REGION_ADJECTIVES[key])
    if key in REGION_WORDS:
        return gz.records.get(REGION_WORDS[key])
    if key in EXTRA_DEMONYMS:
        return gz.country(EXTRA_DEMONYMS[key])
    if key in _SHORT_REGIONS:
        return gz.records.get(_SHORT_REGIONS[key])
    if key in CA_PROVINCE_ABBREVIATIONS and "." in text[:-1]:  # "B.C.", not "Man."
        return gz.admin1("CA", CA_PROVINCE_ABBREVIATIONS[key])
    return None


def _state_abbreviation(body: str, seg: Segment, text: str) -> GeoRecord | None:
    """`Gainesville, Va.`, `Walker County (Ga.)`, `Nelson, B.C.`: a US state's
    or a Canadian province's abbreviation after a place is the state."""
    if len(seg.tokens) != 1 or body[max(0, seg.start - 2):seg.start].strip() not in {",", "("}:
        return None
    key = text.lower().rstrip(".") + "."
    code = US_STATE_ABBREVIATIONS.get(key) or (text if text in US_POSTAL_CODES else None)
    if code:
        return gazetteer().admin1("US", code)
    province = CA_PROVINCE_ABBREVIATIONS.get(key) or CA_POSTAL_CODES.get(text)
    return gazetteer().admin1("CA", province) if province else None


def _state_in_capitals(text: str) -> bool:
    """`CHECK YOUR TICKETS NEW JERSEY!!`: a name of two words or more in
    capitals that is a country's or a first-level division's own name."""
    return " " in text.strip() and any(
        c.primary and c.record.feature_code in {"PCLI", "ADM1"} for c in gazetteer().lookup(text))


def _dateline_caps(body: str, seg: Segment) -> bool:
    """A place in capitals as datelines print it: followed by `(Agency)`, a
    dash or `, Country` (`MANILA, Philippines –`), or opening a paragraph
    before a capitalised word (`LONDON The Latest on...`)."""
    following = body[seg.end:seg.end + 8].lstrip()[:1]
    if following and following in _DATELINE_FOLLOWERS:
        return True
    opens = seg.start == 0 or body[max(0, seg.start - 1):seg.start] == "\n"
    return opens and following.isupper()


def _country_modifier(seg: Segment) -> tuple[int, int, GeoRecord] | None:
    """The country that opens a title or a descriptive name as its modifier
    (`U.S. District Judge`, `Chinese State Councilor`), and of a state body's
    name (`U.S. Federal Trade Commission`). A company's own name keeps its
    country word (`Philippine Airlines` is no place)."""
    if len(seg.tokens) < 2:
        return None
    opening = fold(f"{seg.tokens[0].text} {seg.tokens[1].text}")
    if len(seg.tokens) > 2 and (opening in COUNTRY_ALIASES or opening in COUNTRY_ABBREVIATIONS):
        code2 = COUNTRY_ALIASES.get(opening) or COUNTRY_ABBREVIATIONS[opening]
        country2 = gazetteer().country(code2)  # "Holy See Mikayel Minasyan": the envoy's post
        if country2 is not None:
            return seg.tokens[0].start, seg.tokens[1].end, country2
    first = seg.tokens[0]
    key = fold(first.text)
    code = COUNTRY_ALIASES.get(key) or COUNTRY_ABBREVIATIONS.get(key) or DEMONYMS.get(key) \
        or EXTRA_DEMONYMS.get(key)
    if code is None:
        hits = [c.record for c in gazetteer().lookup(first.text) if c.primary]
        code = hits[0].country_code if len(hits) == 1 and hits[0].is_country else None
    country = gazetteer().country(code) if code else None
    return (first.start, first.end, country) if country else None


def collect(body: str, claimed: list[tuple[int, int]],
            person_words: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Every place mention of `body`; `person_words` are the folded words of
    the story's people's names (`Bryant` after `Kobe Bryant` is the person)."""
    gz = gazetteer()
    lowered = {w for w in fold(body).split() if w.isalpha()} if body else set()
    whole = compound_countries(body)
    out = [PlaceMention(body[start:end], start, end, (Candidate(country, True),))
           for start, end, country in whole]
    west = gz.records.get(REGION_WORDS["western"])
    if west is not None:
        out += [PlaceMention(body[start:end], start, end, (Candidate(west, True),))
                for start, end in western_world(body)]
        whole += [(start, end, west) for start, end in western_world(body)]
    for seg in segments(body):
        if any(seg.start < end and start < seg.end for start, end, _ in whole):
            continue  # a part of "Trinidad and Tobago"
        seg = _division_head(_place_before_words(seg))
        text = seg.text(body)
        lexical = _lexicon_reading(text) if len(seg.tokens) <= 2 and seg.kind != "fragment" \
            else None
        if lexical is not None and _language(seg):
            continue
        if lexical is None and fold(text) in _REGION_NAMES:
            lexical = gz.records.get(_REGION_NAMES[fold(text)])
            if lexical is not None and lexical.feature_class == "S" \
                    and _institution(body, seg.start, seg.end):
                continue
        if lexical is not None:
            out.append(PlaceMention(text, seg.start, seg.end, (Candidate(lexical, True),)))
            continue
        if seg.kind in {"org", "feature", "name"}:
            out.extend(PlaceMention(body[start:end], start, end, hits)
                       for start, end, hits in embedded(body, seg)
                       if not (all(c.record.feature_class == "S" for c in hits)
                               and _institution(body, start, end)))
        if seg.kind in {"person", "feature", "name"} or _state_body(seg):
            modifier = _country_modifier(seg)
            if modifier is not None:
                start, end, modified = modifier
                out.append(PlaceMention(body[start:end], start, end, (Candidate(modified, True),)))
                continue
        if any(seg.start < end and start < seg.end for start, end in claimed):
            continue
        if seg.kind == "person" and not seg.evidence and "-" not in text:
            mention = _unproven_name(body, seg, text, person_words, lowered)
            if mention is not None:
                out.append(mention)
            continue
        if seg.kind == "demonym" and seg.canonical:
            region = _region_phrase(body, seg)
            if region is not None:  # "Central American", "Latin American"
                start, record = region
                out.append(PlaceMention(body[start:seg.end], start, seg.end, (Candidate(record, True),)))
                continue
            country = gz.country(seg.canonical)
            if country and not _language(seg):
                out.append(PlaceMention(text, seg.start, seg.end, (Candidate(country, True),)))
            continue
        if seg.kind == "feature":
            counties = tuple(c for c in gz.lookup_all(text) if c.record.feature_code == "ADM2")
            if counties:
                out.append(PlaceMention(text, seg.start, seg.end, counties, qualifier(seg)))
            continue
        state = _state_abbreviation(body, seg, text)
        if state is not None:
            out.append(PlaceMention(text, seg.start, seg.end, (Candidate(state, True),)))
            continue
        if seg.kind in {"place", "single", "fragment"}:
            joined = _joined_with_previous_word(body, seg)
            if joined is not None:
                start, hits = joined
                out.append(PlaceMention(body[start:seg.end], start, seg.end, hits,
                                        _matching(qualifier(seg), hits)))
                continue
        if seg.kind in {"single", "person", "name"} and "-" in text.strip("-"):
            parts = _hyphenated_places(seg.start, text)
            if parts:  # "the Amsterdam-London leg", "the DPRK-South Korea summit"
                out.extend(parts)
                continue
        if seg.kind not in {"place", "single"} and not _coordinated_fragment(seg):
            continue
        capitals = text.isupper() and fold(text) not in COUNTRY_ALIASES \
            and fold(text) not in COUNTRY_ABBREVIATIONS
        if capitals and (len(text) <= 3 or not (_dateline_caps(body, seg) or _state_in_capitals(text))):
            continue  # an acronym, or a word printed in capitals for emphasis
        if fold(text) in LANGUAGES:
            continue
        mention = _name_mention(body, seg, text, capitals, person_words, lowered)
        if mention is not None:
            out.append(mention)
    return out + _uncovered_abbreviations(body, out)


def _name_mention(body: str, seg: Segment, text: str, capitals: bool,
                  person_words: frozenset[str], lowered: set[str]) -> PlaceMention | None:
    """The readings of a place name or lone name: the well-known gazetteer,
    the long tail where allowed, and the filters that keep words and people
    out (see the module docstring and docs/enrichment-knowledge.md)."""
    gz = gazetteer()
    qualified = qualifier(seg)
    candidates = gz.lookup(text)
    plain_name = not capitals and not generic_name(text) and fold(text) not in DEMONYMS
    well_known = any(c.primary and c.record.feature_class in "ALH" for c in candidates)
    if plain_name and (qualified or not well_known):
        candidates += gz.lookup_all(text)[len(candidates):]  # the long tail
    if generic_name(text):  # "Republic", "Union": a town's name, but first a word
        candidates = tuple(c for c in candidates if c.record.feature_class != "P")
    if not candidates:
        return None
    if any(c.primary and c.record.feature_code in {"PCLI", "CONT"} for c in candidates):
        candidates = tuple(c for c in candidates if c.primary)  # Mexico is not Mexico City
    if len(seg.tokens) == 1 and not qualified and fold(text) in person_words:
        candidates = tuple(c for c in candidates if c.record.feature_class != "P")
    elif len(seg.tokens) == 1 and not qualified and fold(text) in GIVEN_NAMES:
        candidates = tuple(c for c in candidates if c.primary and not _small(c.record))
    if not candidates:
        return None
    qualified = _matching(qualified, candidates)
    division = _DIVISION_AFTER.match(body, seg.end)
    end = seg.end
    if division:  # "Idlib province", "Sokoto State": the division, not its capital
        level = "ADM2" if division.group(1).lower() in {"county", "district"} else "ADM1"
        whole = body[seg.start:division.end()]  # "Montgomery County" is the county's own name
        named = tuple(c for c in gz.lookup_all(whole) if c.record.feature_code == level)
        if named:
            text, end = whole, division.end()
        else:
            named = tuple(c for c in gz.lookup_all(text) if c.record.feature_code == level)
        candidates = named or candidates
    if seg.sentence_start and len(seg.tokens) == 1 and _lower_elsewhere(body, text, lowered):
        return None
    return PlaceMention(text, seg.start, end, candidates, qualified, seg.sentence_start,
                        _locative(seg))


def _unproven_name(body: str, seg: Segment, text: str, person_words: frozenset[str],
                   lowered: set[str]) -> PlaceMention | None:
    """A two-word name nothing shows to be a person's, which the people
    stage leaves alone: a place when the gazetteer bears it whole (`a forum
    in Red Oak, Iowa`), or its country when it ends with one (`Nazi Germany`)."""
    whole = _name_mention(body, seg, text, False, person_words, lowered)
    if whole is not None:
        return whole
    last = seg.tokens[-1]
    countries = tuple(c for c in gazetteer().lookup(last.text)
                      if c.primary and c.record.feature_code == "PCLI")
    return PlaceMention(last.text, last.start, last.end, countries) if countries else None


def _locative(seg: Segment) -> bool:
    """`in Nenagh`, `the town of Southold`, `the Crown Heights
    neighborhood`: words that introduce a place."""
    before = [t.text.lower() for t in seg.before[-2:]]
    after = seg.after[0].text.lower() if seg.after else ""
    return (bool(before) and before[-1] in _LOCATIVES) or after in _SETTLEMENT_WORDS \
        or (len(before) == 2 and before[1] == "of" and before[0] in _SETTLEMENT_WORDS)


def _place_before_words(seg: Segment) -> Segment:
    """`Oklahoma Gov. Mary Fallin`, `Honolulu Are there ...`, `Tianjin No. 2`:
    a well-known place that the name analysis joined to a title or to a
    common word printed with a capital letter is the place alone."""
    if seg.kind != "name" or len(seg.tokens) < 2:
        return seg
    tail = seg.tokens[1:]
    if not all(fold(t.text) in COMMON_WORDS or fold(t.text.rstrip(".")) in TITLES for t in tail):
        return seg
    if not any(c.primary and (c.record.feature_class == "A" or c.record.population >= 100_000)
               for c in gazetteer().lookup(seg.tokens[0].text)):
        return seg
    return replace(seg, kind="place", tokens=seg.tokens[:1], after=tail)


def _division_head(seg: Segment) -> Segment:
    """`Sokoto State`, `Donetsk Oblast` typed as one unknown name: its place
    head, as a place, so the division word after it picks the division."""
    if seg.kind != "name" or len(seg.tokens) < 2 or fold(seg.tokens[-1].text) not in DIVISION_WORDS:
        return seg
    head = seg.tokens[:-1]
    if not gazetteer().lookup(" ".join(t.text for t in head)):
        return seg
    return replace(seg, kind="place", tokens=head)


def _uncovered_abbreviations(body: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """`US employers`, `US Ambassador` at a sentence start, where the name
    analysis sees the pronoun `us`: a country abbreviation in capitals that no
    segment covers is the country."""
    gz = gazetteer()
    covered = [(s.start, s.end) for s in segments(body)] + [(m.start, m.end) for m in found]
    out = []
    for tok in tokenize(body):
        code = COUNTRY_ALIASES.get(fold(tok.text)) if tok.text in _CAPITAL_ABBREVIATIONS else None
        country = gz.country(code) if code else None
        if country and not any(a < tok.end and tok.start < b for a, b in covered):
            out.append(PlaceMention(tok.text, tok.start, tok.end, (Candidate(country, True),)))
    return out


def _joined_with_previous_word(body: str, seg: Segment) -> tuple[int, tuple[Candidate, ...]] | None:
    """`NEW YORK`, `New Quay`: a common word the name analysis cut off (`New`,
    `San`) and the name after it, when together they are a place's own name."""
    previous = _PREVIOUS_WORD.search(body, max(0, seg.start - 12), seg.start)
    if previous is None or len(seg.tokens) > 3:
        return None
    hits = tuple(c for c in gazetteer().lookup_all(body[previous.start(1):seg.end]) if c.primary)
    return (previous.start(1), hits) if hits else None


def _region_phrase(body: str, seg: Segment) -> tuple[int, GeoRecord] | None:
    """A demonym that ends a region's adjective (`Central American`)."""
    previous = _ANY_PREVIOUS_WORD.search(body, max(0, seg.start - 12), seg.start)
    if previous is None:
        return None
    record = _lexicon_reading(f"{previous.group(1)} {seg.text(body)}")
    return (previous.start(1), record) if record is not None else None


def _hyphenated_places(start: int, text: str) -> list[PlaceMention]:
    """`Amsterdam-London`, `Asia-Pacific`, `Syrian-Turkish`, `DPRK-U.S.`:
    every part a place's own name (a well-known one, not the long tail), a
    country's demonym or abbreviation, or a continent's or region's
    adjective, each a mention of its own. One part that is neither
    (`Spanish-language`, `All-American`) makes the word no place."""
    out: list[PlaceMention] = []
    offset = start
    for part in text.split("-"):
        hits = _part_reading(part)
        if not hits:
            return []
        out.append(PlaceMention(part, offset, offset + len(part), hits))
        offset += len(part) + 1
    return out


def _part_reading(part: str) -> tuple[Candidate, ...]:
    key = fold(part)
    if len(part) < 2 or key in LANGUAGES:
        return ()
    gz = gazetteer()
    lexical = _lexicon_reading(part)
    if lexical is not None:
        return (Candidate(lexical, True),)
    code = DEMONYMS.get(key) or COUNTRY_ABBREVIATIONS.get(key) or COUNTRY_ALIASES.get(key)
    country = gz.country(code) if code else None
    if country is not None:
        return (Candidate(country, True),)
    return tuple(c for c in gz.lookup(part) if c.primary) if len(part) > 2 else ()


def _coordinated_fragment(seg: Segment) -> bool:
    """`the North West and Limpopo`, `the West and Russia`, `the State of
    Tamil Nadu`, `South Venezuela`: a name after `and`, a comma, `of` or a
    compass word is a name of its own, even inside a longer capitalised run."""
    if seg.kind != "fragment" or not seg.before:
        return False
    previous = seg.before[-1]
    word = fold(previous.text)
    if previous.text in {"and", "or", ",", "of"} or word in _COMPASS_WORDS:
        return True  # "the State of Tamil Nadu", "in the Western US"
    # "After Paris, London is ...": a common word capitalised only because it
    # opens the sentence is not the first word of a longer name
    return previous.sentence_start and word in COMMON_WORDS and word not in _NAME_OPENERS


def _institution(body: str, start: int, end: int) -> bool:
    """`White House aides`, `The White House declined`: a building's name
    read as the institution housed there (a person's post, or the subject
    that speaks and acts), which the corpus guideline does not count as a
    place; `barred from the White House`, `a White House dinner` are."""
    following = _NEXT_WORD.match(body, end)
    after = following.group(1) if following else ""
    word = after.lower()
    if word in _STAFF_WORDS or word.removesuffix("s") in _STAFF_WORDS or after[:1].isupper():
        return True
    return _SENTENCE_OPENING.search(body, max(0, start - 8), start) is not None


def _state_body(seg: Segment) -> bool:
    """`U.S. Federal Trade Commission`, `Russian Federation`, `US Special
    Forces`: an organisation of a state, whose country word is the place it
    belongs to (a company's own name, `Philippine Airlines`, is not)."""
    if seg.kind != "org":
        return False
    words = [fold(t.text) for t in seg.tokens]
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head in _STATE_BODY_HEADS  # `Russian Ministry of Defence` too


def _language(seg: Segment) -> bool:
    """`in English`, `speaks French`, `Spanish-language`, `Chinese speakers`:
    the demonym names a language, not a country."""
    before = seg.before[-1].text.lower() if seg.before else ""
    after = seg.after[0].text.lower() if seg.after else ""
    after2 = seg.after[1].text.lower() if len(seg.after) > 1 else ""
    if before in _LANGUAGE_BEFORE_ALONE and not after.isalpha():
        return True  # "written in English." but not "in Turkish custody"
    return (before in _LANGUAGE_BEFORE or after in _LANGUAGE_AFTER
            or (after == "-" and after2 in _LANGUAGE_AFTER))


def _small(r: GeoRecord) -> bool:
    """Under 100,000 people: such a place loses to a person of the same name."""
    return (r.feature_class == "P" and r.population < 100_000) or r.feature_code == "ADM2"


def _lower_elsewhere(body: str, word: str, lowered: set[str]) -> bool:
    """A sentence-initial word also printed in lower case is a common word."""
    return word.lower() in body and fold(word) in lowered
