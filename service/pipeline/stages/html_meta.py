"""Page metadata from an HTML document: meta tags, <title>, <time>, JSON-LD.

Returns (key, value) pairs in document order with normalised keys, e.g.
("article:published_time", "2020-02-27T15:14:00+08:00"), ("ld:headline", ...).
The times and headline stages decide which key wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from service.pipeline.stages.limits import MAX_JSONLD_CHARS, MAX_LINE_CHARS
from service.pipeline.stages.textnorm import clean_line

# meta name/property/itemprop (lower-cased) -> the key we record it under.
META_KEYS = {
    "og:title": "og:title",
    "twitter:title": "twitter:title",
    "article:published_time": "article:published_time",
    "article:modified_time": "article:modified_time",
    "og:updated_time": "article:modified_time",
    "datepublished": "datePublished",
    "datemodified": "dateModified",
    "pubdate": "datePublished",
    "publishdate": "datePublished",
    "publish-date": "datePublished",
    "dc.date.issued": "datePublished",
    "dcterms.created": "datePublished",
    "dcterms.modified": "dateModified",
    "sailthru.date": "datePublished",
    "parsely-pub-date": "datePublished",
    "article:author": "author",
    "author": "author",
    "byl": "author",
    "og:site_name": "site_name",
    "og:locale": "locale",
    "content-language": "locale",
}
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                           "BlogPosting", "WebPage", "LiveBlogPosting", "OpinionNewsArticle"})
MAX_META_ELEMENTS = 400
MAX_JSONLD_BLOCKS = 10


def page_meta(doc: HtmlElement) -> list[tuple[str, str]]:
    meta: list[tuple[str, str]] = []
    lang = doc.get("lang") if doc.tag == "html" else None
    if lang:
        meta.append(("html:lang", lang.strip()))
    for el in doc.iterfind(".//meta"):
        if len(meta) >= MAX_META_ELEMENTS:
            break
        name = (el.get("property") or el.get("name") or el.get("itemprop")
                or el.get("http-equiv") or "").strip().lower()
        value = clean_line(el.get("content") or "")
        if name in META_KEYS and value and len(value) <= MAX_LINE_CHARS:
            meta.append((META_KEYS[name], value))
    title = doc.find(".//title")
    if title is not None and title.text:
        meta.append(("title", clean_line(title.text)))
    for el in doc.iterfind(".//time[@datetime]"):
        prop = " ".join(filter(None, (el.get("itemprop"), el.get("class"), _label_before(el)))).lower()
        if "publish" in prop or "issued" in prop or "posted" in prop:
            meta.append(("datePublished", el.get("datetime", "").strip()))
        elif "modif" in prop or "updat" in prop:
            meta.append(("dateModified", el.get("datetime", "").strip()))
    meta.extend(_jsonld(doc))
    return meta


def _label_before(el: HtmlElement) -> str:
    """The words printed right before a <time> element (`Issued on:`,
    `Modified:`), which say which time it is when its attributes do not."""
    previous = el.getprevious()
    text = (previous.tail if previous is not None else el.getparent().text
            if el.getparent() is not None else None) or ""
    return text[-40:]


def _jsonld(doc: HtmlElement) -> Iterator[tuple[str, str]]:
    blocks = doc.xpath('.//script[@type="application/ld+json"]')[:MAX_JSONLD_BLOCKS]
    for block in blocks:
        text = block.text or ""
        if len(text) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for obj in _objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(t in ARTICLE_TYPES for t in types if isinstance(t, str)):
                continue
            for field in ("headline", "datePublished", "dateModified"):
                value = obj.get(field)
                if isinstance(value, str) and value.strip():
                    yield f"ld:{field}", clean_line(value)
            for name in _author_names(obj.get("author")):
                yield "ld:author", name
            return


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _author_names(author: Any) -> Iterator[str]:
    items = author if isinstance(author, list) else [author]
    for item in items[:10]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and item.strip():
            yield clean_line(item)
