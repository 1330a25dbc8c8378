"""A feed with far more entries than MAX_ENTRIES_PER_FEED yields its first
entries, with the rest counted (issue 12, item 8): it used to be refused
whole by the element limit of the XML screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.feeds.normalise import normalise_feed
from service.model import FeedRef

FEED = FeedRef("wire", "Wire", "https://example.org/feed", "UTC")
AT = datetime(2026, 3, 1, 12, tzinfo=UTC)
ITEMS = 100_000


def _rss(n: int) -> bytes:
    items = "".join(f"<item><guid>g{i}</guid><title>Harbour update {i}</title>"
                    f"<description>Cargo traffic, update {i}.</description></item>" for i in range(n))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
            f"{items}<textInput><title>Search</title></textInput></channel></rss>").encode()


def _atom(n: int) -> bytes:
    entries = "".join(f"<entry><id>urn:e:{i}</id><title>Update {i}</title>"
                      f"<updated>2026-03-01T10:00:00Z</updated><summary>Text {i}.</summary></entry>"
                      for i in range(n))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Wire</title><id>urn:wire</id><updated>2026-03-01T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def _rdf(n: int) -> bytes:
    items = "".join(f'<item rdf:about="https://e.org/{i}"><title>Update {i}</title>'
                    f"<link>https://e.org/{i}</link><description>Text {i}.</description></item>"
                    for i in range(n))
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://e.org/"><title>Wire</title>'
            f"<link>https://e.org/</link></channel>{items}</rdf:RDF>").encode()


@pytest.mark.parametrize("build", [_rss, _atom, _rdf])
def test_a_huge_feed_yields_its_first_entries_and_counts_the_rest(build: object) -> None:
    result = normalise_feed(build(ITEMS), {}, FEED, AT, max_entries=500)  # type: ignore[operator]
    assert len(result.records) == 500
    assert result.records[0].title.endswith(" 0") and result.records[-1].title.endswith(" 499")
    limit = [r for r in result.rejections if r.reason == "entry-limit"]
    assert len(limit) == 1 and f"{ITEMS - 500} entries beyond" in limit[0].detail
    assert result.feed_meta["entries"] == ITEMS


def test_a_feed_within_the_limit_is_not_cut() -> None:
    result = normalise_feed(_rss(20), {}, FEED, AT, max_entries=500)
    assert len(result.records) == 20 and not result.rejections
