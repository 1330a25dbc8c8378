"""The text-structure stage: input markup or text to paragraphs, headings,
figure captions, page metadata and body links."""

from __future__ import annotations

import html
import re

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.html_blocks import Blocks, html_blocks, parse_html
from service.pipeline.stages.html_meta import page_meta
from service.pipeline.stages.limits import add_flags
from service.pipeline.stages.plain_blocks import plain_blocks

# "text/html" input with no tag at all is text that only needs unescaping.
_ANY_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]|!)")


def _blocks(a: Article) -> tuple[Blocks, list[tuple[str, str]]]:
    content = a.input_content
    if a.input_type == "text/plain":
        return plain_blocks(content), []
    if not _ANY_TAG.search(content):
        return plain_blocks(html.unescape(content)), []
    doc = parse_html(content)
    if doc is None:
        return Blocks(), []
    blocks = html_blocks(doc)
    meta = [("h1", h) for h in blocks.h1[:1]] + page_meta(doc)
    return blocks, meta


@stage("text-structure", "1")
def text_structure(a: Article) -> Article:
    """Fill `paragraphs` (raw, before any cleaning stage), `headings`,
    `captions` from markup, `page_meta` and `input_links`."""
    blocks, meta = _blocks(a)
    out = replace(
        a,
        paragraphs=tuple(blocks.paragraphs),
        headings=tuple(blocks.headings),
        standfirst=blocks.standfirst,
        captions=a.captions + tuple(blocks.captions),
        page_meta=tuple(meta),
        input_links=tuple(blocks.links),
    )
    return add_flags(out, *sorted(blocks.flags))
