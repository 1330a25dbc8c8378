"""Reading the head of a page the way a person does.

Above the first paragraph of a story, pages print a mix of lines: a site or
blog title, a section label, a date, the headline, a byline, tool labels
("Listen to this article", "3 min read"). None of them is told by its
position alone. This module gives the shapes the headline, times and byline
stages read them by:

- where the body starts: the first paragraph that opens with a dateline, or
  reads as running prose (a long sentence, or any paragraph of 30+ words);
- how much a line looks like a headline: 4 to 30 words, no final full stop
  (a full stop costs, it does not disqualify), not a credit or a caption,
  nearest the body winning ties; one- to three-word lines are site titles or
  section labels.
"""

from __future__ import annotations

import re

from service.pipeline.stages.limits import MAX_LINE_CHARS
from service.pipeline.stages.textnorm import ends_sentence, word_count

LEAD_ZONE = 8  # the body starts within the first paragraphs, or the page has no lead
MIN_PROSE_WORDS = 20  # a sentence this long is body text, not a headline
MIN_BODY_WORDS = 30  # a paragraph this long is body text whatever it ends with
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 30
MAX_LABEL_WORDS = 5  # site titles and section labels
_NOT_HEADLINE_START = re.compile(r"^(?:by\s|\(|[-\u2013\u2014])", re.IGNORECASE)


def looks_like_headline(text: str) -> bool:
    """Strictly headline-shaped: no final full stop, not a credit, not in brackets."""
    return (0 < word_count(text) <= MAX_HEADLINE_WORDS and len(text) <= MAX_LINE_CHARS
            and not text.endswith((".", ",", ";", ":", ")")) and not _NOT_HEADLINE_START.match(text))


def reads_as_prose(paragraph: str) -> bool:
    words = word_count(paragraph)
    return words >= MIN_BODY_WORDS or (words >= MIN_PROSE_WORDS and ends_sentence(paragraph))


def headline_score(paragraph: str) -> float:
    """How much `paragraph`, a line of the lead, looks like a headline; <= 0 not at all."""
    words = word_count(paragraph)
    if words > MAX_HEADLINE_WORDS or paragraph.startswith(("(", "[", "-", "\u2013", "\u2014")):
        return 0.0
    score = 3.0 if words >= MIN_HEADLINE_WORDS else 0.5
    if paragraph.endswith((".", ";", ",")):
        score -= 1.0  # headlines rarely end in a full stop, but some do
    if paragraph.endswith((")", ":")):
        score -= 2.0
    return score


def is_label_line(paragraph: str) -> bool:
    """A site title or section label: a few words that do not make a sentence."""
    return (0 < word_count(paragraph) <= MAX_LABEL_WORDS and not ends_sentence(paragraph)
            and not paragraph.endswith((":", ",")))
