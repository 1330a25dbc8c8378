"""Checks shared by the security tests: is this HTML inert, is this enriched
document safe to hand to any consumer."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

FORBIDDEN_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "form", "input", "button", "textarea", "select", "svg", "math", "template", "noscript",
    "param", "isindex", "xmp", "title", "head", "body", "html", "img", "video", "audio", "source",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "background",
                            "poster", "cite", "data", "srcset", "lowsrc", "dynsrc"})
SAFE_SCHEMES = ("http:", "https:", "mailto:")
URL_KEYS = frozenset({"uri", "href", "url", "image_url", "source_url"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_TAG = re.compile(r"<[A-Za-z!?/]")


def normalised_url(value: str) -> str:
    """What a browser would make of an attribute value's scheme: entities
    decoded, whitespace and controls removed, lower case."""
    return re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value)).lower()


def html_problems(markup: str) -> list[str]:
    """Every element or attribute in `markup` that could run code or load
    something; empty when the markup is inert."""
    if not markup.strip():
        return []
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    problems: list[str] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else "comment"
        if tag == "comment" or tag.split("}")[-1].lower() in FORBIDDEN_ELEMENTS:
            problems.append(f"element {tag}")
        for name, value in element.attrib.items():
            low = name.lower()
            if low.startswith("on") or low in {"style", "srcdoc", "http-equiv"}:
                problems.append(f"attribute {name}={value!r}")
            elif low in URL_ATTRIBUTES:
                url = normalised_url(value)
                if ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES):
                    problems.append(f"url {name}={value!r}")
    return problems


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, string) for every string in a JSON-like document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def html_fields(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, body in enumerate(doc.get("bodies") or []):
        if "html" in str(body.get("contentType", "")).lower():
            yield f".bodies[{index}]", body["value"]


def document_problems(doc: dict[str, Any], marker: str | None = None) -> list[str]:
    """Why an enriched document is not safe to hand downstream."""
    problems = [f"{path}: {p}" for path, markup in html_fields(doc) for p in html_problems(markup)]
    for path, text in strings(doc):
        key = path.rsplit(".", 1)[-1].split("[")[0]
        if _CONTROL.search(text):
            problems.append(f"{path}: control character in {text[:60]!r}")
        if key in URL_KEYS and not normalised_url(text).startswith((*SAFE_SCHEMES, "urn:")):
            problems.append(f"{path}: unsafe URL {text[:60]!r}")
        if marker and marker in text:
            problems.append(f"{path}: executable payload text survived: {text[:80]!r}")
    for path, text in _one_line_fields(doc):
        if _TAG.search(text):
            problems.append(f"{path}: markup in a plain-text field: {text[:80]!r}")
    return problems


def _one_line_fields(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for headline in doc.get("headlines") or []:
        yield ".headlines.value", headline.get("value", "")
    if isinstance(doc.get("by"), str):
        yield ".by", doc["by"]
    ext = doc.get("x_wire") or {}
    for caption in ext.get("captions") or []:
        yield ".x_wire.captions.text", caption.get("text", "")
    for link in ext.get("related_links") or []:
        yield ".x_wire.related_links.title", link.get("title", "")
