"""Plain text to paragraphs.

Paragraphs are separated by blank lines. Where the text has none, or its
lines are long (one paragraph per line, as in pasted copy), every line is a
paragraph. Hard-wrapped text (every line at most `HARD_WRAP_MAX_WIDTH`
characters, and a good share of blank-line blocks spanning several lines)
has the lines of each block re-joined.
"""

from __future__ import annotations

import re

from service.pipeline.stages.html_blocks import Blocks
from service.pipeline.stages.limits import MAX_PARAGRAPH_CHARS
from service.pipeline.stages.textnorm import clean_line

HARD_WRAP_MAX_WIDTH = 100
# Share of blank-line blocks spanning several lines above which the text
# counts as hard-wrapped (pasted copy has one line per block).
HARD_WRAP_MIN_MULTILINE_SHARE = 1 / 3
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    lines = [line for block in blocks for line in block]
    if not lines or max(len(line) for line in lines) > HARD_WRAP_MAX_WIDTH:
        return False
    multiline = sum(1 for block in blocks if len(block) > 1)
    return multiline >= 2 and multiline >= HARD_WRAP_MIN_MULTILINE_SHARE * len(blocks)


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
