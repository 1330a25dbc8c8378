"""The counts stage: words, paragraphs, reading time, and quality flags.

Reading time assumes `WORDS_PER_MINUTE` for alphabetic scripts and
`CJK_CHARS_PER_MINUTE` for Chinese, Japanese and Korean text, where every
character counts as a word. Flags:

- `teaser-only`: the text is a feed summary, or short and ends in a
  "read more" link (flag `read-more-link` from the cross-promotion stage,
  which removes it) or an ellipsis;
- `truncated`: the body ends mid-thought, in an ellipsis or "[...]";
- `boilerplate-removed`: the cross-promotion stage removed prompt lines;
- `no-body`: nothing is left of the text.
"""

from __future__ import annotations

import math
import re

from service.copies import replace
from service.model import Article, Counts
from service.pipeline.runner import stage
from service.pipeline.stages.crosspromo import FLAG_READ_MORE_LINK
from service.pipeline.stages.limits import add_flags

WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500
TEASER_MAX_WORDS = 120
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WORD = re.compile(r"[^\W_]+(?:['\u2019\-.][^\W_]+)*")
TRUNCATION_END = re.compile(r"(?:\.\.\.|\u2026|\[\s*(?:\.\.\.|\u2026)\s*\]|\(\s*(?:\.\.\.|\u2026)\s*\))\s*$")
READ_MORE_END = re.compile(
    r"(?:read more|continue reading|read the (?:full|rest of the) (?:story|article)|more\s*(?:>>|\u00bb|\u2192))"
    r"\s*(?:\.\.\.|\u2026|>>|\u00bb|\u2192)?\s*$", re.IGNORECASE)


def count(a: Article) -> Counts:
    text = a.body_text
    cjk = len(CJK.findall(text))
    words = len(WORD.findall(CJK.sub(" ", text))) if cjk else len(WORD.findall(text))
    minutes = words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE
    return Counts(words=words + cjk, paragraphs=len(a.paragraphs),
                  reading_time_seconds=math.ceil(minutes * 60))


def quality_flags(a: Article, counts: Counts) -> list[str]:
    flags = []
    last = a.paragraphs[-1] if a.paragraphs else ""
    truncated = bool(TRUNCATION_END.search(last))
    read_more = FLAG_READ_MORE_LINK in a.flags or bool(READ_MORE_END.search(last))
    if a.text_source == "feed-summary" or (
            counts.words <= TEASER_MAX_WORDS and (truncated or read_more)):
        flags.append("teaser-only")
    if truncated:
        flags.append("truncated")
    if a.boilerplate_lines_removed:
        flags.append("boilerplate-removed")
    if not a.paragraphs:
        flags.append("no-body")
    return flags


@stage("counts", "1")
def counts(a: Article) -> Article:
    found = count(a)
    return add_flags(replace(a, counts=found), *quality_flags(a, found))
