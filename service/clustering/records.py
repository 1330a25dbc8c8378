"""The records that travel between worker, assigner steps and subscribers:
JSON objects, one per Kafka record, built and read only here."""

from __future__ import annotations

import struct
from array import array
from datetime import UTC, datetime
from typing import Any

import orjson

from service.clustering.sketch import BINS, Sketch, pack_signature

Record = dict[str, Any]
SNIPPET_CHARS = 100


class BadClusterRecord(ValueError):
    """A record of a clustering topic that is not what the assigner writes:
    skipped (and counted), never retried."""


def encode(record: Record) -> bytes:
    return orjson.dumps(record)


def decode(value: bytes | None, *, state: bool = False) -> Record:
    """A record of a clustering topic; `state`: an entry of the state topic
    (which names neither document nor cluster: its key does)."""
    if value is None:
        raise BadClusterRecord("empty cluster record")
    try:
        record = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise BadClusterRecord(f"cluster record is not JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise BadClusterRecord("cluster record is not a JSON object")
    if not state and "doc" not in record and "cluster" not in record:
        raise BadClusterRecord("cluster record without doc or cluster")
    return record


def sketch_to_json(s: Sketch) -> Record:
    return {"sig": struct.pack(f">{BINS}H", *s.bins()).hex(),
            "sh": s.shingles, "p": s.paragraphs.tolist(), "pw": s.paragraph_words.tolist(),
            "nm": s.names.tolist(), "nu": s.numbers.tolist()}


def sketch_from_json(d: Record, bands: tuple[str, ...] = ()) -> Sketch:
    raw = bytes.fromhex(d["sig"])
    return Sketch(signature=pack_signature(struct.unpack(f">{len(raw) // 2}H", raw)),
                  shingles=int(d["sh"]), paragraphs=array("I", d["p"]),
                  paragraph_words=array("H", d["pw"]),
                  names=array("H", d["nm"]), numbers=array("H", d["nu"]), bands=bands)


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1].rstrip() + "…"
