"""Per-feed poller state, kept on the compacted feed-state topic.

State is what must survive a restart or a move to another poller: the
validators, the failure count, when the feed is next due, and the recently
seen stories (id, content hash, version, and the identity and paragraph keys
of their last published version), so an entry is not published twice, an
edited entry is published as version + 1 with what changed, and a feed's
identity rule (service/feeds/identity.py) carries over. The new owner of a
feed reads it back before its first poll (service/feeds/membership.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import orjson

STATE_VERSION = 1
HASH_CHARS = 24  # a prefix is plenty to notice an edit and keeps state small


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """One entry the feed published: the id it is remembered under, the story
    it belongs to (when that is another id: a kill notice sent as an entry of
    its own), the content hash and story version last published, and short
    identity keys (service/feeds/identity.py) of that version."""

    id: str
    hash: str
    version: int
    link: str = ""  # key of the canonical link
    title: str = ""  # key of the headline without wire labels
    title_date: str = ""  # key of that headline and the publication day
    paragraphs: str = ""  # paragraph keys, concatenated
    story: str = ""  # the story's id when it is not `id`

    @property
    def story_id(self) -> str:
        return self.story or self.id

    def to_lists(self) -> tuple[list[Any], list[str]]:
        """The row of `seen` and the row of `seen_keys`. Two lists, so that a
        poller from before identity keys, which reads three-field rows, still
        reads this state during a rolling upgrade."""
        return ([self.id, self.hash, self.version],
                [self.link, self.title, self.title_date, self.paragraphs, self.story])

    @staticmethod
    def from_lists(row: list[Any], keys: list[Any] | None) -> SeenEntry:
        rid, short, version = row[:3]
        link, title, title_date, paragraphs, story = ([str(k) for k in keys or []] + [""] * 5)[:5]
        return SeenEntry(str(rid), str(short), int(version), link, title, title_date, paragraphs,
                         story)


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
    identity: str | None = None  # the rule auto-detection switched to (None: as configured)
    guid_rotations: int = 0  # entries seen again under a new GUID, same link and content
    seen: tuple[SeenEntry, ...] = ()  # oldest first

    def to_bytes(self) -> bytes:
        d = asdict(self)
        rows = [s.to_lists() for s in self.seen]
        d["seen"] = [row for row, _ in rows]
        d["seen_keys"] = [keys for _, keys in rows]
        d["v"] = STATE_VERSION
        return orjson.dumps(d)

    @staticmethod
    def from_bytes(data: bytes) -> FeedState:
        d: dict[str, Any] = orjson.loads(data)
        d.pop("v", None)
        d["next_due"] = float(d.get("next_due") or 0.0)  # JSON has no infinity
        rows, keys = d.pop("seen", []), d.pop("seen_keys", None)
        if not isinstance(keys, list) or len(keys) != len(rows):  # written by an older poller
            keys = [None] * len(rows)
        seen = tuple(SeenEntry.from_lists(row, k) for row, k in zip(rows, keys, strict=True))
        known = set(FeedState.__dataclass_fields__)
        return FeedState(**{k: v for k, v in d.items() if k in known}, seen=seen)

    def material(self) -> tuple[Any, ...]:
        """The fields whose change is worth writing to the state topic (timing
        alone is not: a restart then merely polls a little early)."""
        return (self.url, self.etag, self.last_modified, self.body_hash, self.validators_trusted,
                self.failures, self.parked, self.retired, self.identity, self.guid_rotations,
                self.seen)
