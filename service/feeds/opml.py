"""OPML subscription lists -> feed definitions."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from service.errors import ConfigError
from service.feeds.feedsfile import FeedConfig, feed_from_mapping, feed_id_for


def feeds_from_opml(data: bytes, *, source: str = "OPML") -> tuple[list[FeedConfig], list[str]]:
    """Every outline with an `xmlUrl`, as feeds (first occurrence of a URL
    wins), plus one message per outline that was skipped."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ConfigError(f"{source}: not an OPML document: {exc}") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ConfigError(f"{source}: not an OPML document (no <opml> root element)")
    feeds: list[FeedConfig] = []
    problems: list[str] = []
    urls: set[str] = set()
    for outline in root.iter("{*}outline", "outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        name = (outline.get("title") or outline.get("text") or url).strip()
        if url in urls:
            problems.append(f"{name}: duplicate of an earlier outline ({url})")
            continue
        try:
            feeds.append(feed_from_mapping({"url": url, "name": name, "id": feed_id_for(url)},
                                           where=f"{source} outline"))
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        urls.add(url)
    return feeds, problems


def load_opml(path: str | Path) -> tuple[list[FeedConfig], list[str]]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read it: {exc.strerror or exc}") from None
    return feeds_from_opml(data, source=str(p))
