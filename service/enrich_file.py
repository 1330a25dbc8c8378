"""`wire-ingest enrich PATH`: the pipeline on one local file, no broker.

PATH may be article page text, an article page as HTML, or a feed file (RSS,
Atom, RDF, JSON Feed); a feed gives one JSON document per entry, one per line.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import orjson

from service.config import Settings
from service.errors import InputTooLarge
from service.model import Article, FeedRef
from service.pipeline.inputs import article_from_raw
from service.pipeline.ninjs import to_ninjs
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Failure, Pipeline

_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|RDF)[\s>]", re.IGNORECASE)
MAX_FILE_BYTES = 50 * 1024 * 1024


def looks_like_feed(head: bytes) -> bool:
    """Feed files start (after an optional prolog) with an rss/feed/RDF root,
    or are a JSON object naming a jsonfeed.org version."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return b"jsonfeed.org/version" in head
    match = _FEED_ROOT.search(head[:4096])
    html = re.search(rb"<html[\s>]", head[:4096], re.IGNORECASE)
    if match is None:
        return False
    return html is None or match.start() < html.start()


def _dump(doc: dict[str, object], compact: bool, out: TextIO) -> None:
    option = 0 if compact else orjson.OPT_INDENT_2
    out.write(orjson.dumps(doc, option=option | orjson.OPT_UTC_Z).decode() + "\n")


def _run(pipeline: Pipeline, article: Article, out_err: TextIO) -> dict[str, object] | None:
    outcome = pipeline.run(article)
    if isinstance(outcome, Failure):
        out_err.write(f"wire-ingest: {article.id}: rejected at stage {outcome.stage!r}: "
                      f"{outcome.error}\n")
        return None
    return to_ninjs(outcome.article)


def enrich_path(path: str, *, timezone: str | None, source_url: str | None, compact: bool,
                settings: Settings, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    file = Path(path)
    if not file.is_file():
        err.write(f"wire-ingest: {path}: no such file\n")
        return 2
    if file.stat().st_size > MAX_FILE_BYTES:
        raise InputTooLarge(f"{path} is larger than {MAX_FILE_BYTES} bytes")
    data = file.read_bytes()
    pipeline = default_pipeline()
    failures = 0
    if looks_like_feed(data[:8192]):
        from service.feeds.normalise import normalise_feed

        feed = FeedRef(id=f"file:{file.name}", name=file.stem, url=source_url or file.resolve().as_uri(),
                       timezone=timezone)
        result = normalise_feed(data, {}, feed, datetime.now(UTC),
                                max_entries=settings.max_entries_per_feed)
        for rejection in result.rejections:
            err.write(f"wire-ingest: entry rejected: {rejection.reason}: {rejection.detail}\n")
        for raw in result.records:
            doc = _run(pipeline, article_from_raw(raw), err)
            if doc is None:
                failures += 1
            else:
                _dump(doc, True, out)
        return 1 if failures or (not result.records and result.rejections) else 0
    from service.pipeline.inputs import article_from_file

    article = article_from_file(file, timezone=timezone, source_url=source_url)
    doc = _run(pipeline, article, err)
    if doc is None:
        return 1
    _dump(doc, compact, out)
    return 0
