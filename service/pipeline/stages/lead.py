"""Reading the head of a page the way a person does.

Above the first paragraph of a story, pages print a mix of lines: a site or
blog title, a section label, a date, the headline, a byline, tool labels
("Listen to this article", "3 min read"). None of them is told by its
position alone. This module gives the shapes the headline, times and byline
stages read them by:

- where the body starts: the first paragraph that opens with a dateline, or
  reads as running prose (a long sentence, or any paragraph of 30+ words);
- how much a line looks like a headline: 4 to 30 words, no final full stop
  (a full stop costs, it does not disqualify), not a credit or a caption;
  one- to three-word lines are more likely site titles or section labels, and
  so is a short line with every word capitalised like a name ("The Rhine
  Valley Morning Dispatch") when a headline-shaped line follows it. The first
  of equal lines wins: a standfirst follows the headline, it does not precede it.
"""

from __future__ import annotations

import re

from service.pipeline.stages.limits import MAX_LINE_CHARS
from service.pipeline.stages.textnorm import ends_sentence, has_digit, word_count

LEAD_ZONE = 8  # the body starts within the first paragraphs, or the page has no lead
MIN_PROSE_WORDS = 20  # a sentence this long is body text, not a headline
MIN_BODY_WORDS = 30  # a paragraph this long is body text whatever it ends with
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 30
MAX_LABEL_WORDS = 5  # site titles and section labels
FULL_SCORE = 3.0  # a line of headline length with nothing against it
MAX_NAME_LIKE_WORDS = 6  # "The Rhine Valley Morning Dispatch": a title, not a headline
_SMALL_WORDS = frozenset({"the", "of", "and", "a", "an", "in", "on", "for", "to", "at", "de", "la", "le"})
_NOT_HEADLINE_START = re.compile(r"^(?:by\s|\(|[-\u2013\u2014])", re.IGNORECASE)


def looks_like_headline(text: str) -> bool:
    """Strictly headline-shaped: no final full stop, not a credit, not in brackets."""
    return (0 < word_count(text) <= MAX_HEADLINE_WORDS and len(text) <= MAX_LINE_CHARS
            and not text.endswith((".", ",", ";", ":", ")")) and not _NOT_HEADLINE_START.match(text))


def reads_as_prose(paragraph: str) -> bool:
    words = word_count(paragraph)
    return words >= MIN_BODY_WORDS or (words >= MIN_PROSE_WORDS and ends_sentence(paragraph))


# Desk labels printed before a headline: "(LEAD)", "(2nd LD)", "(URGENT)", "(AMPLIFIED)".
DESK_LABEL = re.compile(r"^\((?:[A-Z0-9]+(?:\s+[A-Z0-9]+){0,3}|\d+(?:st|nd|rd|th)\s+LD[\w ,-]{0,30})\)\s+(?=\S)")


def headline_score(paragraph: str) -> float:
    """How much `paragraph`, a line of the lead, looks like a headline; <= 0 not at all."""
    paragraph = DESK_LABEL.sub("", paragraph)
    words = word_count(paragraph)
    if words > MAX_HEADLINE_WORDS or paragraph.startswith(("(", "[", "-", "\u2013", "\u2014")):
        return 0.0
    score = FULL_SCORE if words >= MIN_HEADLINE_WORDS else 0.5
    if paragraph.endswith((".", ";", ",")):
        score -= 1.0  # headlines rarely end in a full stop, but some do
    if paragraph.endswith((")", ":")):
        score -= 2.0
    return score


def name_like(paragraph: str) -> bool:
    """Short, every word capitalised, none a number, not all in capitals: how
    site names are printed (and some headlines, so only a tie-breaker)."""
    words = [w for w in paragraph.split() if w.lower() not in _SMALL_WORDS]
    return (0 < len(words) <= MAX_NAME_LIKE_WORDS and not paragraph.isupper()
            and all(w[:1].isupper() for w in words) and not has_digit(paragraph))


def is_label_line(paragraph: str) -> bool:
    """A site title or section label: a few words that do not make a sentence."""
    return (0 < word_count(paragraph) <= MAX_LABEL_WORDS and not ends_sentence(paragraph)
            and not paragraph.endswith((":", ",")))
