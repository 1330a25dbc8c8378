"""`wire-ingest enrich` on the shared sample, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

pytestmark = pytest.mark.integration


def enrich(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli.main", "enrich", *args],
                          capture_output=True, text=True, timeout=120)


def test_enrich_sample_matches_gold_headline_time_and_language(shared_dir: Path) -> None:
    sample = shared_dir / "samples" / "saraqeb-wire-article.txt"
    gold = orjson.loads((shared_dir / "samples" / "saraqeb-wire-article.gold.json").read_bytes())
    out = enrich(str(sample), "--timezone", gold["source"]["timezone"])
    assert out.returncode == 0, out.stderr
    doc = orjson.loads(out.stdout)
    required = gold["required"]
    assert doc["headlines"][0]["value"] == required["headline"]
    assert doc["firstCreated"] == required["published_at"]
    assert doc["language"] == required["language"]


def test_enrich_a_missing_file_says_so() -> None:
    out = enrich("/nonexistent/story.txt")
    assert out.returncode == 2
    assert "no such file" in out.stderr
