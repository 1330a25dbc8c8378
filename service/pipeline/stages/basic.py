"""Foundation stages (placeholder until the anatomy stages land)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import lxml.html

from service.model import Article, TimeValue
from service.pipeline.runner import stage


@stage("text-structure", "0")
def text_structure(a: Article) -> Article:
    if a.input_type == "text/plain":
        paras = [p.strip() for p in a.input_content.split("\n") if p.strip()]
    else:
        if not a.input_content.strip():
            return a
        root = lxml.html.fromstring(a.input_content)
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        blocks = root.xpath("//p|//h1|//h2|//h3|//li")
        paras = [b.text_content().strip() for b in blocks] or [root.text_content().strip()]
        paras = [p for p in paras if p]
    return replace(a, paragraphs=tuple(paras))


@stage("headline", "0")
def headline(a: Article) -> Article:
    return replace(a, headline=a.feed_title)


@stage("times", "0")
def times(a: Article) -> Article:
    if not a.feed_published:
        return a
    try:
        dt = parsedate_to_datetime(a.feed_published)
    except (TypeError, ValueError):
        try:
            dt = datetime.fromisoformat(a.feed_published)
        except ValueError:
            return a
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return replace(a, published=TimeValue(a.feed_published, dt.astimezone(UTC), "feed"))


@stage("language", "0")
def language(a: Article) -> Article:
    return replace(a, language=a.language_hint or "en")
