"""Teaser-only entries: fetch the linked article page (if robots.txt allows
it, through the same politeness limits as feeds) and extract its main text.

trafilatura is used when installed (`pip install wire-ingest[extract]`);
otherwise a small lxml fallback keeps the paragraphs of <article>/<main>.
Any failure leaves the record as it was: the summary is still published.
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.robotparser
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from service.config import Settings
from service.feeds.fetch import Fetcher
from service.model import RawArticle

log = logging.getLogger(__name__)

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
ROBOTS_TTL_S = 3600.0
MIN_EXTRACT_CHARS = 200


def extract_main_text(html: str, url: str | None = None) -> str | None:
    """Main text of an article page, paragraphs separated by blank lines."""
    try:
        import trafilatura
    except ImportError:
        return _fallback_extract(html)
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text:
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _fallback_extract(html: str) -> str | None:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    scopes = root.xpath("//article") or root.xpath("//main") or [root]
    paragraphs = [" ".join(p.text_content().split()) for p in scopes[0].iter("p")]
    text = "\n\n".join(p for p in paragraphs if len(p) > 30)
    return text or None


class PageExtractor:
    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._agent = settings.http_user_agent
        self._robots: dict[str, tuple[float, Any]] = {}

    async def _robots_allows(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or cached[0] < time.monotonic():
            result = await self._fetcher.fetch(f"{origin}/robots.txt", accept="text/plain")
            parser = urllib.robotparser.RobotFileParser()
            if result.outcome == "ok":
                lines = result.body.decode("utf-8", "replace").splitlines()
            elif result.status is not None and 400 <= result.status < 500:
                lines = []  # no robots.txt: everything allowed
            else:
                lines = ["User-agent: *", "Disallow: /"]  # unreachable: stay away for now
            parser.parse(lines)
            cached = (time.monotonic() + ROBOTS_TTL_S, parser)
            self._robots[origin] = cached
        return bool(cached[1].can_fetch(self._agent, url))

    async def expand(self, record: RawArticle) -> RawArticle:
        """The record with the page's main text as content, or unchanged."""
        if not record.url:
            return record
        try:
            if not await self._robots_allows(record.url):
                return record
            page = await self._fetcher.fetch(record.url, accept=PAGE_ACCEPT)
            if page.outcome != "ok" or "html" not in page.headers.get("content-type", "html"):
                return record
            html = page.body.decode(_charset(page.headers), "replace")
            text = await asyncio.to_thread(extract_main_text, html, page.url)
        except Exception as exc:  # extraction libraries raise freely; the summary still stands
            log.info("page extraction for %s failed: %s", record.url, exc)
            return record
        if not text or len(text) < max(MIN_EXTRACT_CHARS, len(record.summary or "")):
            return record
        return replace(record, content=text, content_type="text/plain", text_source="page-extract")


def _charset(headers: dict[str, str]) -> str:
    for part in headers.get("content-type", "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            name = value.strip().strip('"')
            try:
                "".encode(name)
                return name
            except LookupError:
                break
    return "utf-8"
