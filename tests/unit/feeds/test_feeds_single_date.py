from __future__ import annotations

from datetime import UTC, datetime

from service.feeds.normalise import normalise_feed
from service.model import FeedRef

RDF = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example.org/"><title>Wire</title>
    <link>https://wire.example.org/</link><description>d</description></channel>
  <item rdf:about="https://wire.example.org/a">
    <title>Tram strike ends</title><link>https://wire.example.org/a</link>
    <description>The strike ended.</description><dc:date>2026-03-04T09:30:00</dc:date>
  </item>
</rdf:RDF>"""


def test_rss1_dc_date_dates_the_story_in_the_feed_timezone() -> None:
    feed = FeedRef("f", "Wire", "https://wire.example.org/rdf", "Europe/Berlin")
    result = normalise_feed(RDF, {}, feed, datetime(2026, 3, 5, tzinfo=UTC))
    (record,) = result.records
    assert record.published_original == "2026-03-04T09:30:00"
    assert record.published_at == datetime(2026, 3, 4, 8, 30, tzinfo=UTC)
