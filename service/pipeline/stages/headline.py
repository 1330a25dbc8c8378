"""The headline stage.

Preference: the feed's title, the page's <h1>, JSON-LD headline, og:title,
twitter:title, then <title> without its site suffix. Without any of those
(plain text), the first paragraph when it is shaped like a headline. A
paragraph repeating the chosen headline at the top of the body leaves it.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.limits import MAX_LINE_CHARS
from service.pipeline.stages.textnorm import clean_line, comparison_key, word_count

META_PREFERENCE = ("h1", "ld:headline", "og:title", "twitter:title")
MAX_HEADLINE_WORDS = 30
HEADLINE_ZONE = 3  # leading paragraphs where a repeated headline is looked for
# "Headline | Site name", "Headline - Site": the last segment after a spaced bar or dash.
_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{1,60}$")
_NOT_HEADLINE_START = re.compile(r"^(?:by\s|\(|[-\u2013\u2014])", re.IGNORECASE)


def _from_meta(a: Article) -> str | None:
    meta = dict(reversed(a.page_meta))  # first occurrence of each key wins
    for key in META_PREFERENCE:
        if meta.get(key):
            return meta[key]
    title = meta.get("title")
    return _SITE_SUFFIX.sub("", title) if title else None


def looks_like_headline(text: str) -> bool:
    return (0 < word_count(text) <= MAX_HEADLINE_WORDS and len(text) <= MAX_LINE_CHARS
            and not text.endswith((".", ",", ";", ":", ")")) and not _NOT_HEADLINE_START.match(text))


@stage("headline", "1")
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
    elif len(paragraphs) > 1 and looks_like_headline(paragraphs[0]):
        chosen = paragraphs.pop(0)
    return replace(a, headline=chosen[:MAX_LINE_CHARS] if chosen else None,
                   paragraphs=tuple(paragraphs))
