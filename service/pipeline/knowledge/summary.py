"""A short extractive summary: the story's own most central sentences.

Method: score every sentence by the mean document frequency of its content
words (words that recur across the story mark its subject), add a lead bonus
(the first sentence +50%, the rest of the first paragraph +20%: wire stories
put the news first), skip sentences shorter than 6 or longer than 60 words,
then take the best sentences in story order until `MAX_WORDS` words.
Direct quotes are kept only when nothing else qualifies.
"""

from __future__ import annotations

from collections import Counter

from service.copies import replace
from service.model import Article
from service.pipeline.knowledge.keyphrases import _STOP
from service.pipeline.knowledge.text import sentences, words
from service.pipeline.runner import stage

MAX_WORDS = 60
MAX_SENTENCES = 3


def summarise(paragraphs: tuple[str, ...]) -> str | None:
    body = "\n\n".join(paragraphs)
    spans = sentences(body)
    if not spans:
        return None
    first_para_end = len(paragraphs[0])
    sentence_words = [words(body[s:e]) for s, e in spans]  # tokenised once, used thrice
    content = [[w for w in ws if w not in _STOP and w.isalpha()] for ws in sentence_words]
    df = Counter(w for sent in content for w in set(sent))
    scored: list[tuple[float, int]] = []
    for i, ((start, end), sent) in enumerate(zip(spans, content, strict=True)):
        n = len(sentence_words[i])
        if not 6 <= n <= 60 or not sent:
            continue
        score = sum(df[w] for w in sent) / len(sent)
        score *= 1.5 if i == 0 else 1.2 if start < first_para_end else 1.0
        if any(q in body[start:end] for q in "\"“”"):
            score *= 0.3  # quoted speech, or a fragment of it, reads badly out of context
        scored.append((score, i))
    chosen: list[int] = []
    total = 0
    for _score, i in sorted(scored, key=lambda x: (-x[0], x[1])):
        n = len(sentence_words[i])
        if chosen and total + n > MAX_WORDS:
            continue
        chosen.append(i)
        total += n
        if len(chosen) == MAX_SENTENCES:
            break
    return " ".join(body[spans[i][0]:spans[i][1]].strip() for i in sorted(chosen)) or None


@stage("summary", "1")
def summary(a: Article) -> Article:
    return replace(a, summary=summarise(a.paragraphs) if a.paragraphs else None)
