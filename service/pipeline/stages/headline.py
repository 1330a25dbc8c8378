"""The headline stage.

Preference: the feed's title, the page's <h1> (unless it is the site's name),
JSON-LD headline, og:title, twitter:title, then <title> without its site
suffix. Without any of those (plain text), the lead is read: the lines above
the first body paragraph (see lead.py); the line most shaped like a headline
is the headline. Lines above it that are not credits (a site or blog title, a
section label) leave the body, as do label lines of a page's lead, and a
paragraph repeating the chosen headline.
"""

from __future__ import annotations

import html
import re

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.byline import byline_of
from service.pipeline.stages.crosspromo import is_boilerplate
from service.pipeline.stages.dateline import find_dateline, opens_story
from service.pipeline.stages.lead import (
    FULL_SCORE,
    LEAD_ZONE,
    headline_score,
    is_label_line,
    looks_like_headline,
    name_like,
    reads_as_prose,
)
from service.pipeline.stages.limits import MAX_LINE_CHARS
from service.pipeline.stages.photo_credit import split_credit
from service.pipeline.stages.textnorm import clean_line, comparison_key, word_count

META_PREFERENCE = ("h1", "ld:headline", "og:title", "twitter:title")
MAX_SECTION_LABEL_WORDS = 3
HEADLINE_ZONE = 3  # leading paragraphs where a repeated headline is looked for
# "Headline | Site name", "Headline - Site": the last segment after a spaced bar or dash.
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{1,60}$")
SITE_NAME_KEYS = ("og:site_name", "ld:site_name")


def _site_names(meta: dict[str, str]) -> set[str]:
    names = {comparison_key(meta[k]) for k in SITE_NAME_KEYS if meta.get(k)}
    suffix = _SITE_SUFFIX.search(meta.get("title", ""))
    if suffix:
        names.add(comparison_key(suffix.group(0).strip(" |\u2013\u2014-")))
    return names


def _from_meta(a: Article) -> str | None:
    meta = dict(reversed(a.page_meta))  # first occurrence of each key wins
    sites = _site_names(meta)
    for key in META_PREFERENCE:
        if meta.get(key) and comparison_key(meta[key]) not in sites:
            return meta[key]
    title = meta.get("title")
    return _SITE_SUFFIX.sub("", title) if title else None


def body_start(paragraphs: list[str]) -> int:
    """Index of the first paragraph of the story's text (the lead is above it)."""
    for i, paragraph in enumerate(paragraphs[:LEAD_ZONE]):
        if i == 0 and len(paragraphs) > 1 and _labelled_headline(paragraph):
            continue
        if opens_story(paragraph) or (reads_as_prose(paragraph) and not byline_of(paragraph)):
            return i
    return min(len(paragraphs), LEAD_ZONE)


def _labelled_headline(paragraph: str) -> bool:
    """"MOTORSPORT: Driver looks ahead to the season": a kicker and a headline, not a dateline."""
    found = find_dateline(paragraph)
    rest = paragraph[found[1]:] if found else ""
    return bool(rest) and looks_like_headline(rest)


def _is_furniture(paragraph: str) -> bool:
    """A lead line that is neither credit nor story: a site title, a section label."""
    return is_label_line(paragraph) and byline_of(paragraph) is None and not opens_story(paragraph)


def _read_lead(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """(headline, paragraphs without it and the furniture above it) of a page without metadata."""
    start = body_start(paragraphs)
    if start == len(paragraphs):  # no body below: keep the old shape, first line only
        start = 1 if len(paragraphs) > 1 else 0
    scored = [(i, headline_score(p)) for i, p in enumerate(paragraphs[:start])
              if not (byline_of(p) or split_credit(p) or is_boilerplate(p) or len(p) > MAX_LINE_CHARS)]
    scored = [(i, score) for i, score in scored if score > 0]
    if not scored:
        return None, paragraphs
    best = max(scored, key=lambda pair: (pair[1], -pair[0]))[0]
    later = [i for i, score in scored if i > best and score >= FULL_SCORE]
    if name_like(paragraphs[best]) and later:
        best = later[0]  # "The Rhine Valley Morning Dispatch" above the headline
    kept = [p for i, p in enumerate(paragraphs) if i > best or (i < best and not _is_furniture(p))]
    return paragraphs[best], kept


def _drop_lead_labels(paragraphs: list[str]) -> list[str]:
    """Section labels ("Business", "World News") above the text of a page whose
    headline came from markup; longer short lines may be a summary's points."""
    start = body_start(paragraphs)
    if start >= len(paragraphs):
        return paragraphs
    return [p for i, p in enumerate(paragraphs)
            if i >= start or not (_is_furniture(p) and word_count(p) <= MAX_SECTION_LABEL_WORDS)]


@stage("headline", "2")
def headline(a: Article) -> Article:
    chosen = a.feed_title and clean_line(html.unescape(a.feed_title))
    chosen = chosen or _from_meta(a)
    paragraphs = list(a.paragraphs)
    if chosen:
        key = comparison_key(chosen)
        for i, paragraph in enumerate(paragraphs[:HEADLINE_ZONE]):
            if comparison_key(paragraph) == key:
                del paragraphs[i]
                break
        paragraphs = _drop_lead_labels(paragraphs)
    elif len(paragraphs) > 1:
        chosen, paragraphs = _read_lead(paragraphs)
    return replace(a, headline=chosen[:MAX_LINE_CHARS] if chosen else None,
                   paragraphs=tuple(paragraphs))
