"""Benchmark of syndication clustering on a generated corpus (our own
stories, tests/fixtures/syndication): pairwise precision and recall of
"same story" and of "follow-up of", how many same-event and same-template
pairs were merged, assignment throughput, and state memory per document.

    python bench/bench_clusters.py [--stories 200] [--pairs 100] [--partitions 6]

Two corpora from different seeds: the tuning set (seeds 15-17), on which
the thresholds in service/clustering/compare.py were chosen, and a held-out
set (seeds 25-27, plus six hand-written stories and their republications)
that was only ever measured. Documents go through the
worker's anatomy stages and the sketch stage, then through the assigner's
three steps wired in memory with Kafka's partitioning (LocalAssigner), in
first-seen order: every story's original first, its republications spread
over the next two days, interleaved with everything else.

Throughput is documents per CPU-second of this single-threaded process
(documents/s/core), JSON codec of every record and state entry included,
broker excluded; also as a ratio to a worker's enrichment rate measured in
the same run (how many workers one assigner core keeps up with).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections import defaultdict
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.clustering.keys import key_records  # noqa: E402
from service.clustering.local import LocalAssigner  # noqa: E402
from service.clustering.sketch import syndication_sketch  # noqa: E402
from service.model import Article  # noqa: E402
from service.pipeline.registry import anatomy_stages, default_pipeline  # noqa: E402
from service.pipeline.runner import Pipeline, Success  # noqa: E402
from tests.fixtures.syndication.generator import (  # noqa: E402
    Doc,
    handwritten_stories,
    same_event_pairs,
    template_pairs,
    wire_stories,
)

T0 = datetime(2026, 3, 2, tzinfo=UTC).timestamp()


def corpus(stories: int, pairs: int, seeds: tuple[int, int, int], handwritten: bool = False) -> tuple[list[tuple[float, Doc]], list[tuple[Doc, Doc]], list[tuple[Doc, Doc]]]:
    rng = random.Random(seeds[0])
    timed: list[tuple[float, Doc]] = []
    by_story: dict[str, list[Doc]] = defaultdict(list)
    for d in wire_stories(stories, seeds[0]) + (handwritten_stories(seeds[0]) if handwritten else []):
        by_story[d.story].append(d)
    for k, docs in enumerate(by_story.values()):
        start = T0 + k * 600
        timed.append((start, docs[0]))
        timed += [(start + rng.uniform(60, 2 * 86400), d) for d in docs[1:]]
    events = same_event_pairs(pairs, seeds[1])
    templates = template_pairs(pairs, seeds[2])
    for k, (a, b) in enumerate(events + templates):
        start = T0 + k * 900 + 300
        timed += [(start, a), (start + rng.uniform(600, 86400), b)]
    timed.sort(key=lambda t: t[0])
    return timed, events, templates


def sketch_records(timed: list[tuple[float, Doc]], partitions: int) -> list[tuple[float, Doc, list[tuple[bytes, bytes]]]]:
    pipeline = Pipeline([*anatomy_stages(), syndication_sketch])
    base = Article(id="", url=None, source_name="", source_timezone="UTC", fetched_at=None,
                   input_content="", input_type="text/plain")
    out = []
    for seen, d in timed:
        a = Article(**{**{f: getattr(base, f) for f in base.__slots__ if f != "extra"},  # type: ignore[attr-defined]
                       "id": d.id, "source_name": d.outlet, "input_content": d.text,
                       "fetched_at": datetime.fromtimestamp(seen, UTC)})
        result = pipeline.run(a)
        assert isinstance(result, Success), result
        out.append((seen, d, key_records(result.article, partitions, seen=seen)))
    return out


def worker_rate(docs: list[Doc]) -> float:
    """Documents per CPU-second of the worker's full pipeline: the baseline
    the assignment rate is compared with (the machine's speed cancels out)."""
    pipeline = default_pipeline()
    articles = [Article(id=d.id, url=None, source_name=d.outlet, source_timezone="UTC",
                        fetched_at=None, input_content=d.text, input_type="text/plain")
                for d in docs]
    pipeline.run(articles[0])  # lazy loads outside the timing
    started = time.process_time()
    for a in articles:
        pipeline.run(a)
    return len(articles) / (time.process_time() - started)


def pairwise(truth: set[frozenset[str]], predicted: set[frozenset[str]]) -> tuple[float, float]:
    hit = len(truth & predicted)
    return hit / max(1, len(predicted)), hit / max(1, len(truth))


def evaluate(name: str, stories: int, pairs: int, partitions: int, seeds: tuple[int, int, int]) -> None:
    timed, events, templates = corpus(stories, pairs, seeds, handwritten=name == "held-out set")
    prepared = sketch_records(timed, partitions)
    assigner = LocalAssigner(partitions)
    # what this process holds besides the assigner (the worker's pipeline and its
    # knowledge, the prepared records) out of the cyclic collector's scans: an
    # assigner process holds none of it, and it made the second set run slower
    gc.collect()
    gc.freeze()
    started = time.process_time()
    decisions = {}
    for _, _, records in prepared:
        for a in assigner.feed(records):
            decisions[a["doc"]] = a
    seconds = time.process_time() - started
    gc.unfreeze()
    docs = [d for _, d, _ in prepared]
    assert len(decisions) == len(docs), "every document gets exactly one assignment"

    clusters: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        clusters[decisions[d.id]["cluster"]].append(d.id)
    story_of = {d.id: d.story for d in docs}
    truth_same = {frozenset(p) for d in docs for p in []}
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[d.story].append(d.id)
    truth_same = {frozenset(p) for g in groups.values() for p in combinations(g, 2)}
    pred_same = {frozenset(p) for g in clusters.values() for p in combinations(g, 2)}
    p_same, r_same = pairwise(truth_same, pred_same)

    founders = {cid: cid for cid in clusters}
    truth_related = {frozenset((a.id, b.id)) for a, b in events}
    pred_related = set()
    for d in docs:
        for cid in decisions[d.id].get("related", []):
            if cid in founders:
                pred_related.add(frozenset((d.id, cid)))
    p_rel, r_rel = pairwise(truth_related, pred_related)
    merged_event = sum(decisions[a.id]["cluster"] == decisions[b.id]["cluster"] for a, b in events)
    merged_template = sum(decisions[a.id]["cluster"] == decisions[b.id]["cluster"] for a, b in templates)
    roles = defaultdict(int)
    for d in docs:
        if d.role in ("copy", "update"):
            roles[(d.role, decisions[d.id]["role"])] += 1
    wrong_story = sum(1 for g in clusters.values() if len({story_of[i] for i in g}) > 1)

    print(f"== {name} (seeds {seeds}): {len(docs)} documents, {len(groups)} stories "
          f"({stories} generated{' + 6 hand-written' if name == 'held-out set' else ''}; "
          "each x 7 or single), "
          f"{len(events)} same-event pairs, {len(templates)} same-template pairs, {partitions} partitions")
    print(f"same story:   precision {p_same:.4f}  recall {r_same:.4f}  "
          f"({len(pred_same)} predicted pairs, {len(truth_same)} true)")
    print(f"follow-up of: precision {p_rel:.4f}  recall {r_rel:.4f}  "
          f"({len(pred_related)} predicted links, {len(truth_related)} true)")
    print(f"merged: same-event {merged_event}/{len(events)} ({100 * merged_event / max(1, len(events)):.1f}%), "
          f"same-template {merged_template}/{len(templates)} "
          f"({100 * merged_template / max(1, len(templates)):.1f}%); clusters mixing stories: {wrong_story}")
    print("roles of republications (truth -> assigned): "
          + ", ".join(f"{t}->{a}: {n}" for (t, a), n in sorted(roles.items())))
    worker = worker_rate(docs[:60])
    print(f"assignment: {len(docs) / seconds:8.0f} documents/s/core "
          f"({assigner.state_writes / len(docs):.1f} state writes, "
          f"{assigner.state_bytes / len(docs) / 1024:.1f} KiB, per document); "
          f"{len(docs) / seconds / worker:.1f} x a worker's enrichment rate measured in this run "
          f"({worker:.0f} documents/s/core)")


def memory(partitions: int, stories: int) -> None:
    """State bytes per document in the window, measured with tracemalloc on a
    run of distinct documents (the worst case: no copies share clusters)."""
    timed, _, _ = corpus(stories, 0, (35, 36, 37))
    prepared = sketch_records(timed, partitions)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    assigner = LocalAssigner(partitions)
    for _, _, records in prepared:
        assigner.feed(records)
        assigner.assignments.clear()  # published, not state
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_doc = (after - before) / len(prepared)
    print(f"memory: {per_doc / 1024:.1f} KiB of assigner state per document over {partitions} "
          f"partitions = {per_doc * 1e6 / 2**30:.1f} GiB per million documents in the window "
          f"(all instances together)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    evaluate("tuning set", args.stories, args.pairs, args.partitions, (15, 16, 17))
    evaluate("held-out set", args.stories, args.pairs, args.partitions, (25, 26, 27))
    if not args.skip_memory:
        memory(args.partitions, min(args.stories, 200))


if __name__ == "__main__":
    main()
