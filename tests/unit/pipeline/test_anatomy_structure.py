"""Text structure: HTML and plain text to paragraphs, headings, figures and
page metadata; local files to articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.model import Article
from service.pipeline.inputs import article_from_file, looks_like_html
from service.pipeline.stages.structure import text_structure


def _structure(content: str, input_type: str = "text/html") -> Article:
    article = Article(id="t", url=None, source_name="test", source_timezone=None, fetched_at=None,
                      input_content=content, input_type=input_type)  # type: ignore[arg-type]
    return text_structure.fn(article)


def test_page_furniture_leaves_and_text_stays_in_order() -> None:
    page = """<html><head><title>T</title><style>p{color:red}</style></head><body>
    <nav><p>Home</p></nav>
    <article><h1>The headline</h1>
      <p>First <b>bold</b> paragraph.</p>
      <script>var x = "not text";</script>
      <div class="share-tools"><p>Share on Facebook</p></div>
      <div class="newsletter-box"><p>Get our newsletter</p></div>
      <aside><p>Aside text</p></aside>
      <iframe src="x"></iframe>
      <h2>A subheading</h2>
      <ul><li>One point</li><li>Another point</li></ul>
      <p hidden>Hidden text</p>
      <p>Last paragraph.</p>
    </article>
    <footer><p>Site footer</p></footer></body></html>"""
    a = _structure(page)
    assert a.paragraphs == ("First bold paragraph.", "One point", "Another point", "Last paragraph.")
    assert a.headings == ("A subheading",)
    assert ("h1", "The headline") in a.page_meta


def test_line_breaks_split_paragraphs_but_source_newlines_do_not() -> None:
    a = _structure("<div>One line\ncontinued here<br><br>Second part<br>Third part</div>")
    assert a.paragraphs == ("One line continued here", "Second part", "Third part")


def test_figures_become_captions_with_credit_and_image() -> None:
    a = _structure('<p>Body.</p><figure><img src="/a.jpg"><figcaption>Fire crews at work. '
                   '<span class="credit">Jane Doe/Reuters</span></figcaption></figure>'
                   '<div class="wp-caption-text">Smoke over the hills. (AP Photo/John Roe)</div>')
    assert a.paragraphs == ("Body.",)
    assert [(c.text, c.credit, c.image_url) for c in a.captions] == [
        ("Fire crews at work.", "Jane Doe/Reuters", "/a.jpg"),
        ("Smoke over the hills. (AP Photo/John Roe)", None, None),
    ]


def test_page_metadata_and_json_ld_are_collected() -> None:
    page = """<html lang="en-GB"><head>
    <meta property="article:published_time" content="2024-01-02T03:04:05Z">
    <meta property="og:updated_time" content="2024-01-03T00:00:00Z">
    <meta name="author" content="Jane Doe">
    <script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "LD headline",
      "author": {"@type": "Person", "name": "John Roe"}}</script>
    <script type="application/ld+json">{ not json</script>
    </head><body><p>Text.</p></body></html>"""
    meta = _structure(page).page_meta
    assert ("article:published_time", "2024-01-02T03:04:05Z") in meta
    assert ("article:modified_time", "2024-01-03T00:00:00Z") in meta
    assert ("author", "Jane Doe") in meta
    assert ("ld:headline", "LD headline") in meta
    assert ("ld:author", "John Roe") in meta
    assert ("html:lang", "en-GB") in meta


def test_body_links_are_kept_for_related_headlines() -> None:
    a = _structure('<p>ALSO READ: <a href="https://x.example/a">A linked headline</a></p>')
    assert a.input_links == (("A linked headline", "https://x.example/a"),)


@pytest.mark.parametrize("content", ["", "   ", "<!-- only a comment -->",
                                     '<?xml version="1.0" encoding="utf-8"?><p>Declared.</p>'])
def test_empty_or_odd_markup_does_not_fail(content: str) -> None:
    a = _structure(content)
    assert a.paragraphs in ((), ("Declared.",))


def test_html_typed_input_without_tags_is_read_as_text() -> None:
    a = _structure("First para &amp; more.\n\nSecond para.")
    assert a.paragraphs == ("First para & more.", "Second para.")


def test_plain_text_one_line_per_paragraph_and_blank_line_blocks() -> None:
    a = _structure("Header line\nHeadline\n\nLong paragraph one.\n\n\n  Paragraph two.  ", "text/plain")
    assert a.paragraphs == ("Header line", "Headline", "Long paragraph one.", "Paragraph two.")


def test_hard_wrapped_plain_text_is_rejoined() -> None:
    text = ("The first paragraph is wrapped at a fixed width\nby an old wire terminal and goes on\n"
            "for three lines.\n\nThe second one is also\nwrapped across two lines.\n\nShort.")
    a = _structure(text, "text/plain")
    assert a.paragraphs == (
        "The first paragraph is wrapped at a fixed width by an old wire terminal and goes on for three lines.",
        "The second one is also wrapped across two lines.", "Short.")


def test_invisible_characters_and_odd_spaces_are_cleaned() -> None:
    a = _structure("Zero\u200bwidth\u00a0and   tabs\there.", "text/plain")
    assert a.paragraphs == ("Zerowidth and tabs here.",)


@pytest.mark.parametrize(("head", "html"), [
    (b"<!DOCTYPE html><html>", True),
    (b"\xef\xbb\xbf  <html lang='en'>", True),
    (b"<!-- saved page --><div class='story'>", True),
    (b"<p>Paragraph", True),
    (b"Published: 15:14, February 27, 2020", False),
    (b"The <b> tag appears later in this text", False),
])
def test_files_are_told_apart_by_their_first_bytes(head: bytes, html: bool) -> None:
    assert looks_like_html(head) is html


def test_article_from_file_reads_text_and_html(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_bytes("Caf\u00e9 opens in town\n\nBody text.".encode("cp1252"))
    a = article_from_file(text, timezone="Europe/Paris", source_url="https://news.example/x")
    assert a.input_type == "text/plain" and a.input_content.startswith("Caf\u00e9")
    assert a.source_timezone == "Europe/Paris" and a.source_name == "news.example"
    assert a.text_source == "file" and a.fetched_at is None
    page = tmp_path / "page.html"
    page.write_bytes(b'<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9</p></body></html>')
    b = article_from_file(page)
    assert b.input_type == "text/html" and "Caf\u00e9" in b.input_content
    assert a.id != b.id and a.id == article_from_file(text).id


def test_a_time_element_is_named_by_the_label_printed_before_it() -> None:
    page = """<html><body><article><h1>Title</h1><div>Issued on: <time datetime="2024-02-06T09:12:00+01:00">
    06/02/2024 - 09:12</time> Modified: <time datetime="2024-02-06T11:40:00+01:00">06/02/2024 - 11:40
    </time></div><p>Text.</p></article></body></html>"""
    meta = _structure(page).page_meta
    assert ("datePublished", "2024-02-06T09:12:00+01:00") in meta
    assert ("dateModified", "2024-02-06T11:40:00+01:00") in meta


def test_a_standfirst_before_the_story_leaves_the_body() -> None:
    page = """<html><body><article><h1>Fires kill dozens</h1>
    <p class="article__subhead">Crews battle blazes as winds push flames into towns.</p>
    <p>At least 46 people have died.</p><p class="teaser">Not a deck: the story has begun.</p>
    </article></body></html>"""
    a = _structure(page)
    assert a.standfirst == "Crews battle blazes as winds push flames into towns."
    assert a.paragraphs == ("At least 46 people have died.", "Not a deck: the story has begun.")


def test_lines_between_the_headline_and_an_article_body_root_are_kept_first() -> None:
    page = """<html><body><div class="topnav">Latest India World</div><h1>Monsoon arrives</h1>
    <div class="byline">India News | Press Trust of India | Updated: May 30, 2024 12:41 pm</div>
    <div class="share">Share</div>
    <div itemprop="articleBody"><p>The monsoon set in over Kerala.</p></div>
    <div class="trending">Trending <a href="/t">Elephants cross a road</a></div></body></html>"""
    a = _structure(page)
    assert a.paragraphs == ("India News | Press Trust of India | Updated: May 30, 2024 12:41 pm",
                            "The monsoon set in over Kerala.")


def test_page_chrome_of_news_sites_is_skipped() -> None:
    page = """<html><body><div class="gnb">All News National</div><h1>Missile fired</h1>
    <p>SEOUL (Yonhap) -- A missile was fired.</p><div class="keyword-zone">Keywords #missile</div>
    <div class="relation-news">Related News <a href="/a">Balloons cross border</a></div></body></html>"""
    assert _structure(page).paragraphs == ("SEOUL (Yonhap) -- A missile was fired.",)


def test_time_elements_camel_case_chrome_and_a_bulleted_deck() -> None:
    page = """<html><body><div class="mainNav">Home Latest</div><main><h1>Typhoon lands</h1>
    <div class="article-subheading"><ul><li>Winds of 149km/h</li><li>Airports closed</li></ul></div>
    <div class="date-line"><time datetime="2024-06-20T07:45:12Z">June 20, 2024 9:45 AM</time><span>Updated 3 hours ago</span></div>
    <p>The storm hit the coast.</p><div class="storyTags">Get Latest News</div></main></body></html>"""
    a = _structure(page)
    assert a.standfirst == "Winds of 149km/h; Airports closed"
    assert a.paragraphs == ("June 20, 2024 9:45 AM Updated 3 hours ago", "The storm hit the coast.")
