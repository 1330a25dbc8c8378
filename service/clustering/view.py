"""`wire-ingest clusters`: follow the clusters topic and show live clusters
with their copies, one block per assignment as it arrives."""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any, TextIO

from service.config import Settings
from service.transport.kafka import make_consumer


def describe(a: dict[str, Any]) -> str:
    """One assignment, readable: the cluster line, then what this document is."""
    head = (f"■ cluster {a['cluster']}  first {a.get('first_source') or '?'} at {a.get('first_seen')}"
            f"  agency {a.get('agency') or '-'}  copies {a.get('copies', 0)}"
            f"  updates {a.get('updates', 0)}")
    role = a.get("role", "?")
    line = f"  {role:8s} {a['doc']}  ({a.get('source') or '?'}, {a.get('seen')})"
    if role in ("copy", "update"):
        line += f"  of {a.get('of')}  J≈{a.get('jaccard')}"
    lines = [head, line]
    cut = a.get("cut") or []
    if cut:
        lines.append(f"           cut paragraphs {', '.join(str(i + 1) for i in cut)} of the original")
    for added in (a.get("added") or [])[:5]:
        lines.append(f"           + ¶{added['position'] + 1}: {added.get('text', '')}")
    if a.get("related"):
        lines.append(f"           related: {', '.join(a['related'])}")
    return "\n".join(lines)


def tail_clusters(settings: Settings, *, from_beginning: bool, as_json: bool,
                  max_records: int | None, timeout_s: float | None, stop: threading.Event,
                  out: TextIO = sys.stdout) -> int:
    consumer = make_consumer(settings, settings.cluster_topics["clusters"], group_id=None,
                             read_committed=True,
                             auto_offset_reset="earliest" if from_beginning else "latest")
    shown = 0
    deadline = time.monotonic() + timeout_s if timeout_s else None
    try:
        while not stop.is_set() and (max_records is None or shown < max_records):
            if deadline and time.monotonic() > deadline:
                break
            for records in consumer.poll(timeout_ms=500).values():
                for rec in records:
                    try:
                        a = json.loads(rec.value)
                        out.write((json.dumps(a, ensure_ascii=False) if as_json else describe(a)) + "\n")
                    except (ValueError, KeyError, TypeError) as exc:
                        out.write(f"(unreadable assignment at offset {rec.offset}: {exc})\n")
                    out.flush()
                    shown += 1
    finally:
        consumer.close()
    return shown
