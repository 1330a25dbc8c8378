"""`wire-ingest tail`: follow the enriched topic and print what arrives."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO

import orjson

from service.config import Settings
from service.transport.kafka import make_consumer


def describe(doc: dict[str, Any]) -> str:
    """A short, readable rendering of one enriched document."""
    x = doc.get("x_wire", {})
    head = next((h.get("value") for h in doc.get("headlines", []) if h.get("role") == "main"), None)
    lines = [f"\u25b6 {head or '(no headline)'}"]
    meta = [str(v) for v in (x.get("source"), doc.get("firstCreated"), doc.get("language")) if v]
    by = doc.get("by")
    if by:
        meta.append(f"by {by}")
    lines.append("  " + " | ".join(meta))
    lifecycle = _lifecycle(doc)
    if lifecycle:
        lines.append(f"  {lifecycle}")
    dateline = x.get("dateline")
    if isinstance(dateline, dict) and dateline.get("text"):
        lines.append(f"  dateline: {dateline['text']}")
    for key, label in (("people", "people"), ("organisations", "organisations"), ("places", "places")):
        names = [str(e["name"]) for e in doc.get(key, []) if isinstance(e, dict) and e.get("name")]
        if names:
            lines.append(f"  {label}: {', '.join(names[:8])}")
    subjects = [str(s["name"]) for s in doc.get("subjects", []) if isinstance(s, dict) and s.get("name")]
    if subjects:
        lines.append(f"  topics: {', '.join(subjects[:5])}")
    paragraphs = x.get("paragraphs") or []
    if paragraphs:
        first = paragraphs[0]
        lines.append(f"  {first[:160]}{'…' if len(first) > 160 else ''}")
    return "\n".join(lines)


def _lifecycle(doc: dict[str, Any]) -> str:
    """Version, status, urgency and notes, when they say more than "a first,
    ordinary, usable version"."""
    parts: list[str] = []
    if str(doc.get("version", "1")) != "1":
        parts.append(f"version {doc['version']}")
    if doc.get("pubStatus", "usable") != "usable":
        parts.append(str(doc["pubStatus"]).upper())
    if doc.get("urgency", 5) < 5:
        parts.append(f"urgency {doc['urgency']}")
    if doc.get("embargoedUntil"):
        parts.append(f"embargoed until {doc['embargoedUntil']}")
    if doc.get("edNote"):
        note = str(doc["edNote"])
        parts.append(f"note: {note[:120]}{'…' if len(note) > 120 else ''}")
    return " | ".join(parts)


def print_document(value: bytes, *, as_json: bool, out: TextIO = sys.stdout) -> None:
    if as_json:
        out.write(value.decode() + "\n")
    else:
        out.write(describe(orjson.loads(value)) + "\n\n")
    out.flush()


def tail_enriched(settings: Settings, *, from_beginning: bool, as_json: bool,
                  max_docs: int | None, timeout_s: float | None, stop: threading.Event) -> int:
    consumer = make_consumer(settings, settings.enriched_topic, group_id=None, read_committed=True,
                             auto_offset_reset="earliest" if from_beginning else "latest")
    seen = 0
    deadline = time.monotonic() + timeout_s if timeout_s else None
    try:
        while not stop.is_set() and (max_docs is None or seen < max_docs):
            if deadline and time.monotonic() > deadline:
                break
            for records in consumer.poll(timeout_ms=500).values():
                for rec in records:
                    print_document(rec.value, as_json=as_json)
                    seen += 1
    finally:
        consumer.close()
    return seen
