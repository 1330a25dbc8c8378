"""The canonical story of ../shared/samples and its gold file, for the
acceptance tests of the knowledge stages (read at run time, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.model import Article
from service.pipeline.inputs import article_from_file
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Success

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLE = SHARED / "samples" / "saraqeb-wire-article.txt"
GOLD = SHARED / "samples" / "saraqeb-wire-article.gold.json"


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    if not SAMPLE.is_file() or not GOLD.is_file():
        pytest.skip(f"the shared sample is not available (looked for {SAMPLE} and {GOLD}); "
                    "this acceptance test needs ../shared beside the repository")
    data: dict[str, Any] = json.loads(GOLD.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def article(gold: dict[str, Any]) -> Article:
    raw = article_from_file(SAMPLE, timezone=gold["source"]["timezone"], source_url=None)
    outcome = default_pipeline().run(raw)
    assert isinstance(outcome, Success), outcome
    return outcome.article
