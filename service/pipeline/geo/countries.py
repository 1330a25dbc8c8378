"""The countries a story concerns, weighted, and its main country (focus).

Every resolved place mention votes for its country: a mention of the country
itself or its demonym counts 1, a place inside it 1.5 (a town is more
specific evidence of where the story happens than a passing `Turkish`), and
mentions in the first paragraph count double. The dateline adds 1 to its
country. Weights are the votes normalised to sum to 1, rounded to 3 places;
the focus is the heaviest country (ties: the earliest mentioned).
"""

from __future__ import annotations

from collections import defaultdict

from service.copies import replace
from service.model import Article, CountryWeight, Place
from service.pipeline.geo.gazetteer import gazetteer
from service.pipeline.runner import stage

MAX_COUNTRIES = 10


def weigh_countries(places: tuple[Place, ...], lead_end: int,
                    dateline_country: str | None) -> tuple[CountryWeight, ...]:
    votes: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for place in places:
        cc = place.country_code
        if not cc:
            continue
        per_mention = 1.0 if place.feature_code == "PCLI" else 1.5
        for m in place.mentions:
            votes[cc] += per_mention * (2.0 if m.start < lead_end else 1.0)
            first_seen[cc] = min(first_seen.get(cc, m.start), m.start)
    if dateline_country:
        votes[dateline_country] += 1.0
        first_seen.setdefault(dateline_country, 1 << 30)
    total = sum(votes.values())
    if not total:
        return ()
    ranked = sorted(votes, key=lambda cc: (-votes[cc], first_seen.get(cc, 1 << 30)))
    out: list[CountryWeight] = []
    for cc in ranked[:MAX_COUNTRIES]:
        record = gazetteer().country(cc)
        out.append(CountryWeight(code=cc, name=record.name if record else cc,
                                 weight=round(votes[cc] / total, 3),
                                 geonameid=record.geonameid if record else None))
    return tuple(out)


@stage("countries", "1")
def countries(a: Article) -> Article:
    lead_end = len(a.paragraphs[0]) if a.paragraphs else 0
    weights = weigh_countries(a.places, lead_end, a.dateline.country if a.dateline else None)
    return replace(a, countries=weights, primary_country=weights[0].code if weights else None)
