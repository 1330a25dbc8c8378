"""XML attacks on the feed parser: entity expansion, external entities and
DTDs, deep nesting. Feeds carrying them are refused with a clear reason
before feedparser sees them; nothing is fetched or read, memory stays flat."""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from service.errors import FeedRejected
from service.feeds import xmlguard
from service.feeds.normalise import normalise_feed
from service.feeds.xmlguard import screen_feed, xml_threat
from service.model import FeedRef
from tests.security.servers import Listener, listening

pytestmark = pytest.mark.timeout(60)

FEED = FeedRef("hostile", "Hostile", "https://news.example/feed")
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ITEM = b"<item><title>%s</title><link>https://news.example/a</link></item>"


def rss(title: bytes, prolog: bytes = b"", extra: bytes = b"") -> bytes:
    return (b'<?xml version="1.0"?>' + prolog + b'<rss version="2.0"><channel><title>t</title>'
            + extra + ITEM % title + b"</channel></rss>")


def laughs(levels: int, one_line: bool = True) -> bytes:
    sep = b"" if one_line else b"\n"
    decls = [b'<!ENTITY l0 "lol">']
    decls += [b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, levels)]
    return rss(b"&l%d;" % (levels - 1), b"<!DOCTYPE rss [" + sep + sep.join(decls) + sep + b"]>")


def quadratic(refs: int) -> bytes:
    return rss(b"&big;" * refs, b'<!DOCTYPE rss [<!ENTITY big "' + b"A" * 50_000 + b'">]>')


def nested(depth: int) -> bytes:
    return rss(b"x", extra=b"<x:wrap xmlns:x='urn:x'>" + b"<x:n>" * depth + b"</x:n>" * depth
               + b"</x:wrap>")


def normalised_rejection(body: bytes, headers: dict[str, str] | None = None) -> str:
    result = normalise_feed(body, headers or {}, FEED, NOW)
    assert result.records == ()
    assert result.rejected
    (rejection,) = result.rejections
    assert rejection.reason == "xml-threat"
    return rejection.detail


# ---------------------------------------------------------------- rejections

ATTACKS = {
    "billion laughs on one line": laughs(10),
    "billion laughs on several lines": laughs(10, one_line=False),
    "quadratic blow-up": quadratic(30),
    "external entity (file)": rss(b"&x;", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
    "external entity (http)": rss(b"&x;", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'),
    "public external entity": rss(b"&x;", b'<!DOCTYPE rss [<!ENTITY x PUBLIC "-//X//EN" '
                                  b'"http://127.0.0.1:9/x">]>'),
    "parameter entity": rss(b"x", b'<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;]>'),
    "lower-case declaration": rss(b"&x;", b'<!DOCTYPE rss [<!entity x SYSTEM "file:///etc/passwd">]>'),
    "entity defined through a character reference": rss(
        b"&b;", b'<!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&#38;a;&#38;a;">]>'),
    "too many entities": rss(b"x", b"<!DOCTYPE rss [" + b"".join(
        b'<!ENTITY e%d "v">' % i for i in range(xmlguard.MAX_ENTITY_DECLARATIONS + 1)) + b"]>"),
    "deep nesting": nested(xmlguard.MAX_DEPTH + 1),
    "deep unclosed nesting": rss(b"x", extra=b"<div>" * (xmlguard.MAX_DEPTH + 1)),
    "too many elements": rss(b"x", extra=b"<e/>" * (xmlguard.MAX_ELEMENTS + 1)),
    "unterminated tags": b"<rss>" + b'<a x="' * (xmlguard.MAX_MALFORMED_TAGS + 5),
}


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_is_refused_with_a_clear_reason(name: str) -> None:
    body = ATTACKS[name]
    detail = normalised_rejection(body)
    assert any(word in detail for word in ("entit", "nested", "elements", "tags")), detail
    with pytest.raises(FeedRejected) as caught:
        screen_feed(body)
    assert caught.value.reason == "feed-rejected"
    assert str(caught.value) == detail


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_declarations_cannot_hide_in_another_encoding(encoding: str) -> None:
    text = (f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE rss [<!ENTITY x SYSTEM '
            '"file:///etc/passwd">]><rss version="2.0"><channel><item><title>&x;</title>'
            "</item></channel></rss>")
    assert "entity" in normalised_rejection(text.encode(encoding))


def test_declarations_cannot_hide_in_utf7() -> None:
    # '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' with every
    # markup character written as a UTF-7 base64 run
    hidden = (b"+ADwAIQ-DOCTYPE rss +AFsAPAAh-ENTITY x SYSTEM +ACI-file:///etc/passwd+ACIAPgBdAD4-")
    assert hidden.decode("utf-7") == '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    assert b"<!ENTITY" not in hidden
    body = (b'<?xml version="1.0" encoding="utf-7"?>' + hidden
            + b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>')
    assert "entity" in normalised_rejection(body)


def test_declarations_cannot_hide_behind_a_charset_header() -> None:
    text = ('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
            "<channel><item><title>&x;</title></item></channel></rss>")
    body = text.encode("utf-16-le")  # no BOM: only the header names the encoding
    assert "entity" in normalised_rejection(
        body, {"content-type": "application/rss+xml; charset=utf-16le"})


# ----------------------------------------------------------- what still passes

FINE = {
    "plain RSS": rss(b"Hello"),
    "Netscape RSS 0.91 DOCTYPE": rss(b"Hi", b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD '
                                    b'RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">'),
    "simple literal entity": rss(b"&id;blog", b'<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]>'),
    "character-reference entity": rss(b"a&nbsp;b", b'<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>'),
    "HTML in CDATA": rss(b"<![CDATA[" + b"<p>para" * 50_000 + b"]]>"),
    "unclosed HTML closed by its parent": rss(b"x", extra=b"<description>" + b"<p>a<br>" * 5_000
                                              + b"</description>"),
    "nesting at the limit": nested(xmlguard.MAX_DEPTH - 6),
    "text with angle brackets": rss(b"a < b and c <= d" * 1_000),
}


@pytest.mark.parametrize("name", FINE)
def test_ordinary_feeds_pass_the_screen(name: str) -> None:
    assert xml_threat(FINE[name]) is None


def test_simple_entity_still_expands() -> None:
    result = normalise_feed(FINE["simple literal entity"], {}, FEED, NOW)
    assert [r.title for r in result.records] == ["tag:example.com,blog"]


def test_screen_is_linear_on_the_largest_hostile_bodies() -> None:
    cap = 15 * 1024 * 1024
    bodies = [b"<" * cap, b"</" * (cap // 2), b"<!" * (cap // 2), b'<a "' * (cap // 4),
              b"<!--" * (cap // 4), b"<a/>" * (cap // 4), b"<x>" * (cap // 3)]
    started = time.monotonic()
    for body in bodies:
        xml_threat(body)
    # quadratic behaviour would take hours here; linear takes about a second
    assert time.monotonic() - started < 20


# ------------------------------------------------------ memory, files, network


def test_billion_laughs_does_not_blow_up_memory() -> None:
    body = laughs(9)
    tracemalloc.start()
    try:
        normalise_feed(body, {}, FEED, NOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("FILE-MARKER-7f3a")
    return path


def test_external_entity_never_reads_a_local_file(secret_file: Path) -> None:
    body = rss(b"&x;", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://%s">]>' % str(secret_file).encode())
    result = normalise_feed(body, {}, FEED, NOW)
    assert "FILE-MARKER" not in repr(result)
    # feedparser on its own (no screen) does not read it either
    assert "FILE-MARKER" not in repr(feedparser.parse(io.BytesIO(body)))


def test_a_body_that_is_a_file_name_is_not_opened(tmp_path: Path) -> None:
    """feedparser opens a file when handed a path; the service hands it bytes."""
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(b"FILE-MARKER-path"))
    result = normalise_feed(str(path).encode(), {}, FEED, NOW)
    assert result.records == () and "FILE-MARKER" not in repr(result)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with listening() as server:
        yield server


def referencing(url: bytes) -> dict[str, bytes]:
    return {
        "external DTD": rss(b"x", b'<!DOCTYPE rss SYSTEM "%s/dtd">' % url),
        "public DTD": rss(b"x", b'<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "%s/dtd">' % url),
        "external entity": rss(b"&x;", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "%s/ent">]>' % url),
        "parameter entity": rss(b"x", b'<!DOCTYPE rss [<!ENTITY %% p SYSTEM "%s/pe">%%p;]>' % url),
        "xml-stylesheet": rss(b"x", b'<?xml-stylesheet type="text/xsl" href="%s/xsl"?>' % url),
        "xinclude": rss(b"x", extra=b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                        b'href="%s/inc"/>' % url),
        "schema location": rss(b"x", extra=b'<x xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                               b'xsi:schemaLocation="urn:x %s/xsd"/>' % url),
        "body is a URL": url + b"/feed",
    }


def test_nothing_in_a_feed_makes_the_parser_fetch(listener: Listener) -> None:
    for name, body in referencing(listener.url.encode()).items():
        normalise_feed(body, {}, FEED, NOW)
        feedparser.parse(io.BytesIO(body))  # feedparser itself, without the screen
        assert listener.connections == 0, name
    time.sleep(0.2)  # a fetch started in the background would have connected by now
    assert listener.connections == 0


def test_entity_declaration_quoted_in_a_story_is_text_not_a_threat() -> None:
    # Only the prolog can declare entities: a security story quoting an XXE
    # payload in its CDATA body is a story, and it is kept.
    story = (b"<item><title>How XXE works</title><link>https://news.example/xxe</link>"
             b"<description><![CDATA[Attackers declare <!ENTITY x SYSTEM \"file:///etc/passwd\"> "
             b"and reference &x; in the body.]]></description></item>")
    body = rss(b"Other story", extra=story)
    assert xml_threat(body) is None
    result = normalise_feed(body, {}, FEED, NOW)
    assert not result.rejected
    assert {r.title for r in result.records} == {"How XXE works", "Other story"}
    assert any("<!ENTITY" in (r.summary or "") or "ENTITY" in (r.content or "")
               for r in result.records)


@pytest.mark.parametrize("prolog", [
    # a fake root element in a comment must not end the prolog early
    b"<!-- <rss> --><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
    # nor one in a quoted literal or a comment inside the internal subset
    b"<!DOCTYPE rss [<!NOTATION n SYSTEM \"<rss>\"><!-- <rss> --><!ENTITY x SYSTEM \"file:///x\">]>",
    # nor a processing instruction
    b"<?pi <rss> ?><!DOCTYPE rss [<!ENTITY % p SYSTEM \"http://127.0.0.1/x.dtd\"> %p;]>",
])
def test_prolog_tricks_do_not_hide_a_declaration(prolog: bytes) -> None:
    assert "XXE" in (xml_threat(rss(b"&x;", prolog)) or "")
