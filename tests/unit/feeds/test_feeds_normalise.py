from __future__ import annotations

from datetime import UTC, datetime

from service.feeds.normalise import normalise_feed, poll_hint_seconds
from service.model import FeedRef

FEED = FeedRef("wire", "Wire", "https://example.org/feed", "Asia/Amman")
AT = datetime(2024, 3, 1, 12, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel><title>Wire</title><language>en</language><ttl>15</ttl>
<item>
  <title>Rebels shell Saraqeb</title>
  <link>https://News.example.org/world/saraqeb?utm_source=rss&amp;ref=7#comments</link>
  <guid isPermaLink="false">story-1001</guid>
  <pubDate>Tue, 27 Feb 2024 10:00:00</pubDate>
  <dc:creator>Jane Reporter</dc:creator>
  <category>World</category><category>Syria</category>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>AMMAN (Reuters) - Full story.</p><script>alert(1)</script>]]></content:encoded>
  <media:content url="https://img.example.org/1.jpg" type="image/jpeg" width="800" height="600">
    <media:credit role="photographer">AFP</media:credit>
  </media:content>
  <enclosure url="https://img.example.org/2.mp3" type="audio/mpeg" length="123"/>
</item>
<item>
  <title>Teaser only</title>
  <link>https://news.example.org/world/teaser</link>
  <description>Only a line.</description>
</item>
<item><description></description></item>
</channel></rss>"""


def test_rss_entry_fields() -> None:
    result = normalise_feed(RSS, {"Content-Type": "application/rss+xml"}, FEED, AT)
    full, teaser = result.records
    assert full.id == "wire:story-1001"
    assert full.url == "https://news.example.org/world/saraqeb?ref=7"
    assert full.text_source == "feed-content" and "Full story" in (full.content or "")
    assert "<script" not in (full.content or "")
    assert full.summary == "Short teaser."
    assert full.published_original == "Tue, 27 Feb 2024 10:00:00"
    assert full.published_at == datetime(2024, 2, 27, 7, 0, tzinfo=UTC)  # Amman is UTC+3
    assert full.authors == ("Jane Reporter",)
    assert full.categories == ("World", "Syria")
    assert full.language_hint == "en"
    assert [m.url for m in full.media] == ["https://img.example.org/1.jpg",
                                           "https://img.example.org/2.mp3"]
    assert full.media[0].credit == "AFP" and full.media[0].width == 800
    assert full.fetched_at == AT and full.feed == FEED
    assert teaser.id == "https://news.example.org/world/teaser"
    assert teaser.text_source == "feed-summary" and teaser.content == "Only a line."
    assert [r.reason for r in result.rejections] == ["entry-empty"]
    assert result.rejections[0].entry_index == 2
    assert result.feed_meta["title"] == "Wire" and result.feed_meta["poll_hint_s"] == 900.0
    assert result.bozo is None


def test_content_hash_is_stable_and_follows_content() -> None:
    first = normalise_feed(RSS, {}, FEED, AT).records[0]
    again = normalise_feed(RSS, {}, FEED, datetime(2025, 1, 1, tzinfo=UTC)).records[0]
    edited = normalise_feed(RSS.replace(b"Full story", b"Fuller story"), {}, FEED, AT).records[0]
    assert first.content_hash == again.content_hash
    assert edited.id == first.id and edited.content_hash != first.content_hash


def test_atom_permalink_ids_and_xhtml_content() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>https://example.org/posts/1?utm_campaign=x</id><title>One</title>
    <updated>2024-03-01T09:30:00+01:00</updated>
    <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
    <entry><id>tag:example.org,2024:2</id><title>Two</title><summary>S</summary></entry></feed>"""
    one, two = normalise_feed(atom, {"content-type": "application/atom+xml"}, FEED, AT).records
    assert one.id == "https://example.org/posts/1"
    assert one.updated_at == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert one.content == "<p>Body</p>" and one.text_source == "feed-content"
    assert two.id == "tag:example.org,2024:2" and two.text_source == "feed-summary"


def test_json_feed() -> None:
    body = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "language": "fr",
      "items": [{"id": "9", "url": "https://e.org/9", "title": "Neuf",
                 "content_html": "<p>Bonjour</p><script>x()</script>",
                 "date_published": "2024-03-01T10:00:00Z", "tags": ["a", "b"],
                 "authors": [{"name": "Ana"}],
                 "attachments": [{"url": "https://e.org/9.jpg", "mime_type": "image/jpeg"}]},
                "not an object"]}"""
    result = normalise_feed(body, {"content-type": "application/feed+json"}, FEED, AT)
    (item,) = result.records
    assert item.id == "wire:9" and item.title == "Neuf" and item.language_hint == "fr"
    assert item.content == "<p>Bonjour</p>"
    assert item.published_at == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert item.authors == ("Ana",) and item.categories == ("a", "b")
    assert item.media[0].medium == "image"
    assert [(r.reason, r.entry_index) for r in result.rejections] == [("entry-error", 1)]


def test_html_page_is_rejected_with_a_clear_reason() -> None:
    page = b"<!DOCTYPE html><html><head><title>News</title></head><body><p>Hi</p></body></html>"
    result = normalise_feed(page, {"Content-Type": "text/html; charset=utf-8"}, FEED, AT)
    assert result.records == () and result.rejected
    assert result.rejections[0].reason == "html-page"
    assert "HTML page" in result.rejections[0].detail


def test_garbage_and_empty_bodies_are_rejected_not_raised() -> None:
    assert normalise_feed(b"", {}, FEED, AT).rejections[0].reason == "empty-body"
    assert normalise_feed(b"\x00\xff binary", {}, FEED, AT).rejections[0].reason == "not-a-feed"
    assert normalise_feed(b"{\"no\": 1}", {}, FEED, AT).rejections[0].reason == "not-a-feed"


def test_recoverable_bozo_feed_still_yields_entries() -> None:
    broken = RSS.replace(b"<title>Wire</title>", b"<title>Wire & Co</title>")
    result = normalise_feed(broken, {}, FEED, AT)
    assert result.bozo is not None
    assert len(result.records) == 2


def test_entry_limit_and_duplicates() -> None:
    items = "".join(f"<item><guid>g{i % 4}</guid><title>t{i}</title></item>" for i in range(6))
    body = f'<rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()
    result = normalise_feed(body, {}, FEED, AT, max_entries=5)
    assert [r.id for r in result.records] == ["wire:g0", "wire:g1", "wire:g2", "wire:g3"]
    reasons = sorted(r.reason for r in result.rejections)
    assert reasons == ["entry-duplicate", "entry-limit"]
    assert not result.rejected


def test_no_external_entities_or_local_files_are_read(tmp_path: object) -> None:
    xxe = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss version="2.0"><channel><title>t</title><item><title>&x;</title><guid>1</guid>
    </item></channel></rss>"""
    result = normalise_feed(xxe, {}, FEED, AT)
    assert all("root:" not in (r.title or "") for r in result.records)
    # a body that is a file name must not be opened as one
    assert normalise_feed(b"/etc/passwd", {}, FEED, AT).records == ()


def test_poll_hint() -> None:
    assert poll_hint_seconds("30", None, None) == 1800
    assert poll_hint_seconds(None, "hourly", "4") == 900
    assert poll_hint_seconds("60", "daily", "1") == 3600
    assert poll_hint_seconds("soon", "never", None) is None
