"""The default enrichment pipeline: which stages run, in which order."""

from __future__ import annotations

from service.clustering.sketch import syndication_sketch
from service.pipeline.knowledge import knowledge_stages
from service.pipeline.runner import Pipeline, Stage
from service.pipeline.stages import (
    agencies,
    byline,
    captions,
    counts,
    credits,
    crosspromo,
    dateline,
    dedupe,
    headline,
    language,
    limits,
    notes,
    quotes,
    signals,
    structure,
    times,
)
from service.pipeline.stages.output_safety import output_safety


def default_stages() -> list[Stage]:
    return [*anatomy_stages(), *knowledge_stages(), syndication_sketch,
            output_safety]  # output_safety stays last


def anatomy_stages() -> list[Stage]:
    """Raw input to clean structured text. Each stage strips what it reads out
    of the body, so the order matters: header lines before the headline, notes before the byline, the
    byline before captions, trailing credits before the dedupe, and the
    dateline once captions no longer precede the first paragraph."""
    return [
        limits.input_limits,
        structure.text_structure,
        times.times,
        headline.headline,
        signals.signals,  # wire labels leave the headline and notes the body first
        notes.notes,
        byline.byline,
        captions.captions,
        crosspromo.cross_promo,
        credits.credits,
        dedupe.dedupe,
        dateline.dateline,
        agencies.agencies,
        quotes.quotes,
        language.language,
        counts.counts,
    ]


def default_pipeline() -> Pipeline:
    return Pipeline(default_stages())
