"""Gold acceptance for the wire-copy anatomy: the canonical story in
../shared/samples, enriched by the default pipeline, matches every required
anatomy field of its gold file, whether it arrives as page text, as an RSS
item with HTML `content:encoded`, or as an HTML article page.

The feed and page variants are built here at run time from the shared text;
the story itself is never copied into the repository.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.model import Article, FeedRef, RawArticle
from service.pipeline.inputs import article_from_file, article_from_raw
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Success

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLE = SHARED / "samples" / "saraqeb-wire-article.txt"
GOLD = SHARED / "samples" / "saraqeb-wire-article.gold.json"
FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)
STORY_URL = "https://news.example.com/world/rebels-regain-town"
# The test's own reading of the sample's layout, used only to build variants:
# header line, headline, byline, then blank-line separated paragraphs; a
# paragraph ending in "(NAME / AGENCY)" is a photo caption.
CAPTION_CREDIT = re.compile(r"\s*\((?P<credit>[^()]*/[^()]*)\)$")
PROMO = re.compile(r"^(?P<label>[A-Z ]+):\s*(?P<title>.+)$")


def _require_shared() -> None:
    if not SAMPLE.is_file() or not GOLD.is_file():
        pytest.skip(f"the shared sample is not available (looked for {SAMPLE} and {GOLD}); "
                    "these acceptance tests need ../shared beside the repository")


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    _require_shared()
    return json.loads(GOLD.read_text("utf-8"))


@pytest.fixture(scope="module")
def timezone(gold: dict[str, Any]) -> str:
    return str(gold["source"]["timezone"])


@dataclass(frozen=True)
class Layout:
    header_line: str
    headline: str
    byline: str
    paragraphs: list[str]


def _layout() -> Layout:
    lines = SAMPLE.read_text("utf-8").split("\n")
    body = "\n".join(lines[3:])
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return Layout(lines[0].strip(), lines[1].strip(), lines[2].strip(), paragraphs)


def _html_paragraph(paragraph: str) -> str:
    caption = CAPTION_CREDIT.search(paragraph)
    if caption:
        text = html.escape(paragraph[: caption.start()])
        credit = html.escape(caption.group("credit"))
        return (f'<figure><img src="https://img.example.com/{zlib.crc32(text.encode())}.jpg" alt="">'
                f'<figcaption>{text} <span class="credit">{credit}</span></figcaption></figure>')
    promo = PROMO.match(paragraph)
    if promo:
        title = html.escape(promo.group("title"))
        return (f'<p><strong>{html.escape(promo.group("label"))}:</strong> '
                f'<a href="https://news.example.com/related/{len(title)}">{title}</a></p>')
    return f"<p>{html.escape(paragraph)}</p>"


def _gold_time(gold: dict[str, Any], key: str, zone: str) -> datetime:
    return datetime.fromisoformat(gold["required"][key]).astimezone(ZoneInfo(zone))


def _run(article: Article) -> Article:
    outcome = default_pipeline().run(article)
    assert isinstance(outcome, Success), f"pipeline failed: {outcome}"
    return outcome.article


def _text_variant(gold: dict[str, Any], zone: str, tmp_path: Path) -> Article:
    return _run(article_from_file(SAMPLE, timezone=zone, source_url=STORY_URL,
                                  fetched_at=FETCHED_AT))


def _rss_variant(gold: dict[str, Any], zone: str, tmp_path: Path) -> Article:
    layout = _layout()
    published = _gold_time(gold, "published_at", zone)
    updated = _gold_time(gold, "updated_at", zone)
    content = "\n".join(_html_paragraph(p) for p in layout.paragraphs)
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Example World News</title><link>https://news.example.com/</link>
<description>World news</description><language>en</language>
<item>
  <title>{html.escape(layout.headline)}</title>
  <link>{STORY_URL}</link>
  <guid isPermaLink="true">{STORY_URL}</guid>
  <pubDate>{published.strftime("%a, %d %b %Y %H:%M:%S %z")}</pubDate>
  <atom:updated>{updated.isoformat()}</atom:updated>
  <dc:creator>{html.escape(layout.byline.removeprefix("By "))}</dc:creator>
  <description>{html.escape(layout.paragraphs[1][:120])}</description>
  <content:encoded><![CDATA[{content}]]></content:encoded>
</item></channel></rss>""".encode()
    feed = FeedRef(id="example-world", name="Example World News", url="https://news.example.com/rss",
                   timezone=zone)
    return _run(article_from_raw(_raw_from_feed(rss, feed)))


def _raw_from_feed(body: bytes, feed: FeedRef) -> RawArticle:
    """The feed's one entry as a raw record: through the service's feed
    normaliser when it is there, else straight from feedparser."""
    try:
        from service.feeds.normalise import normalise_feed
    except ImportError:
        normalise_feed = None
    if normalise_feed is not None:
        result = normalise_feed(body, {"content-type": "application/rss+xml"}, feed, FETCHED_AT)
        assert len(result.records) == 1, result.rejections
        return result.records[0]
    import io

    import feedparser

    entry = feedparser.parse(io.BytesIO(body)).entries[0]
    return RawArticle(id=entry.id, feed=feed, url=entry.link, title=entry.title,
                      fetched_at=FETCHED_AT, published_original=entry.get("published"),
                      updated_original=entry.get("updated"), authors=(entry.author,),
                      summary=entry.get("summary"), content=entry.content[0].value)


def _html_variant(gold: dict[str, Any], zone: str, tmp_path: Path) -> Article:
    layout = _layout()
    published = _gold_time(gold, "published_at", zone).isoformat()
    updated = _gold_time(gold, "updated_at", zone).isoformat()
    headline = html.escape(layout.headline)
    body = "\n".join(_html_paragraph(p) for p in layout.paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{headline} | Example World News</title>
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{updated}">
<meta name="author" content="{html.escape(layout.byline.removeprefix("By "))}">
<style>.share{{display:flex}}</style>
<script>window.analytics = {{"page": "article"}};</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
  <header><h1>{headline}</h1>
    <p class="meta">{html.escape(layout.header_line)}</p>
    <p class="byline">{html.escape(layout.byline)}</p>
    <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
  </header>
  {body}
  <aside class="newsletter">Sign up for our morning briefing newsletter</aside>
  <script>renderAd("mid-article");</script>
  <iframe src="https://video.example.com/embed/1"></iframe>
</article></main>
<footer><p>Copyright Example World News. All rights reserved.</p></footer>
</body></html>"""
    path = tmp_path / "story.html"
    path.write_text(page, "utf-8")
    return _run(article_from_file(path, timezone=zone, source_url=STORY_URL, fetched_at=FETCHED_AT))


VARIANTS = {"text": _text_variant, "rss": _rss_variant, "html": _html_variant}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def enriched(request: pytest.FixtureRequest, gold: dict[str, Any], timezone: str,
             tmp_path_factory: pytest.TempPathFactory) -> Article:
    build = VARIANTS[request.param]
    return build(gold, timezone, tmp_path_factory.mktemp(request.param))


def _utc(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _precision_recall(found: list[str], required: list[str], allowed: list[str]) -> tuple[float, float]:
    """Recall over `required`; precision counts anything required or allowed as right."""
    right = [f for f in found if f in required or f in allowed]
    recall = sum(1 for r in required if r in found) / len(required) if required else 1.0
    precision = len(right) / len(found) if found else 1.0
    return precision, recall


def test_headline(enriched: Article, gold: dict[str, Any]) -> None:
    assert enriched.headline == gold["required"]["headline"]


def test_published_and_updated_in_utc(enriched: Article, gold: dict[str, Any]) -> None:
    assert enriched.published is not None and enriched.updated is not None
    assert _utc(enriched.published.utc) == gold["required"]["published_at"]
    assert _utc(enriched.updated.utc) == gold["required"]["updated_at"]
    assert enriched.published.original and enriched.updated.original  # originals kept


def test_language(enriched: Article, gold: dict[str, Any]) -> None:
    assert enriched.language == gold["required"]["language"]
    assert enriched.language_confidence is not None and enriched.language_confidence > 0.9


def test_byline_and_agencies(enriched: Article, gold: dict[str, Any]) -> None:
    assert enriched.byline == gold["required"]["byline"]
    precision, recall = _precision_recall(list(enriched.agencies), gold["required"]["agencies"],
                                          gold["allowed"]["agencies"])
    assert (precision, recall) == (1.0, 1.0), f"agencies {enriched.agencies}"


def test_dateline(enriched: Article, gold: dict[str, Any]) -> None:
    assert enriched.dateline is not None
    assert enriched.dateline.text == gold["required"]["dateline"]["text"]


def test_body(enriched: Article, gold: dict[str, Any]) -> None:
    body = gold["required"]["body"]
    assert enriched.paragraphs[0].startswith(body["first_paragraph_starts_with"])
    assert enriched.paragraphs[-1].startswith(body["last_paragraph_starts_with"])
    assert len(enriched.paragraphs) == body["paragraph_count"]
    assert enriched.counts is not None and enriched.counts.paragraphs == body["paragraph_count"]
    assert enriched.duplicate_paragraphs_removed == body["duplicate_paragraphs_removed"]
    leaked = [s for s in body["must_not_contain"] if s in enriched.body_text]
    assert not leaked, f"body still contains {leaked}"


def test_captions(enriched: Article, gold: dict[str, Any]) -> None:
    expected = gold["required"]["captions"]
    assert len(enriched.captions) == len(expected)
    for want, got in zip(expected, enriched.captions, strict=True):
        assert got.text.startswith(want["starts_with"])
        assert got.photographer == want["photographer"]
        assert got.agency == want["agency"]


def test_related_links(enriched: Article, gold: dict[str, Any]) -> None:
    titles = [link.title for link in enriched.related_links]
    assert titles == gold["required"]["related_links"]


def test_quotes(enriched: Article, gold: dict[str, Any]) -> None:
    expected = gold["required"]["quotes"]
    found = {q.text: q for q in enriched.quotes}
    precision, recall = _precision_recall(list(found), [q["text"] for q in expected], [])
    assert (precision, recall) == (1.0, 1.0), f"quotes found: {list(found)}"
    for want in expected:
        got = found[want["text"]]
        assert got.speaker == want["speaker"]
        if "role_contains" in want:
            assert got.role and want["role_contains"] in got.role


def _anatomy(a: Article) -> dict[str, Any]:
    """Every anatomy field that must not depend on the input's shape."""
    return {
        "headline": a.headline,
        "published": _utc(a.published.utc if a.published else None),
        "updated": _utc(a.updated.utc if a.updated else None),
        "byline": a.byline, "authors": a.authors, "agencies": a.agencies,
        "dateline": a.dateline and (a.dateline.text, a.dateline.place, a.dateline.agency),
        "paragraphs": a.paragraphs,
        "captions": [(c.text, c.photographer, c.agency) for c in a.captions],
        "related": [link.title for link in a.related_links],
        "contributors": a.contributors,
        "duplicates": a.duplicate_paragraphs_removed,
        "quotes": a.quotes, "language": a.language, "counts": a.counts,
    }


def test_same_story_in_every_shape_gives_the_same_anatomy(gold: dict[str, Any], timezone: str,
                                                          tmp_path: Path) -> None:
    results = {name: _anatomy(build(gold, timezone, tmp_path)) for name, build in VARIANTS.items()}
    for name in ("rss", "html"):
        differing = {k for k in results["text"] if results["text"][k] != results[name][k]}
        assert not differing, f"{name} differs from text in {sorted(differing)}"


def test_markup_variants_keep_link_urls(gold: dict[str, Any], timezone: str, tmp_path: Path) -> None:
    page = _html_variant(gold, timezone, tmp_path)
    assert all(link.url and link.url.startswith("https://news.example.com/related/")
               for link in page.related_links)
    assert all(c.image_url for c in page.captions)
