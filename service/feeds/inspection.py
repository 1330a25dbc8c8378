"""`wire-ingest feeds inspect`: run files, folders or URLs through the same
fetch and normalisation the poller uses, and report what came out."""

from __future__ import annotations

import asyncio
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service.config import Settings
from service.feeds.feedsfile import feed_id_for
from service.feeds.fetch import Fetcher
from service.feeds.normalise import NormalisedFeed, Rejection, normalise_feed
from service.model import FeedRef


@dataclass(frozen=True, slots=True)
class Inspected:
    source: str
    result: NormalisedFeed | None = None
    error: str | None = None  # an unhandled exception: a bug, not a bad feed
    fetch_note: str | None = None  # HTTP outcome for URLs

    def summary(self) -> dict[str, Any]:
        r = self.result
        status = "error" if self.error else ("rejected" if r is None or r.rejected else "ok")
        reasons = "; ".join(x.detail for x in r.rejections if x.entry_index is None) if r else None
        # a rejected body's reason first: "HTTP 200" says nothing about why it was refused
        detail = self.error or (reasons if status == "rejected" and reasons else None) \
            or self.fetch_note or reasons
        return {
            "source": self.source, "status": status,
            "records": len(r.records) if r else 0,
            "rejections": [f"{x.reason}" + ("" if x.entry_index is None else f"#{x.entry_index}")
                           for x in r.rejections] if r else [],
            "detail": detail,
            "bozo": r.bozo if r else None,
            "title": r.feed_meta.get("title") if r else None,
            "format": r.feed_meta.get("version") if r else None,
        }


@dataclass
class Tally:
    sources: int = 0
    ok: int = 0
    rejected: int = 0
    errors: int = 0
    records: int = 0
    bozo: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, item: Inspected) -> None:
        self.sources += 1
        if item.error:
            self.errors += 1
            return
        result = item.result
        if result is None or result.rejected:
            self.rejected += 1
        else:
            self.ok += 1
        if result is not None:
            self.records += len(result.records)
            self.bozo += result.bozo is not None
            self.reasons.update(r.reason for r in result.rejections)

    def as_dict(self) -> dict[str, Any]:
        return {"summary": True, "sources": self.sources, "ok": self.ok, "rejected": self.rejected,
                "errors": self.errors, "records": self.records, "bozo": self.bozo,
                "rejections_by_reason": dict(sorted(self.reasons.items()))}


def _files(target: Path) -> Iterator[Path]:
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and path.name != "LICENSE":
                yield path
    else:
        yield target


def inspect_file(path: Path, *, max_entries: int, timezone: str | None = None) -> Inspected:
    source = str(path)
    try:
        body = path.read_bytes()
        feed = FeedRef(id=feed_id_for(source), name=path.name, url=path.resolve().as_uri(),
                       timezone=timezone)
        return Inspected(source, normalise_feed(body, {}, feed, datetime.now(UTC),
                                                max_entries=max_entries))
    except Exception as exc:  # reported as a bug, never hidden
        return Inspected(source, error=_describe(exc))


async def _inspect_url(url: str, settings: Settings, timezone: str | None) -> Inspected:
    try:
        async with Fetcher(settings) as fetcher:
            fetched = await fetcher.fetch(url)
        note = f"HTTP {fetched.status}" if fetched.status else None
        if fetched.outcome != "ok":
            reason = Rejection(f"fetch-{fetched.outcome}", fetched.error or note or "")
            return Inspected(url, NormalisedFeed((), (reason,)), fetch_note=f"{fetched.outcome}: "
                             f"{fetched.error or note}")
        feed = FeedRef(id=feed_id_for(url), name=url, url=url, timezone=timezone)
        return Inspected(url, normalise_feed(fetched.body, fetched.headers, feed, datetime.now(UTC),
                                             max_entries=settings.max_entries_per_feed),
                         fetch_note=note)
    except Exception as exc:
        return Inspected(url, error=_describe(exc))


def inspect_targets(targets: list[str], settings: Settings, *,
                    timezone: str | None = None) -> Iterator[Inspected]:
    """One `Inspected` per file (folders are walked) or URL, in order."""
    for target in targets:
        if target.startswith(("http://", "https://")):
            yield asyncio.run(_inspect_url(target, settings, timezone))
            continue
        path = Path(target)
        if not path.exists():
            missing = Rejection("not-found", "no such file or folder")
            yield Inspected(target, NormalisedFeed((), (missing,)), fetch_note=missing.detail)
            continue
        for file in _files(path):
            yield inspect_file(file, max_entries=settings.max_entries_per_feed, timezone=timezone)


def _describe(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{type(exc).__name__}: {exc}{at}"
