"""Per-feed poller state, and the dedupe decision made with it.

State is what must survive a restart or a move to another poller: the
validators, the failure count, when the feed is next due, and the ids (with
content hashes and versions) of recently seen entries, so an entry is not
published twice and an edited entry is published as version + 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

import orjson

from service.model import RawArticle

STATE_VERSION = 1
HASH_CHARS = 24  # a prefix is plenty to notice an edit and keeps state small


@dataclass(frozen=True, slots=True)
class SeenEntry:
    id: str
    hash: str
    version: int


@dataclass(frozen=True, slots=True)
class FeedState:
    feed_id: str
    url: str | None = None  # where the feed lives now, after permanent redirects
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    validators_trusted: bool = True
    failures: int = 0
    parked: bool = False
    retired: bool = False
    interval_s: float | None = None
    next_due: float = 0.0  # epoch seconds
    last_polled: float | None = None
    last_success: float | None = None
    last_outcome: str | None = None
    last_error: str | None = None
    polls: int = 0
    seen: tuple[SeenEntry, ...] = ()  # oldest first

    def to_bytes(self) -> bytes:
        d = asdict(self)
        d["seen"] = [[s.id, s.hash, s.version] for s in self.seen]
        d["v"] = STATE_VERSION
        return orjson.dumps(d)

    @staticmethod
    def from_bytes(data: bytes) -> FeedState:
        d: dict[str, Any] = orjson.loads(data)
        d.pop("v", None)
        d["next_due"] = float(d.get("next_due") or 0.0)  # JSON has no infinity
        seen = tuple(SeenEntry(str(i), str(h), int(v)) for i, h, v in d.pop("seen", []))
        known = set(FeedState.__dataclass_fields__)
        return FeedState(**{k: v for k, v in d.items() if k in known}, seen=seen)

    def material(self) -> tuple[Any, ...]:
        """The fields whose change is worth writing to the state topic (timing
        alone is not: a restart then merely polls a little early)."""
        return (self.url, self.etag, self.last_modified, self.body_hash, self.validators_trusted,
                self.failures, self.parked, self.retired, self.seen)


@dataclass(frozen=True, slots=True)
class Dedupe:
    publish: tuple[RawArticle, ...]  # with their versions set
    seen: tuple[SeenEntry, ...]
    new: int
    updated: int
    suppressed: int


def dedupe(records: Iterable[RawArticle], seen: tuple[SeenEntry, ...], limit: int) -> Dedupe:
    """Which records to publish: unseen ids as version 1, seen ids whose
    content hash changed as the next version; the rest are suppressed.
    The returned memory keeps every id of this body plus the most recent
    others, up to `limit` (never fewer than this body holds)."""
    memory = {s.id: s for s in seen}
    publish: list[RawArticle] = []
    touched: list[SeenEntry] = []
    new = updated = suppressed = 0
    for record in records:
        short = record.content_hash[:HASH_CHARS]
        known = memory.pop(record.id, None)
        if known is None:
            new += 1
            entry = SeenEntry(record.id, short, 1)
            publish.append(replace(record, version=1))
        elif known.hash != short:
            updated += 1
            entry = SeenEntry(record.id, short, known.version + 1)
            publish.append(replace(record, version=known.version + 1))
        else:
            suppressed += 1
            entry = known
        touched.append(entry)
    keep = max(limit, len(touched))
    remaining = list(memory.values())[-(keep - len(touched)):] if keep > len(touched) else []
    return Dedupe(tuple(publish), (*remaining, *touched), new, updated, suppressed)
