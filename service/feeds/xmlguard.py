"""Pre-parse screening of feed bytes: refuse XML attacks before feedparser
sees the body.

feedparser strips a DOCTYPE only when it matches its own line-anchored
patterns; a DOCTYPE written on one line reaches expat intact, and expat then
expands nested entities (billion laughs) up to its amplification limit, after
which feedparser's loose parser gets the same body. So the body is screened
first, in the encoding feedparser itself will decode it with (a UTF-16 or
UTF-7 body cannot hide a declaration from the scan):

- entity declarations: only a few simple literal general entities are
  accepted (the kind feedparser itself keeps), with their total expansion
  bounded; parameter entities, external entities (SYSTEM/PUBLIC), entities
  referring to other entities and unbounded expansion are refused. Only the
  prolog (before the root element) can declare entities, so only it is
  searched: `<!ENTITY` quoted in an item's CDATA (a story about XXE) is text;
- element nesting deeper than `MAX_DEPTH` and more than `MAX_ELEMENTS`
  start tags are refused.

The scan is one linear pass (every loop step moves past at least one `<`
and terminators are found with `bytes.find`), so a hostile body costs at
most a few hundred milliseconds at the fetcher's 15 MiB body cap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from service.errors import FeedRejected

# Deepest element nesting accepted. Real feeds nest a dozen levels, XHTML
# content a few dozen more; libxml2 itself stops at 256.
MAX_DEPTH = 256
# Start tags accepted in one body: about 100 bytes per element at the 15 MiB
# cap. feedparser needs roughly 0.4 KB of memory per element, so this bounds
# its work at well under a hundred megabytes.
MAX_ELEMENTS = 200_000
# Simple entity declarations accepted, and the characters their references
# may add to the document altogether.
MAX_ENTITY_DECLARATIONS = 16
MAX_ENTITY_EXPANSION = 1 << 20
# A start tag longer than this is not looked at further (a 64 KiB attribute
# is already odd), and a body with more unparseable start tags than
# `MAX_MALFORMED_TAGS` is refused: together they keep the scan linear.
MAX_TAG_BYTES = 1 << 16
MAX_MALFORMED_TAGS = 1_000
# Markup constructs (tags, end tags, comments, CDATA sections, declarations)
# looked at in one body; a `<` followed by something else is text.
MAX_MARKUP_TOKENS = 2 * MAX_ELEMENTS + 100_000

# HTML elements without end tags: raw HTML inside a loosely-written feed
# must not count them as nesting.
_VOID = frozenset(b"area base br col embed hr img input keygen link meta param source track wbr"
                  .split())
# HTML elements that a new one of the same name closes (`<p>a<p>b`).
_IMPLIED_END = frozenset(b"p li dt dd option tr td th".split())
_START_TAG = re.compile(rb"<([A-Za-z_:][-\w.:]*)(?:[^>\"'/]|/(?!>)|\"[^\"]*+\"|'[^']*+')*+(/?)>")
_MARKUP = re.compile(rb"<[A-Za-z_:/!?]")
_END_TAG = re.compile(rb"</([A-Za-z_:][-\w.:]*)\s*>")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_NAME_START = re.compile(rb"[A-Za-z_:]")
_PROLOG_MARKUP = re.compile(rb"<[A-Za-z_:!?]")
_DECLARATION_TOKEN = re.compile(rb"""["'\[\]>]|<!--|<\?""")
# <!ENTITY name "value"> with a value that is literal text or one character
# reference: the only kind that cannot refer to anything else.
_SIMPLE_ENTITY = re.compile(
    rb"<!ENTITY\s+([A-Za-z_][-\w.]*)\s+(?:\"(&#\w+;|[^&%\"<]*)\"|'(&#\w+;|[^&%'<]*)')\s*>")


def xml_threat(body: bytes, headers: Mapping[str, str] | None = None) -> str | None:
    """Why `body` must not be parsed as XML, or None when it may be.

    `headers` are the response headers (lower-cased names), used like
    feedparser uses them to choose the character encoding."""
    data = _as_feedparser_sees_it(body, headers or {})
    return _entity_threat(data) or _structure_threat(data)


def screen_feed(body: bytes, headers: Mapping[str, str] | None = None) -> None:
    """Raise `FeedRejected` with the reason when `xml_threat` finds one."""
    reason = xml_threat(body, headers)
    if reason is not None:
        raise FeedRejected(reason)


def _as_feedparser_sees_it(body: bytes, headers: Mapping[str, str]) -> bytes:
    """The body re-encoded to UTF-8 the way feedparser will before parsing."""
    try:
        from feedparser.encodings import convert_to_utf8
    except ImportError:  # pragma: no cover - feedparser 6 has it; fall back to the bytes
        return body
    result: dict[str, object] = {}
    try:
        converted = convert_to_utf8(dict(headers), body, result)
    except Exception:  # an encoding feedparser would also trip over: scan the bytes as they are
        return body
    return converted if isinstance(converted, bytes) else body


def prolog_end(data: bytes) -> int:
    """Where the root element starts: the first `<` opening a tag outside
    comments, processing instructions and the DOCTYPE declaration (whose
    internal subset and quoted literals may hold any characters); the
    length of `data` when there is no element at all."""
    i, n = 0, len(data)
    while True:
        # a bare `<` opens nothing: the regex skips runs of them in C, not one by one here
        markup = _PROLOG_MARKUP.search(data, i)
        if markup is None:
            return n
        i = markup.start()
        if data.startswith(b"<!--", i):
            i = _after(data, b"-->", i + 4)
        elif data.startswith(b"<?", i):
            i = _after(data, b"?>", i + 2)
        elif data[i + 1:i + 2] == b"!":
            i = _declaration_end(data, i + 2)
        elif _NAME_START.match(data, i + 1):
            return i
        else:
            i += 1


def _after(data: bytes, terminator: bytes, start: int) -> int:
    end = data.find(terminator, start)
    return len(data) if end < 0 else end + len(terminator)


def _declaration_end(data: bytes, i: int) -> int:
    """The end of a `<!...>` declaration of the prolog (a DOCTYPE with its
    `[...]` internal subset, skipping quoted literals, comments and PIs)."""
    n, depth = len(data), 0
    while True:
        # jump to the next character that matters; a hostile body may be megabytes of others
        token = _DECLARATION_TOKEN.search(data, i)
        if token is None:
            return n
        found, i = token.group(), token.start()
        if found in (b'"', b"'"):
            i = _after(data, found, i + 1)
        elif found == b"<!--":
            i = _after(data, b"-->", i + 4)
        elif found == b"<?":
            i = _after(data, b"?>", i + 2)
        elif found == b">" and depth == 0:
            return i + 1
        else:
            depth = depth + 1 if found == b"[" else max(0, depth - 1) if found == b"]" else depth
            i += 1


def _entity_threat(data: bytes) -> str | None:
    prolog = data[:prolog_end(data)]
    declarations = [m.start() for m in _ENTITY_DECL.finditer(prolog)]
    if not declarations:
        return None
    if len(declarations) > MAX_ENTITY_DECLARATIONS:
        return (f"DOCTYPE declares {len(declarations)} entities (more than "
                f"{MAX_ENTITY_DECLARATIONS}): entity expansion is refused")
    expansion = 0
    for start in declarations:
        simple = _SIMPLE_ENTITY.match(data, start)
        if simple is None:
            shown = data[start:start + 80].decode("utf-8", "replace")
            return ("DOCTYPE declares an entity that is external, a parameter entity or refers "
                    f"to other entities (XXE / entity expansion): {shown!r}")
        name, value = simple.group(1), simple.group(2) or simple.group(3) or b""
        expansion += data.count(b"&" + name + b";") * len(value)
        if expansion > MAX_ENTITY_EXPANSION:
            return (f"entity references would add more than {MAX_ENTITY_EXPANSION} bytes "
                    "(entity expansion)")
    return None


def _structure_threat(data: bytes) -> str | None:
    stack: list[bytes] = []
    open_names: Counter[bytes] = Counter()
    elements = malformed = tokens = 0
    pos = 0
    find = data.find
    while True:
        markup = _MARKUP.search(data, pos)
        if markup is None:
            return None
        lt = markup.start()
        tokens += 1
        if tokens > MAX_MARKUP_TOKENS:
            return f"more than {MAX_MARKUP_TOKENS} markup tokens: refused before parsing"
        if data.startswith(b"<!--", lt):
            pos = find(b"-->", lt + 4)
            skip = 3
        elif data.startswith(b"<![CDATA[", lt):
            pos = find(b"]]>", lt + 9)
            skip = 3
        elif data.startswith(b"<?", lt):
            pos = find(b"?>", lt + 2)
            skip = 2
        elif data.startswith(b"</", lt):
            end = _END_TAG.match(data, lt)
            if end is not None and open_names[end.group(1)]:
                _close(stack, open_names, end.group(1))
            pos, skip = (end.end() if end is not None else lt + 2), 0
        else:
            start = _START_TAG.match(data, lt, lt + MAX_TAG_BYTES)
            if start is None:
                if data[lt + 1:lt + 2].isalpha():
                    malformed += 1
                    if malformed > MAX_MALFORMED_TAGS:
                        return (f"more than {MAX_MALFORMED_TAGS} unterminated or oversized "
                                "start tags: refused before parsing")
                pos = lt + 1
                continue
            elements += 1
            if elements > MAX_ELEMENTS:
                return f"more than {MAX_ELEMENTS} elements: refused before parsing"
            name = start.group(1)
            if not start.group(2) and name.lower() not in _VOID:
                if name.lower() in _IMPLIED_END and open_names[name]:
                    _close(stack, open_names, name)
                stack.append(name)
                open_names[name] += 1
                if len(stack) > MAX_DEPTH:
                    return f"elements nested deeper than {MAX_DEPTH} levels: refused before parsing"
            pos, skip = start.end(), 0
        if pos < 0:  # unterminated comment, CDATA or PI: the rest is not markup
            return None
        pos += skip


def _close(stack: list[bytes], open_names: Counter[bytes], name: bytes) -> None:
    """Close the innermost open `name` and everything opened inside it, as a
    lenient parser does."""
    while stack:
        top = stack.pop()
        open_names[top] -= 1
        if top == name:
            return
