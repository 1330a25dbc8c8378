"""Invalid UTF-8 in a UTF-8 feed is replaced where it is.

feedparser, on a body declared (or defaulting to) UTF-8 that does not decode
as UTF-8, re-decodes the *whole* body in a legacy charset (windows-1252 and
the like): one bad byte in one title turns every "Café" of the feed into
mojibake. This module replaces the invalid sequences with U+FFFD before
feedparser sees the body, so the encoding the feed declares stands.

A body is repaired when it declares UTF-8 (HTTP charset or XML declaration)
or declares nothing (XML's default is UTF-8) and at least one well-formed
multi-byte UTF-8 sequence shows that it is UTF-8. A body declaring another
charset, or with no sign of UTF-8 at all, is left to feedparser's detection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)
# a lead byte followed by the right number of continuation bytes (well-formed, non-overlong)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_NAMES = {"utf-8", "utf8"}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def declared_encoding(body: bytes, headers: Mapping[str, str]) -> str | None:
    """The charset the HTTP Content-Type or the XML declaration names, lower-cased."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    match = _HTTP_CHARSET.search(content_type)
    if match:
        return match.group(1).lower()
    xml = _XML_ENCODING.match(body[:200])
    return xml.group(1).decode("ascii").lower() if xml else None


def repair_utf8(body: bytes, headers: Mapping[str, str]) -> bytes:
    """`body` with invalid UTF-8 sequences replaced by U+FFFD when it is a
    UTF-8 body (see the module docstring); otherwise `body` itself."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    if body.startswith(_BOMS[1:]):  # UTF-16: not ours to touch
        return body
    declared = declared_encoding(body, headers)
    if declared is not None and declared not in _UTF8_NAMES:
        return body
    if declared is None and not body.startswith(_BOMS[0]) and not _UTF8_MULTIBYTE.search(body):
        return body
    return body.decode("utf-8", "replace").encode("utf-8")
