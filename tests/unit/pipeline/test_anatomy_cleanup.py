"""Cross-promotion, boilerplate, trailing credits and repeated paragraphs."""

from __future__ import annotations

import pytest

from service.model import Article, Contributor
from service.pipeline.stages.credits import credit_line, credits
from service.pipeline.stages.crosspromo import cross_promo, is_boilerplate
from service.pipeline.stages.dedupe import dedupe


def _article(paragraphs: tuple[str, ...], **fields: object) -> Article:
    return Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                   input_content="x", input_type="text/plain", paragraphs=paragraphs,
                   **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("line", "label", "title"), [
    ("ALSO READ: Erdogan vows to repel forces", "ALSO READ", "Erdogan vows to repel forces"),
    ("READ MORE: Turkey seeks missiles", "READ MORE", "Turkey seeks missiles"),
    ("Related: Heat wave strains grid", "RELATED", "Heat wave strains grid"),
    ("Also Read | Monsoon arrives early", "ALSO READ", "Monsoon arrives early"),
    ("[READ MORE] Markets slide", "READ MORE", "Markets slide"),
    ("READ MORE Turkey seeks missiles", "READ MORE", "Turkey seeks missiles"),
    ("WATCH: Video shows flood waters", "WATCH", "Video shows flood waters"),
])
def test_cross_promotion_becomes_related_links(line: str, label: str, title: str) -> None:
    a = cross_promo.fn(_article(("Body.", line, "More body."),
                                input_links=((title, "https://x.example/r"),)))
    assert a.paragraphs == ("Body.", "More body.")
    assert [(r.label, r.title, r.url) for r in a.related_links] == [(label, title, "https://x.example/r")]


@pytest.mark.parametrize("line", [
    "Click here to follow our live coverage", "Sign up here for our free daily politics newsletter.",
    "Subscribe to our newsletter", "Follow us on Twitter for the latest updates",
    "Share this article", "Advertisement", "Story continues below",
    "Download our app for breaking news", "Join our WhatsApp channel for updates",
    "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)",
    "The post Markets slide appeared first on Example News.",
    "Save articles to read later and create your own reading list.", "Send us your feedback",
    "Keep reading list of 4 items Haiti gangs end of list",
    "Posted 2h ago, updated 14m ago", "Get all the latest updates, directly to your inbox. Sign up",
    "Explore more on these topics Indonesia Volcanoes Share Reuse this content",
    "Follow AP’s coverage of Latin America at https://apnews.com/hub/latin-america",
    "Purchase Licensing Rights, opens new tab", "Why you can trust SCMP",
    "Get Latest Business News along with Latest News and Top Headlines from India and around the world.",
])
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)
    a = cross_promo.fn(_article(("Body.", line)))
    assert a.paragraphs == ("Body.",) and a.boilerplate_lines_removed == 1


def test_the_combined_boilerplate_searches_agree_with_each_pattern() -> None:
    """`is_boilerplate` runs BOILERPLATE as two alternations; a line must be
    boilerplate exactly when one of the patterns finds it, whichever kind."""
    from service.pipeline.stages.crosspromo import BOILERPLATE, is_tool_line

    lines = ["Click here", "x click here to read", "Sign up now for our newsletters",
             "Newsletter: subscribe today", "We joined our Telegram group", "Follow us at home",
             "follow @wire on Threads", "Join our team on LinkedIn", "Share via email", "Photos",
             "Scroll continues below", "Get the Daily app", "This report was published from a wire feed",
             "Views and opinions expressed here are not necessarily ours", "4 min read",
             "Lesezeit: 3 Minuten", "Posted 2 hrs ago", "Advertisement - scroll to continue",
             "Disclaimer : none", "Our standards: the Trust Principles.", "The post x appeared first on y",
             "We’re on WhatsApp", "Get latest updates, follow us", "auto-generated from a news feed",
             "Body text that says nothing of the sort.", "Share prices fell.", "Following us, he left.",
             "", "\nShare this", "x\nAdvertisement"]
    for line in lines:
        bare = line.strip("()[] ")
        assert is_boilerplate(line) == (is_tool_line(bare) or any(p.search(bare) for p in BOILERPLATE)), line
    assert sum(map(is_boilerplate, lines)) >= 20


@pytest.mark.parametrize("line", [
    "More than 100 people were killed, officials said.",
    "Related talks will resume in Geneva next week.",
    "Officials urged residents to click here and there on the map, he joked, before the "
    "session ended with a vote that took most of the afternoon and a good part of the evening "
    "as members argued about the budget for the coming year and the one after that, and "
    "about whether the city could afford any of it at all given the state of its finances.",
    "The newsletter, which the union sends to members, was banned.",
    "Watch your step, the guide told visitors.",
])
def test_body_sentences_are_not_promotions(line: str) -> None:
    a = cross_promo.fn(_article((line,)))
    assert a.paragraphs == (line,) and not a.related_links


def test_a_trailing_read_more_link_is_removed_and_flagged() -> None:
    a = cross_promo.fn(_article(("The central bank held rates on Thursday.", "Continue reading")))
    assert a.paragraphs == ("The central bank held rates on Thursday.",)
    assert "read-more-link" in a.flags
    assert "read-more-link" not in cross_promo.fn(_article(("Body.", "READ MORE", "Body again."))).flags


def test_a_bare_label_takes_the_linked_headlines_under_it() -> None:
    a = cross_promo.fn(_article(
        ("Body.", "READ MORE", "First linked headline", "Second linked headline", "Ordinary text."),
        input_links=(("First linked headline", "/a"), ("Second linked headline", "/b"))))
    assert a.paragraphs == ("Body.", "Ordinary text.")
    assert [(r.title, r.url) for r in a.related_links] == [
        ("First linked headline", "/a"), ("Second linked headline", "/b")]


@pytest.mark.parametrize(("line", "expected"), [
    ("(Reporting by Suleiman Haddad in Amman; Additional reporting by Jane Roe; Writing by "
     "Tom Perry; Editing by Angus MacSwan and Alex Richardson)",
     [("Suleiman Haddad", "reporting"), ("Jane Roe", "additional reporting"), ("Tom Perry", "writing"),
      ("Angus MacSwan", "editing"), ("Alex Richardson", "editing")]),
    ("Reporting by Jane Doe, editing by John Roe", [("Jane Doe", "reporting"), ("John Roe", "editing")]),
    ("Associated Press writers Jane Doe and John Roe contributed.",
     [("AP", "agency"), ("Jane Doe", "contributing"), ("John Roe", "contributing")]),
    ("Jane Doe contributed reporting from Paris.", [("Jane Doe", "contributing")]),
    ("--With assistance from Jane Doe.", [("Jane Doe", "assistance")]),
    ("To contact the editors responsible for this story: Ann Poe at apoe@example.net, Bo Li",
     [("Ann Poe", "editing"), ("Bo Li", "editing")]),
    ("Contributing: Jane Doe, John Roe", [("Jane Doe", "contributing"), ("John Roe", "contributing")]),
    ("\u2014 Reuters", [("Reuters", "agency")]),
    ("(With inputs from Reuters and AFP)", [("Reuters", "agency"), ("AFP", "agency")]),
    ("Source: AFP", [("AFP", "agency")]),
    ("AFP/Reuters", [("AFP", "agency"), ("Reuters", "agency")]),
    ("\u2014 Agencies", []),
    ("Copyright 2024 The Associated Press. All rights reserved.", [("AP", "agency")]),
    ("dpa bb xx yy", [("dpa", "agency")]),
    ("mk/sms (AFP, Reuters)", [("AFP", "agency"), ("Reuters", "agency")]),
    ("Source: Al Jazeera and news agencies", []),
    ("Source: Reuters/fh", [("Reuters", "agency")]),
    ("(end) ab.gb", []),
    ("Reporter: Ahmad Faisal", [("Ahmad Faisal", "reporting")]),
    ("AFP ho fmb", [("AFP", "agency")]),
])
def test_credit_lines(line: str, expected: list[tuple[str, str]]) -> None:
    found = credit_line(line)
    assert found is not None
    assert [(c.name, c.role) for c in found] == expected


@pytest.mark.parametrize("line", [
    "Erdogan has said Ankara would push the fighters back otherwise.",
    "The minister contributed.", "Reuters could not verify the report.",
    "Reporting by state media could not be confirmed, the ministry said in a statement.",
    "AFP has more", "Reuters is now",
])
def test_body_sentences_are_not_credits(line: str) -> None:
    assert credit_line(line) is None


def test_credits_are_read_only_at_the_end_and_cut_off_the_last_paragraph() -> None:
    a = credits.fn(_article(("(Reuters)", "Body text.",
                             "Last words of the story. (Reporting by Jane Doe; Editing by Bo Li)",
                             "\u2014 AFP")))
    assert a.paragraphs == ("(Reuters)", "Body text.", "Last words of the story.")
    assert a.contributors == (Contributor("Jane Doe", "reporting"), Contributor("Bo Li", "editing"),
                              Contributor("AFP", "agency"))


def test_repeated_paragraphs_are_removed_after_normalising() -> None:
    a = dedupe.fn(_article((
        "Officials were expected to hold talks on Thursday",
        "Something else happened in between.",
        "Officials were expected to hold talks on Thursday.",
        "OFFICIALS  were expected to hold talks, on Thursday!",
        "No.", "No.",
    )))
    assert a.paragraphs == ("Officials were expected to hold talks on Thursday",
                            "Something else happened in between.", "No.", "No.")
    assert a.duplicate_paragraphs_removed == 2


def test_plain_headlines_ending_the_copy_under_a_bare_label_are_related_links() -> None:
    a = cross_promo.fn(_article(("Body.", "Related coverage:", "Japan's real wages fall again")))
    assert a.paragraphs == ("Body.",)
    assert [(r.label, r.title) for r in a.related_links] == [("RELATED COVERAGE", "Japan's real wages fall again")]
    kept = cross_promo.fn(_article(("Related coverage:", "Japan's real wages fall again",
                                    "The story goes on after that line, as stories do.")))
    assert kept.paragraphs == ("Japan's real wages fall again",
                               "The story goes on after that line, as stories do.")
