"""The captions stage: photo captions with their credits, out of the body.

Captions come from markup (`<figure>`/`<figcaption>`, found by the structure
stage), from the feed's media items, and from body paragraphs that end in a
photo credit (`(LEILA MANSOUR / AFP)`, `Photo: Jane Doe/Reuters`,
`REUTERS/Jane Doe`); those paragraphs leave the body. Each credit is split
into photographer and agency. A paragraph that opens with an agency dateline,
or is the whole of a brief, is text: only its credit goes.
"""

from __future__ import annotations

from service.copies import replace
from service.model import Article, Caption
from service.pipeline.runner import stage
from service.pipeline.stages.dateline import find_dateline
from service.pipeline.stages.photo_credit import parse_photo_credit, split_credit
from service.pipeline.stages.textnorm import clean_line, comparison_key, word_count

MAX_CAPTION_CHARS = 800  # longer paragraphs are body text, whatever they end with
MIN_CAPTION_WORDS = 3


def _with_credit(caption: Caption) -> Caption:
    """`caption` with its credit split off its text (when printed inline) and parsed."""
    text, credit = caption.text, caption.credit
    if credit is None:
        split = split_credit(text)
        if split and word_count(split[0]) >= MIN_CAPTION_WORDS:
            text, credit = split
    if credit is None:
        return caption
    parsed = parse_photo_credit(credit)
    return replace(caption, text=text, credit=credit,
                   photographer=caption.photographer or parsed.photographer,
                   agency=caption.agency or parsed.agency)


def _is_story_text(paragraph: str, paragraphs: int) -> bool:
    """A brief (the only paragraph), or text under an agency dateline ("Antwerp (AFP) -"):
    captions carry kickers ("JEWELL: ...") but not agency datelines."""
    found = find_dateline(paragraph)
    return paragraphs == 1 or bool(found and found[0].agency)


def _from_media(a: Article) -> list[Caption]:
    return [Caption(text=clean_line(m.caption or m.title or ""), credit=m.credit, image_url=m.url)
            for m in a.feed_media if (m.caption or m.title)]


@stage("captions", "2")
def captions(a: Article) -> Article:
    found = [_with_credit(c) for c in (*a.captions, *_from_media(a))]
    body: list[str] = []
    for paragraph in a.paragraphs:
        split = split_credit(paragraph) if len(paragraph) <= MAX_CAPTION_CHARS else None
        if split is None:
            body.append(paragraph)
        elif _is_story_text(paragraph, len(a.paragraphs)):
            # The story's own text (a brief) ending with the credit of its picture: only
            # the credit goes.
            body.append(split[0])
        elif word_count(split[0]) >= MIN_CAPTION_WORDS:
            found.append(_with_credit(Caption(text=split[0], credit=split[1])))
        elif not split[0] and found and found[-1].credit is None:
            found[-1] = _with_credit(replace(found[-1], credit=split[1]))  # credit on its own line
        elif split[0]:
            body.append(paragraph)  # too short to be a caption: leave it
    unique: dict[str, Caption] = {}
    for caption in found:
        key = comparison_key(caption.text)
        if key and key not in unique:
            unique[key] = caption
    return replace(a, captions=tuple(unique.values()), paragraphs=tuple(body))
