"""Benchmark of the enrichment pipeline: throughput of the whole pipeline
against the anatomy stages alone (the baseline, measured in the same run), what
clustering adds to a worker's per-article cost (the sketch stage and building
the cluster-keys records, against the pipeline without them), and what the
gazetteer costs a worker at start-up (load time, resident memory).

    python bench/bench_pipeline.py [--rounds N]

Articles are the knowledge fixture stories (tests/fixtures/knowledge) laid
out as wire text, plus the shared sample when ../shared is present.
Throughput is articles per CPU-second of this single-threaded process, i.e.
articles/second/core: the median of the rounds, each round of the anatomy
baseline and of the whole pipeline timed in turn (one busy spell of a shared
machine then slows one round of each, and the median passes over it). The start-up figures come from a fresh interpreter so
that nothing is cached.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.clustering.keys import key_records  # noqa: E402
from service.clustering.sketch import syndication_sketch  # noqa: E402
from service.model import Article  # noqa: E402
from service.pipeline.registry import anatomy_stages, default_pipeline, default_stages  # noqa: E402
from service.pipeline.runner import Pipeline, Success  # noqa: E402
from tests.fixtures.knowledge.stories import load_stories  # noqa: E402

SAMPLE = REPO.parent / "shared" / "samples" / "saraqeb-wire-article.txt"

_STARTUP = """
import json, time
t0 = time.perf_counter()
from service.pipeline.registry import default_pipeline
from service.pipeline.geo.gazetteer import gazetteer
imported = time.perf_counter()
gazetteer()
loaded = time.perf_counter()
def rss_mb():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1]) / 1024
print(json.dumps({"import_s": imported - t0, "gazetteer_s": loaded - imported,
                  "rss_mb": rss_mb()}))
"""


def corpus() -> list[Article]:
    base = Article(id="bench", url=None, source_name="bench", source_timezone="UTC",
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC), input_content="",
                   input_type="text/plain")
    articles = []
    for story in load_stories():
        first = f"{story.dateline} - {story.paragraphs[0]}" if story.dateline else story.paragraphs[0]
        text = "\n\n".join([story.headline, first, *story.paragraphs[1:]])
        articles.append(replace(base, id=story.id, input_content=text))
    if SAMPLE.is_file():
        articles.append(replace(base, id="sample", input_content=SAMPLE.read_text("utf-8"),
                                source_timezone="Asia/Hong_Kong"))
    return articles


def throughput(pipeline: Pipeline, articles: list[Article], rounds: int) -> float:
    """Articles per CPU-second."""
    for a in articles:  # warm caches and lazy loads outside the timing
        assert isinstance(pipeline.run(a), Success)
    started = time.process_time()
    for _ in range(rounds):
        for a in articles:
            pipeline.run(a)
    return rounds * len(articles) / (time.process_time() - started)


def paired_rounds(first: Pipeline, second: Pipeline, articles: list[Article],
                  rounds: int) -> tuple[list[float], list[float]]:
    """Articles per CPU-second of each pipeline, round by round, the two
    alternating so that a busy spell of the machine slows both alike."""
    for pipeline in (first, second):
        for a in articles:  # warm caches and lazy loads outside the timing
            assert isinstance(pipeline.run(a), Success)
    rates: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for pipeline, out in zip((first, second), rates, strict=True):
            started = time.process_time()
            for a in articles:
                pipeline.run(a)
            out.append(len(articles) / (time.process_time() - started))
    return rates


def cluster_seconds(articles: list[Article], rounds: int) -> tuple[float, float]:
    """CPU seconds per article of the sketch stage, and of turning the sketch
    into cluster-keys records; timed directly (the difference of two pipeline
    throughputs would drown a few per cent in noise)."""
    enriched = []
    for a in articles:
        outcome = default_pipeline().run(a)
        assert isinstance(outcome, Success)
        enriched.append(outcome.article)
    started = time.process_time()
    for _ in range(rounds):
        for a in enriched:
            syndication_sketch.fn(a)
    sketch_s = (time.process_time() - started) / (rounds * len(enriched))
    started = time.process_time()
    for _ in range(rounds):
        for a in enriched:
            key_records(a, 6, seen=0.0)
    return sketch_s, (time.process_time() - started) / (rounds * len(enriched))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    startup = json.loads(subprocess.run(
        [sys.executable, "-c", _STARTUP], cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout)
    articles = corpus()
    anatomy_rates, full_rates = paired_rounds(Pipeline(anatomy_stages()), default_pipeline(),
                                              articles, args.rounds)
    anatomy, full = statistics.median(anatomy_rates), statistics.median(full_rates)
    ratios = [f / a for a, f in zip(anatomy_rates, full_rates, strict=True)]
    without_sketch = throughput(Pipeline([s for s in default_stages() if s is not syndication_sketch]),
                                articles, args.rounds)
    sketch_s, keys_s = cluster_seconds(articles, args.rounds)
    per_stage: dict[str, float] = {}
    for a in articles:
        outcome = default_pipeline().run(a)
        assert isinstance(outcome, Success)
        for run in outcome.article.stages:
            per_stage[run.name] = per_stage.get(run.name, 0.0) + run.seconds
    print(f"corpus: {len(articles)} articles x {args.rounds} rounds")
    print(f"anatomy-only (baseline): {anatomy:8.1f} articles/s/core (median round)")
    print(f"full pipeline:           {full:8.1f} articles/s/core (median round; rounds "
          f"{min(full_rates):.0f}-{max(full_rates):.0f})  "
          f"({statistics.median(ratios):.2f} x baseline, median of the paired rounds)")
    per_article = 1 / without_sketch
    print(f"clustering cost per article: sketch stage {1e3 * sketch_s:.3f} ms + cluster-keys "
          f"records {1e3 * keys_s:.3f} ms = {(sketch_s + keys_s) / per_article:.3f} x the "
          f"pipeline's per-article cost without them ({1e3 * per_article:.2f} ms; budget 0.10)")
    print(f"worker start: import {startup['import_s']:.2f} s, gazetteer load "
          f"{startup['gazetteer_s']:.2f} s, RSS after load {startup['rss_mb']:.0f} MB "
          f"(budget 500 MB / 5 s)")
    total = sum(per_stage.values())
    print("share of pipeline time by stage (one pass):")
    for name, seconds in sorted(per_stage.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {name:16s} {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
