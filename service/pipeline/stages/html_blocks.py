"""HTML to blocks: paragraphs, headings, figures and links, in reading order.

A real parser (lxml, libxml2 underneath) builds the tree; an iterative walk
(no recursion, so deep nesting cannot exhaust the stack; libxml2 itself stops
nesting at 256 levels) collects the text of block elements. Scripts, styles,
embeds, forms, navigation and share/newsletter/related widgets are skipped
with their whole subtree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from service.model import Caption
from service.pipeline.stages.limits import (
    FLAG_TRUNCATED_INPUT,
    FLAG_TRUNCATED_PARAGRAPH,
    MAX_BODY_CHARS,
    MAX_HTML_ELEMENTS,
    MAX_LINE_CHARS,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
    cut_at_word,
)
from service.pipeline.stages.textnorm import clean_line

DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "embed", "object", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "aside", "video", "audio", "map",
    "head", "link", "meta", "dialog",
})
# Dropped too when the content root is the whole page rather than an <article>.
PAGE_CHROME_TAGS = frozenset({"header", "footer"})
# class/id words (split on space, '-' and '_') that mark page furniture.
DROP_CLASS_WORDS = frozenset({
    "share", "sharing", "sharebar", "social", "newsletter", "subscribe", "subscription",
    "related", "recommended", "recommendations", "nav", "navbar", "navigation", "menu",
    "breadcrumb", "breadcrumbs", "comments", "comment", "advert", "advertisement", "ad", "ads",
    "promo", "sidebar", "cookie", "cookies", "paywall", "signup", "popup", "modal", "outbrain",
    "taboola", "tags", "toolbar", "sponsored", "gnb", "lnb", "topnav", "subnav", "keyword",
    "keywords", "trending", "bookmark", "submeta", "relation", "footer",
})
# ... and class/id words starting with these ("sharedaddy", "socialbar", "advertorial").
DROP_CLASS_PREFIXES = ("share", "social", "newsletter", "advert", "promo", "taboola", "outbrain",
                       "related", "recommend", "subscribe", "sponsor")
CAPTION_CLASS_WORDS = frozenset({"caption", "figcaption", "wp-caption-text", "image-caption",
                                 "photo-caption"})
# class words of a standfirst: the deck or teaser between headline and story.
STANDFIRST_CLASS_WORDS = frozenset({"standfirst", "teaser", "subhead", "subheadline", "subheading",
                                    "dek", "deck", "strapline", "subtitle"})
CREDIT_CLASS_WORDS = frozenset({"credit", "credits", "copyright", "source", "photographer"})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "li", "ul", "ol", "dl", "dt",
    "dd", "blockquote", "pre", "table", "tbody", "thead", "tr", "address", "hr", "center",
    "details", "summary", "body", "html",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inline elements whose text never runs on into a neighbour's: table cells, and
# the <time> that sites set beside "Updated 3 hours ago" with no space between.
INLINE_GAP_TAGS = frozenset({"td", "th", "time"})
MAX_LINKS = 500
MAX_CAPTION_ELEMENTS = 200  # elements searched for a credit inside one figure
_CLASS_SPLIT = re.compile(r"[\s_-]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


@dataclass
class Blocks:
    """What the walk found, before any anatomy stage interprets it."""

    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    standfirst: str | None = None
    captions: list[Caption] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    chars: int = 0

    def add_paragraph(self, text: str) -> bool:
        """Keep one paragraph within the limits; False once no more are taken."""
        if len(self.paragraphs) >= MAX_PARAGRAPHS or self.chars >= MAX_BODY_CHARS:
            self.flags.add(FLAG_TRUNCATED_INPUT)
            return False
        if len(text) > MAX_PARAGRAPH_CHARS:
            text = cut_at_word(text, MAX_PARAGRAPH_CHARS)
            self.flags.add(FLAG_TRUNCATED_PARAGRAPH)
        self.paragraphs.append(text)
        self.chars += len(text)
        return True


def parse_html(markup: str) -> HtmlElement | None:
    """The parsed document, or None when there is nothing to parse."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup, parser=_PARSER)
    except etree.ParserError:  # "Document is empty": only comments or whitespace
        return None


def _class_words(el: HtmlElement) -> set[str]:
    attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    if not attrs:
        return set()
    return set(_CLASS_SPLIT.split(_CAMEL.sub(r"\1 \2", attrs).lower()))  # "mainNav": main, nav


def content_root(doc: HtmlElement) -> tuple[HtmlElement, bool]:
    """The element holding the story, and whether it is the whole page."""
    articles = doc.xpath("//article")[:20]
    if articles:
        return max(articles, key=lambda e: len(e.text_content())), False
    for path in ('//*[@itemprop="articleBody"]', "//main", '//*[@role="main"]'):
        found = doc.xpath(path)
        if found:
            return found[0], False
    body = doc.find("body")
    return (body if body is not None else doc), True


def _is_dropped(el: HtmlElement, whole_page: bool) -> bool:
    tag = el.tag
    if tag in DROP_TAGS or (whole_page and tag in PAGE_CHROME_TAGS):
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    words = _class_words(el)
    return bool(words & DROP_CLASS_WORDS) or any(w.startswith(DROP_CLASS_PREFIXES) for w in words)


def _caption_of(el: HtmlElement) -> Caption | None:
    """The caption of a <figure> or caption-classed element: its text, the
    credit when marked up separately, and the image URL."""
    credit_el = next((c for c in islice(el.iter(), MAX_CAPTION_ELEMENTS)
                      if isinstance(c.tag, str) and c is not el
                      and (c.tag == "cite" or _class_words(c) & CREDIT_CLASS_WORDS)), None)
    credit = clean_line(credit_el.text_content()) if credit_el is not None else None
    caption_el = el.find(".//figcaption") if el.tag == "figure" else el
    if caption_el is None:
        return None
    text = clean_line(caption_el.text_content())
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip()
    if not text:
        return None
    image = el.find(".//img")
    url = None if image is None else (image.get("src") or image.get("data-src"))
    return Caption(text=cut_at_word(text, MAX_LINE_CHARS * 4), credit=credit or None,
                   image_url=url)


MAX_HEADER_LINES = 4  # short lines between the <h1> and a story root that does not hold it
MAX_HEADER_LINE_CHARS = 200
_LEAF_TAGS = frozenset({"p", "div", "span", "address", "time", "li"})


def header_lines(doc: HtmlElement, root: HtmlElement) -> list[str]:
    """`India News | Press Trust of India | Updated: ...`: the byline and time
    lines printed between the headline and a story root (`itemprop=articleBody`)
    that does not hold the headline. Page furniture among them is skipped."""
    h1 = doc.find(".//h1")
    if h1 is None or any(a is root for a in h1.iterancestors()):
        return []
    lines: list[str] = []
    after_h1 = False
    for el in islice(doc.iter(), MAX_HTML_ELEMENTS):
        if el is root:
            break
        if el is h1:
            after_h1 = True
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not after_h1 or tag not in _LEAF_TAGS or any(
                child.tag in BLOCK_TAGS for child in el if isinstance(child.tag, str)):
            continue
        if any(a is h1 for a in el.iterancestors()) or _is_dropped(el, False) or any(
                _is_dropped(a, False) for a in el.iterancestors()):
            continue
        text = clean_line(el.text_content())
        if text and len(text) <= MAX_HEADER_LINE_CHARS:
            lines.append(text)
            if len(lines) >= MAX_HEADER_LINES:
                break
    return lines


def _standfirst_text(el: HtmlElement) -> str:
    """The deck's text; bullet points (`<li>`) kept apart with semicolons."""
    items = [clean_line(li.text_content()) for li in el.iter("li")]
    items = [i for i in items if i]
    return "; ".join(items) if items else clean_line(el.text_content())


def html_blocks(doc: HtmlElement) -> Blocks:
    root, whole_page = content_root(doc)
    blocks = Blocks()
    if not whole_page:
        for line in header_lines(doc, root):
            blocks.add_paragraph(line)
    buffer: list[str] = []
    buffered = 0

    def flush() -> bool:
        nonlocal buffered
        text = "".join(buffer)
        buffer.clear()
        buffered = 0
        return all(blocks.add_paragraph(line) for line in
                   (clean_line(part) for part in text.split("\n")) if line)

    def add_text(text: str | None) -> None:
        nonlocal buffered
        if text and buffered <= MAX_PARAGRAPH_CHARS:
            # Newlines in markup are only whitespace; "\n" in the buffer means <br>.
            buffer.append(text if text == "\n" else text.replace("\n", " "))
            buffered += len(text)

    walker = etree.iterwalk(root, events=("start", "end"))
    visited = 0
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        visited += 1
        if visited > 2 * MAX_HTML_ELEMENTS:  # a start and an end event per element
            blocks.flags.add(FLAG_TRUNCATED_INPUT)
            flush()
            break
        if event == "end":
            if (tag in BLOCK_TAGS or tag in HEADING_TAGS or tag == "figure") and not flush():
                break
            if tag in INLINE_GAP_TAGS:
                add_text(" ")
            if el is not root:
                add_text(el.tail)
            continue
        if not tag or _is_dropped(el, whole_page):
            walker.skip_subtree()
            continue
        if tag in HEADING_TAGS:
            flush()
            text = clean_line(el.text_content())
            if text:
                (blocks.h1 if tag == "h1" else blocks.headings).append(text[:MAX_LINE_CHARS])
            walker.skip_subtree()
            continue
        if blocks.standfirst is None and not blocks.paragraphs and tag in {"p", "div"} \
                and _class_words(el) & STANDFIRST_CLASS_WORDS:
            flush()
            blocks.standfirst = _standfirst_text(el)[:MAX_LINE_CHARS] or None
            walker.skip_subtree()  # "Firefighters are battling ...": the page's deck
            continue
        if tag == "figure" or _class_words(el) & CAPTION_CLASS_WORDS:
            flush()
            caption = _caption_of(el)
            if caption:
                blocks.captions.append(caption)
            walker.skip_subtree()
            continue
        if tag in BLOCK_TAGS and not flush():
            break
        if tag == "br":
            add_text("\n")
        elif tag in INLINE_GAP_TAGS:
            add_text(" ")
        elif tag == "a" and len(blocks.links) < MAX_LINKS and el.get("href"):
            blocks.links.append((clean_line(el.text_content())[:MAX_LINE_CHARS], el.get("href", "")))
        add_text(el.text)
    else:
        flush()
    if blocks.h1 == [] and not whole_page:
        outside = doc.find(".//h1")
        if outside is not None:
            blocks.h1.append(clean_line(outside.text_content())[:MAX_LINE_CHARS])
    return blocks
