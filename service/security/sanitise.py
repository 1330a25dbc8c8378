"""What leaves the service is safe to render: HTML through one nh3 policy,
URLs limited to http(s), text free of control characters.

`sanitise_html` is the policy for any HTML that travels downstream. nh3
(ammonia, html5ever) is a well-kept allow-list sanitiser; two things are
added around it:

- nesting is bounded first: html5ever's tree building costs time
  proportional to the depth of open elements for every tag, so 300 KB of
  `<ul><li>` repeated takes seconds and a few megabytes minutes. lxml's
  HTML parser stops at 256 levels and its serialisation is handed to nh3;
- control characters are replaced before and after: lxml refuses them,
  terminals obey them, and html5ever decodes character references such as
  `&#11;` into the very characters removed from the input.

`safe_article` applies the field rules to every text and URL field of an
enriched Article, whichever stage made it; the pipeline's last stage
(`service.pipeline.stages.output_safety`) calls it. This module knows nothing
of the pipeline.
"""

from __future__ import annotations

import html
import re
from dataclasses import fields, is_dataclass, replace
from typing import Any

import lxml.etree
import lxml.html
import nh3

from service.errors import InputTooLarge
from service.model import Article, MediaItem
from service.security.fields import clean_text, safe_url

ALLOWED_TAGS = frozenset({"p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong",
                          "em", "b", "i", "a", "figure", "figcaption", "q"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "q": {"cite"}}
HTML_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Elements removed together with their content (not just unwrapped).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object",
                                  "embed", "applet", "svg", "math", "textarea", "select", "title",
                                  "xmp", "noembed", "noframes", "frameset", "head"})
MAX_HTML_CHARS = 5_000_000

# Fields of the model that hold URLs a consumer may turn into links or fetches.
URL_FIELDS = frozenset({"url", "image_url"})
# One-line fields that are plain text: markup found in them (an upstream
# parser's leftover, or an attack on consumers that render them raw) is
# reduced to its text.
TEXT_ONLY_FIELDS = {
    "Article": ("headline", "byline", "authors"),
    "Caption": ("text", "photographer", "agency", "credit"),
    "RelatedLink": ("title", "label"),
    "Contributor": ("name",),
}
_MARKUP = re.compile(r"<[A-Za-z!/?]")
_SPACES = re.compile(r"\s+")
# Fields not carried downstream (the raw input, kept for the stages).
_NOT_OUTPUT = frozenset({"input_content", "extra"})


def bounded_nesting(markup: str) -> str:
    """`markup` re-serialised by lxml, which stops at 256 levels of nesting."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError, AssertionError):  # lxml asserts on some soups
        return html.escape(markup)  # unparseable: kept as inert, flat text
    out: str = lxml.etree.tostring(root, encoding="unicode", method="html")
    return out[len("<div>"):-len("</div>")] if out.startswith("<div>") else out


def sanitise_html(markup: str) -> str:
    """`markup` reduced to the allowed tags and attributes; links limited to
    http, https and mailto and given rel="noopener noreferrer nofollow".
    Raises `InputTooLarge` beyond `MAX_HTML_CHARS`."""
    if len(markup) > MAX_HTML_CHARS:
        raise InputTooLarge(f"HTML of {len(markup)} characters exceeds the limit of "
                            f"{MAX_HTML_CHARS}")
    bounded = bounded_nesting(clean_text(markup))
    cleaned: str = nh3.clean(bounded, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                             url_schemes=set(HTML_URL_SCHEMES), link_rel=LINK_REL,
                             strip_comments=True, clean_content_tags=set(REMOVED_WITH_CONTENT),
                             attribute_filter=_absolute_links_only)
    return clean_text(cleaned)


def _absolute_links_only(_element: str, attribute: str, value: str) -> str | None:
    """Link targets must be absolute http(s) or mailto URLs: a relative link
    means nothing downstream, and refusing it also refuses every scheme
    disguise (`java%09script:`) that only looks relative."""
    if attribute not in ("href", "cite"):
        return value
    if value.lower().startswith("mailto:") and len(value) <= 512:
        return value
    return safe_url(value)


def text_only(text: str) -> str:
    """`text` with any HTML markup reduced to its visible text (script, style
    and the like dropped with their content); text without markup unchanged."""
    if not _MARKUP.search(text):
        return text
    try:
        root = lxml.html.fragment_fromstring(clean_text(text), create_parent="div")
    except (lxml.etree.ParserError, ValueError, AssertionError):  # lxml asserts on some soups
        return _SPACES.sub(" ", text.replace("<", " ").replace(">", " ")).strip()
    for element in list(root.iter(*REMOVED_WITH_CONTENT)):
        element.drop_tree()
    return _SPACES.sub(" ", str(root.text_content())).strip()


def _text_only(value: Any) -> Any:
    if isinstance(value, str):
        return text_only(value)
    if isinstance(value, tuple):
        return tuple(t for t in (text_only(v) for v in value) if t)
    return value


_SCALARS = frozenset({int, float, bool})


_FIELDS_BY_TYPE: dict[type, tuple[str, ...] | None] = {}


def _output_fields(cls: type) -> tuple[str, ...] | None:
    """The names of the output fields of a model class; None for any other
    type. Looked up once per class: `fields()` is slow on the hot path."""
    if cls not in _FIELDS_BY_TYPE:
        _FIELDS_BY_TYPE[cls] = tuple(f.name for f in fields(cls) if f.name not in _NOT_OUTPUT) \
            if is_dataclass(cls) else None
    return _FIELDS_BY_TYPE[cls]


def _clean(value: Any, name: str = "") -> Any:
    """Cleaned copy of a model value (the same object when nothing changed);
    None for a URL field that is not safe and for a media item with one."""
    if isinstance(value, str):
        if name in URL_FIELDS:
            return safe_url(value)
        # control characters, surrogates and noncharacters are all unprintable:
        # a printable text (most fields) has nothing to clean
        return value if value.isprintable() else clean_text(value)
    if isinstance(value, tuple):
        items = [_clean(v, name) for v in value]
        if len(items) == len(value) and all(n is o for n, o in zip(items, value, strict=True)):
            return value
        return tuple(v for v in items if v is not None)
    names = _output_fields(type(value))
    if names is not None:
        changes: dict[str, Any] = {}
        for field_name in names:
            old = getattr(value, field_name)
            if old is None or type(old) in _SCALARS:
                continue  # nothing to clean in a number, a flag or an absent value
            new = _clean(old, field_name)
            if new is not old:
                changes[field_name] = new
        for name in TEXT_ONLY_FIELDS.get(type(value).__name__, ()):
            current = changes.get(name, getattr(value, name))
            stripped = _text_only(current)
            if stripped != current:
                changes[name] = stripped
        if isinstance(value, MediaItem) and changes.get("url", "") is None:
            return None  # a media item is its URL
        return replace(value, **changes) if changes else value
    return value


def safe_article(a: Article) -> Article:
    """Every text field of `a` free of control characters (offsets kept) and
    every URL field http(s) or None; media items with unsafe URLs dropped."""
    cleaned: Article = _clean(a)
    return cleaned
