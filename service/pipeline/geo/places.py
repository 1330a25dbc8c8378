"""Places named in the story, resolved to GeoNames records; the dateline too.

Each mention (a place name, a country's demonym, a lone capitalised word the
gazetteer knows) gets every record that carries its name. The score of a
record (documented in docs/enrichment-knowledge.md) adds:

* a prior by kind and size: countries, then continents, then first-level
  divisions, then cities by log10(population); a match on an alternate name
  only (`Hama` for Japan's Ono-hara) costs 2.5;
* the story's countries: unambiguous mentions vote for their country, and a
  record in a voted country gains 2 + 4 x that country's share of the votes;
* the dateline's country (+1), an explicit qualifier (`Paris, Texas`: +10);
* distance to the other places chosen in a first pass (+2 within 300 km,
  +1 within 1,000 km);
* none of the context above for a namesake under a tenth of the size of a
  country, capital or big city of the same name, unless its own region is
  named in the story (`Rome` is not Rome, Georgia, in any US story).

Spans already claimed by a person or an organisation are not places.
A small town's name the story quotes as a speaker (`said Noma`, `Noma told`)
or names as a leader (`the Obama administration`) is a person wherever it stands.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from service.copies import replace
from service.model import Article, Mention, Place
from service.pipeline.geo.gazetteer import MIN_CITY_POPULATION, Candidate, GeoRecord, gazetteer
from service.pipeline.geo.mentions import PlaceMention, collect
from service.pipeline.knowledge.text import fold
from service.pipeline.runner import stage

DATELINE_VOTES = 2


@dataclass(frozen=True, slots=True)
class Context:
    country_share: dict[str, float]
    dateline_country: str | None
    voters: dict[str, frozenset[str]] = field(default_factory=dict)  # country -> mention keys
    anchors: tuple[tuple[str, GeoRecord], ...] = ()  # (mention key, chosen record)
    town_regions: frozenset[tuple[str | None, str | None]] = frozenset()  # of accepted small towns


def long_tail(r: GeoRecord) -> bool:
    """A town under the in-memory threshold or a county: thousands share such
    names, so one needs the story's own region to be believed."""
    return r.feature_code == "ADM2" or (r.feature_class == "P" and r.population < MIN_CITY_POPULATION)


def _regions(ctx: Context, key: str) -> set[tuple[str | None, str | None]]:
    """(country, first-level division) of the well-known places chosen for
    the story's other mentions (and the dateline)."""
    return {(r.country_code, r.admin1) for k, r in ctx.anchors
            if k != key and r.admin1 and not long_tail(r)} | ctx.town_regions


def _prior(c: Candidate) -> float:
    r = c.record
    if r.feature_code == "PCLI":
        score = 8.0
    elif r.feature_code == "CONT":
        score = 7.0
    elif r.feature_code == "ADM1":
        # a division is no more prominent than its country is populous: a
        # parish of Bermuda does not outrank the city of Southampton
        country = gazetteer().country(r.country_code or "")
        score = min(5.5, math.log10(country.population) - 1) if country and country.population \
            else 5.5
    else:
        score = math.log10(max(r.population, 1000)) + (0.5 if r.feature_code == "PPLC" else 0.0)
    return score if c.primary else score - 2.5


def _landmark(r: GeoRecord) -> bool:
    """A place known the world over by its name: a country, a first-level
    division, a country's capital or a city of a million people."""
    return r.feature_code in {"PCLI", "ADM1", "PPLC"} or (r.feature_class == "P" and r.population >= 1_000_000)


def _dwarfed(c: Candidate, m: PlaceMention) -> bool:
    """A namesake under a tenth of the size of a landmark bearing the same
    name (Rome, Georgia beside Rome; a town called Lebanon beside the country)."""
    r = c.record
    if _landmark(r):
        return False
    return any(o.primary and _landmark(o.record)
               and (o.record.population == 0 or r.population * 10 < o.record.population)
               for o in m.candidates)


def score(c: Candidate, m: PlaceMention, ctx: Context) -> float:
    """How likely mention `m` denotes candidate `c` in this story."""
    r = c.record
    s = _prior(c)
    cc = r.country_code
    key = fold(m.text)
    if not m.qualifier and _dwarfed(c, m) and (cc, r.admin1) not in _regions(ctx, key):
        # the story's country alone does not make "Rome" a small US town:
        # only its state named in the story (or a qualifier) does
        return s
    if cc and cc in ctx.country_share:
        s += 2.0 + 4.0 * ctx.country_share[cc]
    if cc and cc == ctx.dateline_country:
        s += 1.0
    if r.admin1 and (cc, r.admin1) in _regions(ctx, key):
        s += 1.5  # Riverdale in a New York story
    if r.feature_code == "ADM1" and any(not k.startswith(key) and other.geonameid == r.geonameid
                                        for k, other in ctx.anchors):
        # "Wash." elsewhere in the story: "home in Washington" is the state
        # ("Enugu State" elsewhere says nothing of the city of Enugu)
        s += 4.0
    for q in m.qualifier:
        if (q.is_country and q.country_code == cc) or (
                q.feature_code in {"ADM1", "ADM2"} and q.country_code == cc
                and q.admin1 == r.admin1 and r.feature_code != "ADM2"):
            s += 10.0
    if r.latitude is not None and r.feature_class == "P":
        near = [_km(r, other) for k, other in ctx.anchors
                if k != key and other.latitude is not None and other.feature_class == "P"]
        if near:
            d = min(near)
            s += 2.0 if d < 300 else 1.0 if d < 1000 else 0.0
    return s


def _km(a: GeoRecord, b: GeoRecord) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _vote(m: PlaceMention) -> str | None:
    """The country a mention speaks for: the country it names when nothing
    else bears that name as its own (`Chile`, though a Turkish town has `Chile`
    as an alternate name; not `Georgia`, a US state too), else the only
    country its readings share."""
    primary = [c.record for c in m.candidates if c.primary and not long_tail(c.record)]
    if len(primary) == 1 and primary[0].is_country:
        return primary[0].country_code
    codes = {c.record.country_code for c in m.candidates  # None: a continent, in no country
             if not long_tail(c.record)}
    return next(iter(codes)) if len(codes) == 1 else None


def _country_votes(mentions: list[PlaceMention], dateline_country: str | None = None) -> dict[str, float]:
    """Each country's share of the votes; the dateline, which says where the
    story was filed, weighs as much as `DATELINE_VOTES` mentions."""
    votes: Counter[str] = Counter(cc for cc in map(_vote, mentions) if cc)
    if dateline_country:
        votes[dateline_country] += DATELINE_VOTES
    total = sum(votes.values())
    return {cc: n / total for cc, n in votes.items()} if total else {}


def _voters(mentions: list[PlaceMention]) -> dict[str, frozenset[str]]:
    """Country -> folded names of the mentions voting for it."""
    voters: dict[str, set[str]] = {}
    for m in mentions:
        cc = _vote(m)
        if cc:
            voters.setdefault(cc, set()).add(fold(m.text))
    return {cc: frozenset(keys) for cc, keys in voters.items()}


def resolve(mentions: list[PlaceMention], dateline: GeoRecord | None,
            dateline_place: str | None = None) -> list[tuple[PlaceMention, GeoRecord]]:
    """The best record for every mention that clears the evidence bar. The
    dateline's name in the body (`a Santiago-based brokerage` under a
    `SANTIAGO` dateline) is the dateline's place."""
    dateline_country = dateline.country_code if dateline else None
    ctx = Context(_country_votes(mentions, dateline_country), dateline_country, _voters(mentions))
    first = [(m, max(m.candidates, key=lambda c: score(c, m, ctx))) for m in mentions]
    anchors = tuple((fold(m.text), c.record) for m, c in first)
    if dateline is not None:
        anchors += (("", dateline),)
    ctx = replace(ctx, anchors=anchors)
    chosen = _choose(mentions, ctx, dateline, dateline_place)
    # A small town accepted on its own evidence ("in Nenagh") vouches for its
    # region: its neighbours ("in Toomevara") are read again with it.
    towns = frozenset((r.country_code, r.admin1) for _, r in chosen if long_tail(r) and r.admin1)
    if towns - ctx.town_regions:
        chosen = _choose(mentions, replace(ctx, town_regions=ctx.town_regions | towns),
                         dateline, dateline_place)
    return chosen


def _choose(mentions: list[PlaceMention], ctx: Context, dateline: GeoRecord | None,
            dateline_place: str | None) -> list[tuple[PlaceMention, GeoRecord]]:
    chosen: list[tuple[PlaceMention, GeoRecord]] = []
    doubted: list[PlaceMention] = []
    for m in mentions:
        if dateline is not None and dateline_place and fold(m.text) == fold(dateline_place) \
                and any(c.record.geonameid == dateline.geonameid for c in m.candidates):
            chosen.append((m, dateline))
            continue
        best = max(m.candidates, key=lambda c: score(c, m, ctx))
        if _unsupported(m, best, ctx):
            doubted.append(m)
        else:
            chosen.append((m, best.record))
    # One sense per discourse: a name the story has already used, where the
    # evidence sufficed ("in Douma"), keeps that reading where it stands
    # alone ("Douma is surrounded", at a sentence's capital letter).
    accepted = {fold(m.text): r for m, r in chosen}
    for m in doubted:
        same = accepted.get(fold(m.text))
        if same is not None and any(c.record.geonameid == same.geonameid for c in m.candidates):
            chosen.append((m, same))
    chosen.sort(key=lambda pair: pair[0].start)
    return chosen


def _unsupported(m: PlaceMention, best: Candidate, ctx: Context) -> bool:
    """A reading with nothing for it but its name: an alternate name of a small
    place, or an ambiguous (or sentence-initial) name of a place under a million
    people in a country the story does not otherwise name."""
    r = best.record
    if r.feature_code in {"PCLI", "CONT"} or m.qualifier:
        return False
    if not best.primary and m.sentence_start:
        return True  # "Sterling rose": an alternate spelling of Stirling, at a capital letter
    if long_tail(r):
        if (r.country_code, r.admin1) in _regions(ctx, fold(m.text)):
            return False  # Riverdale in a New Jersey story
        namesakes = [c for c in m.candidates if c.record.country_code == r.country_code
                     and (c.primary or not best.primary)]  # own names: South Bend is no Southold
        in_voted_country = bool(ctx.voters.get(r.country_code or "", frozenset()) - {fold(m.text)})
        one_country = len({c.record.country_code for c in m.candidates}) == 1
        return not (len(namesakes) == 1 and m.locative
                    and (in_voted_country or one_country))  # "in Nenagh", Irish story
    if r.feature_code == "PPLC" and best.primary:
        return False  # "talks in Washington": capitals are named for their country
    named_country = bool(ctx.voters.get(r.country_code or "", frozenset()) - {fold(m.text)})
    if not best.primary and r.population < 100_000 \
            and (r.country_code, r.admin1) not in _regions(ctx, fold(m.text)) \
            and not (m.locative and named_country and len(m.candidates) == 1):
        # "Niña" is an alternate name of Neenah, Wisconsin: not without
        # Wisconsin; "installed in Echmiadzin" in a story of Armenia is
        return True
    if ctx.voters.get(r.country_code or "", frozenset()) - {fold(m.text)}:
        return False  # another place of the story is in the same country
    if not best.primary and r.population < 1_000_000:
        return True  # "Levi" is an alternate name of Lévis, Quebec: not in a story without Canada
    countries = {c.record.country_code for c in m.candidates if not long_tail(c.record)}
    if best.primary and r.feature_class == "P" and r.population >= 100_000 \
            and not m.sentence_start and all(
                c.record.population * 10 <= r.population for c in m.candidates
                if c.primary and c.record.country_code != r.country_code):
        # Southampton, England: the places abroad bearing its name as their
        # own are under a tenth of its size
        return False
    if r.feature_code == "ADM1" and best.primary and len(countries) == 1:
        return False  # "Oklahoma Gov. Mary Fallin": a state's own name, in one country only
    return r.population < 1_000_000 and (len(countries) > 1 or m.sentence_start)


def resolve_dateline(place: str, region: str | None = None,
                     mentions: tuple[PlaceMention, ...] = ()) -> GeoRecord | None:
    """The place of a dateline (`AMMAN`, `VICTORIA, Seychelles`): scored like a
    mention, with the story's countries and the dateline's own region as context."""
    candidates = gazetteer().lookup(place.title()) or gazetteer().lookup(place)
    if not candidates:
        return None
    qualifier = tuple(c.record for c in gazetteer().lookup(region)
                      if c.record.feature_code in {"PCLI", "ADM1"}) if region else ()
    m = PlaceMention(place, 0, 0, candidates, qualifier)
    ctx = Context(_country_votes(list(mentions)), None)
    return max(candidates, key=lambda c: score(c, m, ctx)).record


def _dateline_region(dateline: GeoRecord, region: str | None) -> GeoRecord | None:
    """The country or US state printed after the dateline place, when it holds it."""
    if not region:
        return None
    for c in gazetteer().lookup(region):
        r = c.record
        if r.country_code == dateline.country_code and (
                r.is_country or (r.feature_code == "ADM1" and r.admin1 == dateline.admin1)):
            return r
    return None


# "said Noma", "Noma told reporters": a speaker; "police in Delft said" is not
# (`(?=[A-Z])` first: the look-behinds are then tried only before a capital)
_PERSON_CUE = re.compile(r"\b(?:said|says|told|asked)\s+([A-Z][\w'-]+)\b(?!\s+[A-Z])"
                      r"|\b(?=[A-Z])(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bof )(?<!\bnear )"
                      r"([A-Z][\w'-]+)\s+(?:said|says|told|asked|added)\b"
                      # "the Obama administration", "an Obama-era rule": a leader
                      r"|\b([A-Z][\w']+)(?:-era\b|\s+administration\b)")


def person_names(body: str) -> frozenset[str]:
    """Folded single names the story quotes as speakers or names as leaders."""
    return frozenset(fold(next(g for g in groups if g)) for groups in _PERSON_CUE.findall(body))


def to_place(r: GeoRecord, mentions: list[Mention]) -> Place:
    return Place(geonameid=r.geonameid, name=r.name, country_code=r.country_code,
                 feature_class=r.feature_class, feature_code=r.feature_code, admin1=r.admin1,
                 latitude=r.latitude, longitude=r.longitude, population=r.population or None,
                 mentions=tuple(mentions))


def find_places(body: str, claimed: list[tuple[int, int]], dateline_place: str | None = None,
                dateline_region: str | None = None, person_words: frozenset[str] = frozenset(),
                ) -> tuple[tuple[Place, ...], GeoRecord | None]:
    """The places of `body` (spans in `claimed` excluded) and the dateline's record."""
    mentions = collect(body, claimed, person_words)
    dateline = resolve_dateline(dateline_place, dateline_region, tuple(mentions)) \
        if dateline_place else None
    grouped: dict[int, tuple[GeoRecord, list[Mention]]] = {}
    quoted = person_names(body)
    for m, r in resolve(mentions, dateline, dateline_place):
        if fold(m.text) in quoted and r.feature_code != "PPLC" and (
                r.feature_class == "P" and r.population < 100_000):
            continue  # a small town's name the story quotes is a person ("Noma said") throughout
        grouped.setdefault(r.geonameid, (r, []))[1].append(Mention(m.text, m.start, m.end))
    if dateline is not None:
        grouped.setdefault(dateline.geonameid, (dateline, []))
        region = _dateline_region(dateline, dateline_region)
        if region is not None:
            grouped.setdefault(region.geonameid, (region, []))  # "LIMA, Peru": Peru too
    places = [to_place(r, ms) for r, ms in grouped.values()]
    places.sort(key=lambda p: (-len(p.mentions), p.mentions[0].start if p.mentions else -1))
    return tuple(places), dateline


@stage("places", "2")
def places(a: Article) -> Article:
    claimed = [(m.start, m.end) for e in (*a.people, *a.organisations) for m in e.mentions]
    dateline = a.dateline
    person_words = frozenset(w for p in a.people for w in fold(p.name).split())
    found, record = find_places(a.body_text, claimed, dateline.place if dateline else None,
                                dateline.region if dateline else None, person_words)
    if dateline is not None and record is not None:
        dateline = replace(dateline, geonameid=record.geonameid, country=record.country_code)
    return replace(a, places=found, dateline=dateline)
