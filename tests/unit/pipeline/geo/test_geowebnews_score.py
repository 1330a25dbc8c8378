"""The GeoWebNews scorer (bench/bench_geowebnews.py) on the held-out test half
must not fall more than 0.02 below the figures recorded in the repository."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[4]
TOLERANCE = 0.02


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_geowebnews", REPO / "bench" / "bench_geowebnews.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scorer = _scorer()


def test_score_counts_found_resolved_and_false_positives() -> None:
    gold = scorer.GoldArticle(0, "Troops left Damascus for Paris.", (
        scorer.Toponym("Damascus", 12, 20, "Literal", 170654, 33.51, 36.29),
        scorer.Toponym("Paris", 25, 30, "Literal", 2988507, 48.85, 2.35)))
    s = scorer.score_article(gold, scorer.predict(gold.text))
    assert (s.gold, s.found, s.exact, s.within, s.predicted_right) == (2, 2, 2, 2, 2)
    wrong = scorer.GoldArticle(1, gold.text, (
        scorer.Toponym("Paris", 25, 30, "Literal", 4717560, 33.66, -95.55),))
    s = scorer.score_article(wrong, scorer.predict(wrong.text))
    assert (s.gold, s.found, s.exact, s.within) == (1, 1, 0, 0)
    assert s.predicted - s.predicted_right - s.predicted_neutral == 1  # Damascus is not gold here


@pytest.mark.skipif(not scorer.CORPUS.is_file(),
                    reason=f"GeoWebNews not found at {scorer.CORPUS} (../shared is absent)")
def test_test_half_holds_the_recorded_figures() -> None:
    recorded = json.loads(scorer.FIGURES.read_text())
    measured = scorer.score_half(scorer.load_corpus(), "test").figures()
    for metric in ("detection_precision", "detection_recall", "exact_id", "within_161km"):
        assert measured[metric] >= recorded[metric] - TOLERANCE, (metric, measured, recorded)
