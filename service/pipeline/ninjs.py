"""Serialise an enriched Article as an IPTC ninjs 3.1 document with the
wire-ingest extension (see schemas/wire-ingest-ninjs.schema.json)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service import SCHEMA_VERSION
from service.model import Article


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def to_ninjs(a: Article) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "uri": a.url or f"urn:wire-ingest:{a.id}",
        "standard": {"name": "ninjs", "version": "3.1",
                     "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"},
        "type": "text",
        "representationtype": "complete",
    }
    if a.headline:
        doc["headlines"] = [{"role": "main", "value": a.headline}]
    if a.published and a.published.utc:
        doc["firstCreated"] = _iso(a.published.utc)
    if a.language:
        doc["language"] = a.language
    if a.paragraphs:
        doc["bodies"] = [{"role": "text", "contenttype": "text/plain", "value": a.body_text}]
    doc["x_wire"] = {
        "schema_version": SCHEMA_VERSION,
        "id": a.id,
        "source": a.source_name,
        "paragraphs": list(a.paragraphs),
        "stages": [{"name": s.name, "version": s.version, "seconds": round(s.seconds, 6)}
                   for s in a.stages],
    }
    return doc
