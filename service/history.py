"""`wire-ingest history ID`: every version of one story on the enriched
topic, oldest first, with what each version changed.

ID is the story's article id (`x_wire.id`, the record key) or its ninjs
`uri`. All versions of a story share its key, so they sit in one partition,
in order; the command reads the topic from the beginning to its current end.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import orjson
from kafka import TopicPartition

from service.config import Settings
from service.transport.kafka import make_consumer

READ_LIMIT_S = 60.0


def is_version_of(doc: dict[str, Any], story: str) -> bool:
    x = doc.get("x_wire") or {}
    return story in (x.get("id"), doc.get("uri"))


def describe_change(doc: dict[str, Any]) -> str:
    """What one version did, in a few words: `first version`, `headline
    changed; 1 paragraph added, 2 removed; correction: ...`."""
    x = doc.get("x_wire") or {}
    changes = x.get("changes")
    parts: list[str] = []
    if not changes:
        parts.append("first version" if str(doc.get("version", "1")) == "1" else "new version")
    else:
        if changes.get("headline_changed"):
            parts.append("headline changed")
        added, removed = changes.get("paragraphs_added", 0), changes.get("paragraphs_removed", 0)
        if added or removed:
            parts.append(f"{added} paragraph{'s' * (added != 1)} added, {removed} removed")
        if not parts:
            parts.append("text changed")
        if changes.get("matched_by") not in (None, "guid", "link"):
            parts.append(f"matched by {changes['matched_by']}")
    if x.get("correction"):
        notice = (changes or {}).get("correction_notice") or doc.get("edNote") or ""
        parts.append(f"correction: {notice}".rstrip(": "))
    status = doc.get("pubStatus", "usable")
    if status != "usable":
        parts.append(f"pubStatus {status}" + (f" ({doc['edNote']})" if doc.get("edNote") else ""))
    if doc.get("embargoedUntil"):
        parts.append(f"embargoed until {doc['embargoedUntil']}")
    return "; ".join(parts)


def history_lines(docs: Iterable[dict[str, Any]]) -> list[str]:
    """One line per version: version, when, status, urgency, headline, change."""
    lines: list[str] = []
    for doc in docs:
        head = next((h.get("value") for h in doc.get("headlines", []) if h.get("role") == "main"),
                    "(no headline)")
        lines.append(f"v{doc.get('version', '?')}  {doc.get('versionCreated', '-')}  "
                     f"{doc.get('pubStatus', 'usable')}  urgency {doc.get('urgency', '-')}  "
                     f"{head}\n    {describe_change(doc)}")
    return lines


def read_versions(settings: Settings, story: str, timeout_s: float = READ_LIMIT_S) -> list[dict[str, Any]]:
    """Every document of `story` on the enriched topic, in topic order."""
    consumer = make_consumer(settings, group_id=None, read_committed=True)
    try:
        topic = settings.enriched_topic
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        found: list[tuple[int, dict[str, Any]]] = []
        deadline = time.monotonic() + timeout_s
        key = story.encode("utf-8")
        while any(consumer.position(tp) < end[tp] for tp in tps) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=300).values():
                for rec in records:
                    if rec.value is None:
                        continue
                    doc = orjson.loads(rec.value)
                    if rec.key == key or is_version_of(doc, story):
                        found.append((rec.offset, doc))
        return [doc for _, doc in sorted(found, key=lambda pair: pair[0])]
    finally:
        consumer.close()
