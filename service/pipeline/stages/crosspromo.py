"""The cross-promotion stage: "ALSO READ:" lines become related links, and
boilerplate prompts (click here, newsletter, follow us, share, advertisement)
leave the body and are counted.

Precision first: only short paragraphs are considered, and a prompt must open
the paragraph ("Click here", "Sign up") or make up all of it.
"""

from __future__ import annotations

import re

from service.copies import replace
from service.model import Article, RelatedLink
from service.pipeline.runner import stage
from service.pipeline.stages.lead import looks_like_headline
from service.pipeline.stages.limits import add_flags
from service.pipeline.stages.textnorm import comparison_key

MAX_PROMO_CHARS = 300  # a cross-promotion or prompt line is never longer
MAX_LINKS_AFTER_LABEL = 5  # headlines listed under a bare "READ MORE" label
RELATED_LABELS = (
    "also read", "read also", "read more", "more", "related", "related story", "related stories",
    "related article", "related articles", "related content", "related news", "see also",
    "recommended", "must read", "don't miss", "don\u2019t miss", "read next", "watch", "listen",
    "editor's pick", "editor\u2019s pick", "you may also like", "more on this", "further reading",
    "related coverage", "more stories", "most read", "top stories",
)
_LABEL_ALTERNATION = "|".join(re.escape(label) for label in sorted(RELATED_LABELS, key=len, reverse=True))
# "ALSO READ: Title", "Related - Title", "[READ MORE] Title", "READ MORE >> Title".
LABELLED_LINK = re.compile(
    rf"^[\[(]?(?P<label>{_LABEL_ALTERNATION})[\])]?\s*(?:[:|>\u00bb\u2013\u2014-]+)\s*(?P<title>\S.*)$",
    re.IGNORECASE)
# Nor does a label in brackets: "[READ MORE] Markets slide".
BRACKETED_LABEL_LINK = re.compile(
    rf"^[\[(](?P<label>{_LABEL_ALTERNATION})[\])]\s*(?:[:|>\u00bb\u2013\u2014-]+\s*)?(?P<title>\S.*)$",
    re.IGNORECASE)
# A label in capitals needs no separator: "READ MORE Turkey seeks ..."
CAPITAL_LABEL_LINK = re.compile(rf"^(?P<label>{_LABEL_ALTERNATION.upper()})\s+(?P<title>[A-Z\u201c\"].*)$")
BARE_LABEL = re.compile(rf"^[\[(]?(?P<label>{_LABEL_ALTERNATION})[\])]?\s*[:>\u00bb]*$", re.IGNORECASE)
BOILERPLATE = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^click here\b",
    r"\bclick here to\b",
    r"^(?:to )?(?:sign up|subscribe)\b",
    r"\b(?:sign up|subscribe)\b.{0,80}\bnewsletters?\b",
    r"\bnewsletters?\b.{0,80}\b(?:sign up|subscribe)\b",
    r"^(?:follow|like|join) us (?:on|at)\b",
    r"^follow (?:@?\w+ )?on (?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin|youtube|threads|tiktok)\b",
    r"\b(?:follow|join) (?:us|our \w+) on (?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin|youtube|threads|tiktok)\b",
    r"^share (?:this|on|via)\b",
    r"^(?:share|tweet|email|print|copy link|comments?|advertisement|advertising|sponsored|"
    r"story continues below|continue reading|scroll to continue|video|photos?)\s*[:.!]?$",
    r"^(?:story|article|scroll) continues? below\b",
    r"^(?:download|get) (?:our|the) (?:\w+ )?app\b",
    r"^this (?:story|article|report) has not been edited by\b",
    r"^\(?this (?:story|article|report) (?:has been|was) (?:auto-generated|published) from a (?:syndicated|wire) feed",
    r"^the post .{1,200} appeared first on\b",
    r"\b(?:auto-?generated|published|generated) from an? (?:syndicated|wire|agency) (?:news )?feed\b",
    r"^(?:for|get) (?:the )?latest (?:news|updates)\b.{0,80}\bfollow\b",
    r"^(?:we(?:'|\u2019)re|we are) on (?:whatsapp|telegram)\b",
    r"^join (?:us|our)\b.{0,40}\b(?:whatsapp|telegram)\b",
    # reading aids and time stamps relative to now, printed above the text
    r"^\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?|m)\.?\s+read$",
    r"^(?:reading time|read time|lesezeit|temps de lecture|tiempo de lectura)\s*:?\s*\d",
    r"^(?:updated|published|posted)\s+\d{1,3}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|[smhd])\s+ago"
    r"(?:,?\s+(?:and\s+)?updated\s+\d{1,3}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|[smhd])\s+ago)?$",
    r"^advertisement\b\W{0,5}(?:\w+\W+){0,4}\w*$",
    # disclaimers of the publisher, not the story
    r"^disclaimer\s*:",
    r"\bviews (?:and opinions )?expressed\b.{0,160}\b(?:their own|not necessarily)\b",
    r"^our standards\s*:",
    # inbox sign-ups, topic lists and coverage pointers closing a page
    r"\binbox\b.{0,80}\bsign up\W*$",
    r"^get (?:all )?(?:the latest|our)\b.{0,120}\binbox\b",
    r"^explore more on these topics\b",
    r"\breuse this content\W*$",
    r"^follow \S+(?:'|\u2019)s (?:full |latest )?coverage\b",
    r"\bopens new tab\W*$",
    r"^purchase licensing rights\b",
    r"^why you can trust\b",
    r"^get latest \w+ news\b.{0,120}\bheadlines\b",
    # reader widgets printed as text
    r"^save (?:articles?|stories|this (?:article|story)) to read later\b",
    r"^send us your feedback\W*$",
    r"^keep reading\W+list of \d+ items?\b",
    r"\blist of \d+ items?\b.{0,250}\bend of list\W*$",
))
# The same test in two searches instead of one per pattern (each a scan of
# the line): the patterns anchored at the start as one alternation anchored
# there, the others as one alternation. A line matches either exactly when
# it matches one of BOILERPLATE.
_BOILERPLATE_AT_START = re.compile(
    "^(?:" + "|".join(f"(?:{p.pattern[1:]})" for p in BOILERPLATE if p.pattern.startswith("^"))
    + ")", re.IGNORECASE)
_BOILERPLATE_ANYWHERE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in BOILERPLATE if not p.pattern.startswith("^")),
    re.IGNORECASE)
# Page tools printed as text ("Listen to this article", "Print this page", "Share Email Print").
TOOL_WORDS = frozenset({
    "listen", "print", "share", "email", "e-mail", "save", "comment", "comments", "copy", "link",
    "tweet", "bookmark", "gift", "font", "size", "text", "audio", "play", "read", "aloud",
    "facebook", "twitter", "x", "whatsapp", "linkedin", "reddit", "telegram", "pinterest",
})
TOOL_FILLER = frozenset({"to", "this", "the", "article", "story", "page", "a", "on", "via", "now"})
_ACTION_TOOLS = frozenset({"listen", "print", "share", "email", "e-mail", "save", "tweet", "bookmark", "gift"})
MAX_TOOL_LINE_WORDS = 8
# A rule between the story and its end matter ("___", "* * *", "-- --"): no text at all.
RULE_LINE = re.compile(r"^[\W_]{1,40}$")


# A story ending in a bare "Read more" link was cut short by the publisher.
READ_MORE_ENDING = re.compile(
    r"^\W*(?:read more|continue reading|read the (?:full|rest of the) (?:story|article)|more)\W*$",
    re.IGNORECASE)
FLAG_READ_MORE_LINK = "read-more-link"


def is_tool_line(paragraph: str) -> bool:
    """A line made only of page-tool words, with at least one action ("Listen", "Print")."""
    words = re.findall(r"[\w-]+", paragraph.lower())
    return (0 < len(words) <= MAX_TOOL_LINE_WORDS and bool(set(words) & _ACTION_TOOLS)
            and all(w in TOOL_WORDS or w in TOOL_FILLER for w in words))


def is_boilerplate(paragraph: str) -> bool:
    bare = paragraph.strip("()[] ")  # "(This story has not been edited ...)"
    return len(paragraph) <= MAX_PROMO_CHARS and (
        is_tool_line(bare) or _BOILERPLATE_AT_START.match(bare) is not None
        or _BOILERPLATE_ANYWHERE.search(bare) is not None)


def _link_url(a: Article, title: str) -> str | None:
    key = comparison_key(title)
    return next((href for text, href in a.input_links if comparison_key(text) == key), None)


def _labelled(paragraph: str) -> tuple[str, str] | None:
    if len(paragraph) > MAX_PROMO_CHARS:
        return None
    m = (LABELLED_LINK.match(paragraph) or BRACKETED_LABEL_LINK.match(paragraph)
         or CAPITAL_LABEL_LINK.match(paragraph))
    if not m or not m.group("title").strip():
        return None
    return m.group("label"), m.group("title").strip()


def _headlines_to_the_end(rest: tuple[str, ...]) -> bool:
    return len(rest) <= MAX_LINKS_AFTER_LABEL and all(looks_like_headline(p) for p in rest)


@stage("cross-promo", "2")
def cross_promo(a: Article) -> Article:
    body: list[str] = []
    links: list[RelatedLink] = list(a.related_links)
    removed = 0
    under_label: str | None = None  # a bare "READ MORE" opens a list of linked headlines
    listed = 0
    for index, paragraph in enumerate(a.paragraphs):
        if under_label and listed < MAX_LINKS_AFTER_LABEL and looks_like_headline(paragraph) \
                and (_link_url(a, paragraph) or _headlines_to_the_end(a.paragraphs[index:])):
            # linked headlines under "READ MORE"; in plain text, the headlines
            # that end the copy after "Related coverage:"
            links.append(RelatedLink(paragraph, under_label, _link_url(a, paragraph)))
            listed += 1
            continue
        under_label = None
        labelled = _labelled(paragraph)
        bare = BARE_LABEL.match(paragraph) if len(paragraph) <= MAX_PROMO_CHARS else None
        if labelled:
            label, title = labelled
            links.append(RelatedLink(title, label.upper(), _link_url(a, title)))
        elif bare:
            under_label, listed = bare.group("label").upper(), 0
            removed += 1
        elif is_boilerplate(paragraph):
            removed += 1
        elif RULE_LINE.match(paragraph):
            continue
        else:
            body.append(paragraph)
    out = replace(a, paragraphs=tuple(body), related_links=tuple(links),
                  boilerplate_lines_removed=a.boilerplate_lines_removed + removed)
    if a.paragraphs and READ_MORE_ENDING.match(a.paragraphs[-1]) and body[-1:] != [a.paragraphs[-1]]:
        out = add_flags(out, FLAG_READ_MORE_LINK)  # the counts stage judges teasers by it
    return out
