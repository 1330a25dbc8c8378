"""Serialise an enriched Article as an IPTC ninjs 3.1 document, extended the
way ninjs intends: every standard property where ninjs has one, and what
ninjs lacks under one extension property, `x_wire`, defined by
service/schemas/wire-ingest-ninjs.schema.json (which takes ninjs'
`#/$defs/ninjsType` with `allOf`). docs/enrichment-knowledge.md documents
each field.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

import nh3

from service import SCHEMA_VERSION
from service.model import Article, Caption, Entity, Mention, Place, TimeValue

EXTENSION_KEY = "x_wire"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
EXTENSION_SCHEMA = "https://wire-ingest.example.org/schemas/wire-ingest-ninjs.schema.json"
MEDIATOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"
GEONAMES_URI = "https://sws.geonames.org/"
_HTML_TAGS = {"p", "h2", "h3"}


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def _urn(a: Article, *parts: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-._:" else "-" for c in a.id)
    return ":".join(("urn", "wire-ingest", safe, *parts))


def _uri(a: Article) -> str:
    """The story's identity, the same for every version: the article id when
    it is a web address, else a URN made from it (never the current link,
    which may change between versions)."""
    return a.id if a.id.lower().startswith(("http://", "https://")) else _urn(a)


def _version_created(a: Article) -> str | None:
    """Version 1: the feed's update (else publication) time; a later version:
    when the poller saw the change (the fetch time)."""
    if a.raw_version > 1 and a.fetched_at is not None:
        return _iso(a.fetched_at)
    when = (a.updated.utc if a.updated else None) or (a.published.utc if a.published else None)
    return _iso(when)


def _lifecycle(a: Article) -> dict[str, Any]:
    """x_wire fields of the story's lifecycle: signals, identity, changes."""
    c = a.changes
    notices = [s for s in a.signals if s.kind == "correction"]  # the body's note says most
    notice = next((s.text for s in sorted(notices, key=lambda s: s.where == "headline")), None)
    return {
        "signals": [{"kind": s.kind, "text": s.text, "where": s.where} for s in a.signals],
        "correction": a.correction,
        "embargoed_until": _time(a.embargoed_until),
        "identity": a.identity,
        "entry_id": a.entry_id,
        "changes": _drop_none({
            "previous_version": c.previous_version, "headline_changed": c.headline_changed,
            "paragraphs_added": c.paragraphs_added, "paragraphs_removed": c.paragraphs_removed,
            "matched_by": c.matched_by, "correction_notice": notice}) if c else None,
    }


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


def html_body(a: Article) -> str:
    """The cleaned body as sanitised HTML: headings and paragraphs only."""
    headings = set(a.headings)
    parts = [f"<h2>{html.escape(p)}</h2>" if p in headings else f"<p>{html.escape(p)}</p>"
             for p in a.paragraphs]
    return nh3.clean("\n".join(parts), tags=_HTML_TAGS, attributes={})


def _time(t: TimeValue | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return _drop_none({"original": t.original, "utc": _iso(t.utc), "source": t.source,
                       "flags": list(t.flags)})


def _mentions(ms: tuple[Mention, ...]) -> list[dict[str, Any]]:
    return [{"text": m.text, "start": m.start, "end": m.end} for m in ms]


def _entity(e: Entity) -> dict[str, Any]:
    return _drop_none({"name": e.name, "count": e.count, "roles": list(e.roles),
                       "mentions": _mentions(e.mentions)})


def _place(p: Place) -> dict[str, Any]:
    return _drop_none({
        "geonameid": p.geonameid, "name": p.name, "country_code": p.country_code,
        "admin1": p.admin1, "feature_class": p.feature_class, "feature_code": p.feature_code,
        "latitude": p.latitude, "longitude": p.longitude, "population": p.population,
        "count": len(p.mentions), "mentions": _mentions(p.mentions),
    })


def _association(a: Article, n: int, c: Caption) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": f"photo{n}",
        "rel": "illustration",
        "uri": c.image_url or _urn(a, "photo", str(n)),
        "type": "picture",
        "descriptions": [{"role": "caption", "contentType": "text/plain", "value": c.text}],
    }
    if c.photographer:
        doc["by"] = c.photographer
    if c.agency:
        doc["copyrightHolder"] = c.agency
        doc["infoSources"] = [{"name": c.agency, "role": "originator"}]
    if c.credit:
        doc["usageTerms"] = f"Credit: {c.credit}"
    if c.image_url:
        doc["renditions"] = [{"name": "original", "href": c.image_url}]
    return doc


def _info_sources(a: Article) -> list[dict[str, Any]]:
    sources = [{"name": agency, "role": "originator"} for agency in a.agencies]
    sources.append(_drop_none({"name": a.source_name, "role": "publisher"}))
    return sources


def _extension(a: Article) -> dict[str, Any]:
    d = a.dateline
    return _drop_none({
        "schema_version": SCHEMA_VERSION,
        "id": a.id,
        "source": a.source_name,
        "source_url": a.url,
        "source_timezone": a.source_timezone,
        "fetched_at": _iso(a.fetched_at),
        "text_source": a.text_source,
        "raw_version": a.raw_version,
        **_lifecycle(a),
        "published": _time(a.published),
        "updated": _time(a.updated),
        "paragraphs": list(a.paragraphs),
        "authors": list(a.authors),
        "agencies": list(a.agencies),
        "dateline": _drop_none({"text": d.text, "place": d.place, "date_text": d.date_text,
                                "agency": d.agency, "region": d.region, "geonameid": d.geonameid,
                                "country": d.country}) if d else None,
        "captions": [_drop_none({"text": c.text, "photographer": c.photographer,
                                 "agency": c.agency, "credit": c.credit,
                                 "image_url": c.image_url}) for c in a.captions],
        "related_links": [_drop_none({"title": r.title, "label": r.label, "url": r.url})
                          for r in a.related_links],
        "contributors": [{"name": c.name, "role": c.role} for c in a.contributors],
        "quotes": [_drop_none({"text": q.text, "speaker": q.speaker, "role": q.role,
                               "paragraph": q.paragraph, "speaker_mention": q.speaker_mention})
                   for q in a.quotes],
        "language_confidence": a.language_confidence,
        "people": [_entity(e) for e in a.people],
        "organisations": [_entity(e) for e in a.organisations],
        "places": [_place(p) for p in a.places],
        "countries": [_drop_none({"code": c.code, "name": c.name, "weight": c.weight,
                                  "geonameid": c.geonameid}) for c in a.countries],
        "primary_country": a.primary_country,
        "topics": [{"code": t.code, "label": t.label, "score": t.score} for t in a.topics],
        "keyphrases": list(a.keyphrases),
        "summary": a.summary,
        "tone": a.tone,
        "reported_speech": [_drop_none({"speaker": r.speaker, "text": r.text, "start": r.start,
                                        "end": r.end, "speaker_mention": r.speaker_mention,
                                        "verb": r.verb}) for r in a.reported_speech],
        "time_expressions": [{"text": t.text, "start": t.start, "end": t.end,
                              "resolved": t.resolved, "granularity": t.granularity}
                             for t in a.time_expressions],
        "quantities": [_drop_none({"text": q.text, "start": q.start, "end": q.end,
                                   "value": q.value, "approximate": q.approximate,
                                   "unit": q.unit}) for q in a.quantities],
        "fingerprints": _drop_none({
            "content_sha256": a.fingerprints.content_sha256, "simhash": a.fingerprints.simhash,
            "minhash": list(a.fingerprints.minhash)}) if a.fingerprints else None,
        "quality": {"flags": list(a.flags),
                    "duplicate_paragraphs_removed": a.duplicate_paragraphs_removed,
                    "boilerplate_lines_removed": a.boilerplate_lines_removed},
        "counts": _drop_none({"words": a.counts.words, "paragraphs": a.counts.paragraphs,
                              "reading_time_seconds": a.counts.reading_time_seconds})
        if a.counts else None,
        "stages": [{"name": s.name, "version": s.version, "seconds": round(s.seconds, 6)}
                   for s in a.stages],
    })


def to_ninjs(a: Article) -> dict[str, Any]:
    """The ninjs 3.1 document of an enriched article (valid against the
    extension schema for any Article the pipeline produces)."""
    published = a.published.utc if a.published else None
    body = a.body_text
    doc: dict[str, Any] = {
        "uri": _uri(a),
        "standard": {"name": "ninjs", "version": "3.1", "schema": EXTENSION_SCHEMA},
        "type": "text",
        "representationType": "full",
        "profile": "wire-ingest-enriched",
        "version": str(a.raw_version),
        "firstCreated": _iso(published),
        "versionCreated": _version_created(a),
        "pubStatus": a.pub_status,
        "urgency": a.urgency,
        "embargoedUntil": _iso(a.embargoed_until.utc) if a.embargoed_until else None,
        "edNote": a.ed_note or (" ".join(a.notes) or None),
        "slugline": a.slugline,
        "language": a.language,
        "headlines": ([{"role": "main", "value": a.headline}]
                      + ([{"role": "sub", "value": a.standfirst}] if a.standfirst else []))
        if a.headline else None,
        "descriptions": [{"role": "summary", "contentType": "text/plain", "value": a.summary}]
        if a.summary else None,
        "bodies": [
            {"role": "main", "contentType": "text/plain", "value": body,
             "charCount": len(body), "wordCount": len(body.split())},
            {"role": "main", "contentType": "text/html", "value": html_body(a)},
        ] if a.paragraphs else None,
        "by": a.byline or (", ".join(a.authors) if a.authors else None),
        "located": _located(a),
        "infoSources": _info_sources(a),
        "people": [{"name": e.name, "rel": "mentioned", "literal": e.name} for e in a.people],
        "organisations": [{"name": e.name, "rel": "mentioned", "literal": e.name}
                          for e in a.organisations],
        "places": [{"name": p.name, "rel": "mentioned", "uri": f"{GEONAMES_URI}{p.geonameid}/",
                    "literal": f"geonames:{p.geonameid}"} for p in a.places],
        "subjects": [{"name": t.label, "uri": f"{MEDIATOPIC_URI}{t.code.split(':', 1)[1]}",
                      "literal": t.code, "rel": "about", "creator": "wire-ingest",
                      "relevance": round(t.score * 100)}
                     for t in a.topics],
        "associations": [_association(a, n, c) for n, c in enumerate(a.captions, 1)],
        "altIds": [{"role": "wire-ingest-id", "value": a.id}],
        EXTENSION_KEY: _extension(a),
    }
    return _drop_none(doc)


def _located(a: Article) -> str | None:
    d = a.dateline
    if d is None:
        return None
    if d.geonameid is not None:
        named = next((p.name for p in a.places if p.geonameid == d.geonameid), None)
        if named:
            return named
    return d.place.title() if d.place.isupper() else d.place
