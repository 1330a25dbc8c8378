"""Gold acceptance for the knowledge stages: the canonical story in
../shared/samples, enriched by the default pipeline, names the gold file's
people, organisations and places (by GeoNames id), nothing it forbids, its
main country and topic, and a resolved dateline. Prints precision and recall
per list field; precision counts `allowed` values as correct.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.model import Article
from service.pipeline.geo.gazetteer import gazetteer
from service.pipeline.ninjs import to_ninjs
from tests.fixtures.knowledge import schema


def _report(field: str, found: set[str], required: set[str], allowed: set[str]) -> float:
    correct = found & (required | allowed)
    precision = len(correct) / len(found) if found else 1.0
    recall = len(found & required) / len(required) if required else 1.0
    print(f"\n{field}: precision {precision:.3f} recall {recall:.3f} "
          f"found {sorted(found)} unexpected {sorted(found - required - allowed)} "
          f"missed {sorted(required - found)}")
    return precision


def test_people(gold: dict[str, Any], article: Article) -> None:
    found = {p.name for p in article.people}
    required = set(gold["required"]["people"])
    assert required <= found
    assert not found & set(gold["forbidden"]["people"])
    assert _report("people", found, required, set(gold["allowed"]["people"])) >= 0.9


def test_writers_and_photographers_are_not_people_in_the_story(article: Article) -> None:
    names = {p.name for p in article.people}
    credited = {c.photographer for c in article.captions if c.photographer} | set(article.authors)
    assert credited, "the anatomy stages should have found the photographers"
    assert not names & credited


def test_organisations(gold: dict[str, Any], article: Article) -> None:
    found = {o.name for o in article.organisations}
    required = set(gold["required"]["organizations"])
    assert required <= found
    precision = _report("organisations", found, required, set(gold["allowed"]["organizations"]))
    assert precision >= 0.9


def test_places(gold: dict[str, Any], article: Article) -> None:
    by_id = {p.geonameid: p for p in article.places}
    accepted: dict[int, str] = {}
    for entry in gold["required"]["places"]:
        hits = [gid for gid in entry["geonameid"] if gid in by_id]
        assert hits, f"{entry['name']} ({entry['geonameid']}) not found"
        for gid in entry["geonameid"]:
            accepted[gid] = entry["name"]
        place = by_id[hits[0]]
        body = article.body_text
        for form in entry.get("mentions", []):
            resolved = {c.record.geonameid for c in gazetteer().lookup(form)}
            assert set(entry["geonameid"]) & resolved, f"{form} does not name {entry['name']}"
            if form in body:
                assert form in {m.text for m in place.mentions}
    assert not set(by_id) & set(gold["forbidden"]["place_geonameids"])
    allowed_names = set(gold["allowed"]["places"])

    def label(place: Any) -> str:
        """The gold name of a required place; else the name, or the form
        printed in the story, that the gold file allows; else the GeoNames name."""
        if place.geonameid in accepted:
            return accepted[place.geonameid]
        forms = [place.name, *(m.text for m in place.mentions)]
        return next((f for f in forms if f in allowed_names), place.name)

    found = {label(p) for p in article.places}
    required = {e["name"] for e in gold["required"]["places"]}
    assert _report("places", found, required, allowed_names) >= 0.9


def test_primary_country_topics_and_dateline(gold: dict[str, Any], article: Article) -> None:
    req = gold["required"]
    assert article.primary_country == req["primary_country"]
    assert set(req["topics_include"]) <= {t.code for t in article.topics}
    assert article.dateline is not None
    assert article.dateline.text == req["dateline"]["text"]
    assert (article.dateline.geonameid, article.dateline.country) == (
        req["dateline"]["geonameid"], req["dateline"]["country"])


def test_enriched_record_validates_against_the_extension_schema(article: Article) -> None:
    if not schema.NINJS_SCHEMA.is_file():
        pytest.skip(f"ninjs schema not found at {schema.NINJS_SCHEMA}")
    assert schema.errors(json.loads(json.dumps(to_ninjs(article)))) == []
