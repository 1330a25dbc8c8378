"""Plain text to paragraphs.

Paragraphs are separated by blank lines. Where the text has none, or its
lines are long (one paragraph per line, as in pasted copy), every line is a
paragraph. Hard-wrapped text (every line at most `HARD_WRAP_MAX_WIDTH`
characters, several lines per blank-line block) has its lines re-joined.
"""

from __future__ import annotations

import re

from service.pipeline.stages.html_blocks import Blocks
from service.pipeline.stages.limits import MAX_PARAGRAPH_CHARS
from service.pipeline.stages.textnorm import clean_line

HARD_WRAP_MAX_WIDTH = 100
# Lines per blank-line block, on average, above which the text counts as hard-wrapped.
HARD_WRAP_MIN_LINES_PER_BLOCK = 2.5
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    lines = [line for block in blocks for line in block]
    if not lines or len(blocks) < 2:
        return False
    longest = max(len(line) for line in lines)
    return (longest <= HARD_WRAP_MAX_WIDTH
            and len(lines) / len(blocks) >= HARD_WRAP_MIN_LINES_PER_BLOCK)


def plain_blocks(text: str) -> Blocks:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_blocks = [[ln.strip() for ln in b.split("\n") if ln.strip()]
                  for b in _BLANK_LINE.split(text)]
    raw_blocks = [b for b in raw_blocks if b]
    out = Blocks()
    wrapped = _is_hard_wrapped(raw_blocks)
    for block in raw_blocks:
        paragraphs = [" ".join(block)] if wrapped else block
        for paragraph in paragraphs:
            # Cut before cleaning so a huge paragraph costs no more than a long one;
            # add_paragraph then cuts at a word and flags it.
            cleaned = clean_line(paragraph[: 2 * MAX_PARAGRAPH_CHARS])
            if cleaned and not out.add_paragraph(cleaned):
                return out
    return out
