"""Story identity across polls: which earlier story a feed entry is, and so
whether to publish it as a new story, as the next version of one, or not at all.

Each feed has an identity rule (`identity` in the feeds file or feeds topic):

    guid        the entry's GUID (else its link); the default
    link        the canonical link
    title+date  the headline without wire labels, and the publication day
    content     the content hash (for feeds with neither GUID nor link)
    auto        guid, switching itself to link (or content, without links) once
                ROTATION_SWITCH entries came back under a new GUID with the
                same link and content: a feed whose GUIDs rotate

Whatever the rule, two more matches tie an entry to an earlier story: under
`auto`, the same content and link (or headline) under a new GUID; and an
entry whose headline carries a correction, kill, hold or update label
(`KILL-Ceasefire talks resume`) to the story with that headline. A matched
entry keeps the story's first id, so its `uri` never changes; the id the
entry carried goes to `entry_id`. Ids are namespaced by the feed's publisher
(`publisher` in the feeds file), so feeds of one publisher share their ids.

Pure: records and the remembered stories in, what to publish and the new
memory out. Everything remembered lives in the feed's state on the
compacted feed-state topic (service/feeds/state.py).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from service.feeds.state import HASH_CHARS, SeenEntry
from service.model import IdentityPolicy, RawArticle, VersionChange
from service.pipeline.stages.textnorm import clean_line, comparison_key
from service.pipeline.stages.wire_marks import embargo_phrase, fold, note_kind, slug, split_headline

POLICIES: tuple[str, ...] = ("auto", "guid", "link", "title+date", "content")
ROTATION_SWITCH = 3  # rotated GUIDs seen before `auto` stops trusting the feed's GUIDs
KEY_CHARS = 12
PARAGRAPH_KEY_CHARS = 4  # enough to tell one story's paragraphs apart; keeps state small
MAX_PARAGRAPH_KEYS = 60
_NOTICE_KINDS = frozenset({"correction", "kill", "withhold", "update"})


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_CHARS]


@dataclass(frozen=True, slots=True)
class EntryKeys:
    link: str
    title: str
    title_date: str
    content: str
    notice: bool  # the headline carries a correction/kill/hold/update label


def entry_keys(record: RawArticle) -> EntryKeys:
    labels, title = split_headline(record.title or "")
    title_key = _key(fold(title)) if title.strip() else ""
    day = record.published_at.date().isoformat() if record.published_at else ""
    return EntryKeys(
        link=_key(record.url) if record.url else "",
        title=title_key,
        title_date=_key(f"{fold(title)}|{day}") if title_key else "",
        content=record.content_hash[:HASH_CHARS],
        notice=any(kind in _NOTICE_KINDS for kind, _ in labels))


def _is_wire_note(paragraph: str) -> bool:
    return bool(note_kind(paragraph) or embargo_phrase(paragraph) or slug(paragraph))


# Block boundaries of feed HTML (feedparser has already removed scripts and
# styles). A regex split, not the pipeline's full parse: the poller keys every
# entry it publishes, and only needs to tell paragraphs apart.
_BLOCK = re.compile(r"<\s*(?:/?\s*(?:p|div|h[1-6]|li|blockquote|pre|tr|td|figcaption)\b[^>]*|br\s*/?)>",
                    re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINE = re.compile(r"\n\s*\n")


def body_paragraphs(record: RawArticle) -> list[str]:
    """The entry's body split into paragraphs, wire notes left out."""
    body = record.content or record.summary or ""
    if record.content_type == "text/plain":
        parts = _BLANK_LINE.split(body)
        if len(parts) == 1:
            parts = body.splitlines()
    else:
        parts = [html.unescape(_TAG.sub(" ", part)) for part in _BLOCK.split(body)]
    lines = [clean_line(p) for p in parts]
    return [p for p in lines if p and not _is_wire_note(p)]


def paragraph_keys(record: RawArticle) -> str:
    """Keys of the entry's body paragraphs, concatenated: what version
    summaries compare."""
    keys = [hashlib.sha256(comparison_key(p).encode("utf-8")).hexdigest()[:PARAGRAPH_KEY_CHARS]
            for p in body_paragraphs(record)]
    return "".join(keys[:MAX_PARAGRAPH_KEYS])


def _split_keys(joined: str) -> Counter[str]:
    step = PARAGRAPH_KEY_CHARS
    return Counter(joined[i:i + step] for i in range(0, len(joined), step))


def version_change(before: SeenEntry, keys: EntryKeys, paragraphs: str, matched_by: str) -> VersionChange:
    old, new = _split_keys(before.paragraphs), _split_keys(paragraphs)
    return VersionChange(
        previous_version=before.version,
        headline_changed=bool(before.title) and keys.title != before.title,
        paragraphs_added=sum((new - old).values()),
        paragraphs_removed=sum((old - new).values()),
        matched_by=matched_by)


def story_id(record: RawArticle, policy: IdentityPolicy, keys: EntryKeys) -> str:
    """The id a new story gets under `policy`."""
    namespace = record.feed.publisher or record.feed.id
    if policy == "link" and record.url:
        return record.url
    if policy == "title+date" and keys.title_date:
        return f"{namespace}:title-date:{keys.title_date}"
    if policy == "content":
        return f"{namespace}:content:{record.content_hash[:32]}"
    return record.id


@dataclass(frozen=True, slots=True)
class Resolution:
    publish: tuple[RawArticle, ...]  # with story ids, versions and changes set
    seen: tuple[SeenEntry, ...]
    new: int
    updated: int
    suppressed: int
    rotations: int  # entries recognised under a rotated GUID in this body
    switched_to: IdentityPolicy | None  # what `auto` now uses instead of GUIDs


class _Memory:
    """The remembered entries, findable by id and by each identity key, and
    the latest version of each story."""

    def __init__(self, seen: Iterable[SeenEntry]) -> None:
        self.by_id: dict[str, SeenEntry] = {}
        self.versions: dict[str, int] = {}
        self.index: dict[str, dict[str, str]] = {"link": {}, "title": {}, "title_date": {},
                                                 "content": {}}
        for s in seen:  # later (newer) entries win a shared key
            self.remember(s)

    def remember(self, s: SeenEntry) -> None:
        """Also entries of the body being resolved: a story listed twice in one
        body is then published once."""
        self.by_id[s.id] = s
        self.versions[s.story_id] = max(self.versions.get(s.story_id, 0), s.version)
        for name, value in (("link", s.link), ("title", s.title), ("title_date", s.title_date),
                            ("content", s.hash)):
            if value:
                self.index[name][value] = s.id

    def find(self, name: str, value: str) -> SeenEntry | None:
        sid = self.index[name].get(value) if value else None
        return self.by_id.get(sid) if sid else None


def _match(record: RawArticle, keys: EntryKeys, memory: _Memory, active: IdentityPolicy,
           auto: bool) -> tuple[SeenEntry | None, str]:
    primary = {"guid": None, "link": ("link", keys.link), "title+date": ("title_date", keys.title_date),
               "content": ("content", keys.content)}[active]
    known = memory.find(*primary) if primary else None
    if known is not None:
        return known, active
    known = memory.by_id.get(record.id)
    if known is not None:
        return known, "guid"
    if auto:
        same = memory.find("content", keys.content)
        if same is not None and ((keys.link and same.link == keys.link)
                                 or (not keys.link and keys.title and same.title == keys.title)):
            return same, "rotated-guid"
    if keys.notice:
        noticed = memory.find("title", keys.title)
        if noticed is not None:
            return noticed, "headline-notice"
    return None, active


def resolve(records: Iterable[RawArticle], seen: tuple[SeenEntry, ...], limit: int, *,
            configured: str = "auto", switched: str | None = None,
            rotations_before: int = 0) -> Resolution:
    """Which records to publish, under which story id and version. Unseen
    stories are version 1; a known story with new content is the next
    version, with what changed; an unchanged republication is suppressed.
    A notice entry tied to a story by its headline is remembered as an entry
    of its own (so it is not published again) that belongs to that story.
    The returned memory keeps every entry of this body plus the most recent
    others, up to `limit` (never fewer than this body holds)."""
    auto = configured == "auto"
    active: IdentityPolicy = (switched or "guid") if auto else configured  # type: ignore[assignment]
    memory = _Memory(seen)
    publish: list[RawArticle] = []
    touched: dict[str, SeenEntry] = {}
    new = updated = suppressed = rotations = 0
    with_links = 0
    for record in records:
        keys = entry_keys(record)
        with_links += bool(keys.link)
        known, how = _match(record, keys, memory, active, auto)
        rotations += how == "rotated-guid"
        notice = how == "headline-notice"
        if known is not None and not notice and known.hash == keys.content:
            suppressed += 1
            touched[known.id] = known
            continue
        paragraphs = paragraph_keys(record)
        if known is None:
            sid, version, change = story_id(record, active, keys), 1, None
            new += 1
        else:
            sid = known.story_id
            version = memory.versions.get(sid, known.version) + 1
            change = version_change(known, keys, paragraphs, how)
            updated += 1
        memory.versions[sid] = version
        # a notice entry is remembered under its own id, as an entry of the story
        entry_id = known.id if known is not None and not notice else record.id
        touched[entry_id] = SeenEntry(entry_id, keys.content, version, keys.link, keys.title,
                                      keys.title_date, paragraphs, sid if sid != entry_id else "")
        memory.remember(touched[entry_id])
        publish.append(replace(record, id=sid, version=version, changes=change, identity=active,
                               entry_id=record.id if record.id != sid else None))
    switched_to: IdentityPolicy | None = switched  # type: ignore[assignment]
    if auto and switched is None and rotations_before + rotations >= ROTATION_SWITCH:
        switched_to = "link" if with_links * 2 >= len(touched) else "content"
    for key in touched:  # this body's entries go last: the newest survive trimming
        memory.by_id.pop(key, None)
    kept = list(touched.values())
    keep = max(limit, len(kept))
    remaining = list(memory.by_id.values())[-(keep - len(kept)):] if keep > len(kept) else []
    return Resolution(tuple(publish), (*remaining, *kept), new, updated, suppressed, rotations,
                      switched_to)
