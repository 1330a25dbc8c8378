"""The default enrichment pipeline: which stages run, in which order."""

from __future__ import annotations

from service.pipeline.runner import Pipeline, Stage
from service.pipeline.stages import basic


def default_stages() -> list[Stage]:
    return [basic.text_structure, basic.headline, basic.times, basic.language]


def default_pipeline() -> Pipeline:
    return Pipeline(default_stages())
