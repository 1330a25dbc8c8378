"""One invalid UTF-8 sequence must not re-decode a whole feed in a legacy
charset (issue 12, item 6): it is replaced where it is, and the declared
(or default) UTF-8 of the rest stands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.feeds.charset import repair_utf8
from service.feeds.normalise import normalise_feed
from service.model import FeedRef

FEED = FeedRef("wire", "Wire", "https://example.org/feed", "UTC")
AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _feed(declaration: str, titles: list[bytes]) -> bytes:
    items = b"".join(b"<item><guid>g%d</guid><title>" % i + t + b"</title>"
                     b"<description>Harbour traffic resumed.</description></item>"
                     for i, t in enumerate(titles))
    return (declaration.encode() + b'<rss version="2.0"><channel><title>Wire</title>'
            + items + b"</channel></rss>")


MIXED = ["Café owners reopen in Zürich".encode(), b"Broken \xff byte in this title",
         "Grève à Orléans".encode()]


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="utf-8"?>',
                                         '<?xml version="1.0"?>', ""])
def test_a_mixed_feed_keeps_its_utf8_and_replaces_the_bad_sequence(declaration: str) -> None:
    result = normalise_feed(_feed(declaration, MIXED), {}, FEED, AT)
    titles = [r.title for r in result.records]
    assert titles == ["Café owners reopen in Zürich", "Broken \ufffd byte in this title",
                      "Grève à Orléans"]


def test_the_http_charset_counts_as_a_declaration() -> None:
    result = normalise_feed(_feed("", MIXED), {"Content-Type": "application/rss+xml; charset=UTF-8"},
                            FEED, AT)
    assert result.records[0].title == "Café owners reopen in Zürich"


def test_a_feed_declared_in_a_legacy_charset_is_left_to_it() -> None:
    latin = _feed('<?xml version="1.0" encoding="iso-8859-1"?>', ["Café".encode("latin-1")])
    assert repair_utf8(latin, {}) == latin
    assert normalise_feed(latin, {}, FEED, AT).records[0].title == "Café"


def test_an_undeclared_legacy_feed_without_any_utf8_is_left_to_detection() -> None:
    legacy = _feed("", ["Café à Orléans".encode("cp1252")])
    assert repair_utf8(legacy, {}) == legacy


def test_valid_utf8_is_untouched() -> None:
    body = _feed('<?xml version="1.0" encoding="utf-8"?>', ["Café".encode()])
    assert repair_utf8(body, {}) is body
