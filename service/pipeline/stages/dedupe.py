"""The dedupe stage: a paragraph the publisher printed twice is kept once.

Paragraphs are compared after case-folding and dropping punctuation and
whitespace differences (`textnorm.comparison_key`), so "... the conflict" and
"... the conflict." are the same paragraph. The first copy stays; the number
removed is `Article.duplicate_paragraphs_removed`. Very short paragraphs ("No.",
"***") are left alone: repeating them is not a publishing error.
"""

from __future__ import annotations

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.textnorm import comparison_key

MIN_DUPLICATE_CHARS = 20  # comparison keys shorter than this are never duplicates


@stage("dedupe", "1")
def dedupe(a: Article) -> Article:
    seen: set[str] = set()
    kept: list[str] = []
    removed = 0
    for paragraph in a.paragraphs:
        key = comparison_key(paragraph)
        if len(key) >= MIN_DUPLICATE_CHARS and key in seen:
            removed += 1
            continue
        seen.add(key)
        kept.append(paragraph)
    return replace(a, paragraphs=tuple(kept),
                   duplicate_paragraphs_removed=a.duplicate_paragraphs_removed + removed)
