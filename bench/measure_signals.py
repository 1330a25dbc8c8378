"""How often the signals stage finds a wire mark in ordinary news copy, where
there is none to find: GeoWebNews (../shared, news pages) and our fixture
stories. Every hit is printed so a person can judge it. Also what the stage
costs next to the other anatomy stages, timed by the runner in the same run.
Prints counts, asserts nothing.

    python bench/measure_signals.py
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET  # the shared corpus is a trusted local file
from pathlib import Path

from service.model import Article
from service.pipeline.registry import anatomy_stages
from service.pipeline.runner import Pipeline

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "corpora" / "geowebnews" / "GWN.xml"
STORIES = ROOT / "tests" / "fixtures" / "stories"




def _article(ident: str, title: str | None, text: str, kind: str) -> Article:
    return Article(id=ident, url=None, source_name="measure", source_timezone=None,
                   fetched_at=None, input_content=text, feed_title=title,
                   input_type="text/html" if kind == "html" else "text/plain")


def _documents() -> list[tuple[str, str, Article]]:
    docs: list[tuple[str, str, Article]] = []
    if GWN.exists():
        for node in ET.parse(GWN).getroot().iter("article"):
            text = (node.findtext("text") or "").replace(". ", ".\n\n")
            docs.append(("geowebnews", node.get("file", "?"),
                         _article(f"gwn:{node.get('file')}", node.findtext("title"), text, "text")))
    for path in sorted(STORIES.glob("*.txt")) + sorted(STORIES.glob("*.html")):
        kind = "html" if path.suffix == ".html" else "text"
        docs.append(("fixture-stories", path.name,
                     _article(path.name, None, path.read_text(encoding="utf-8"), kind)))
    return docs


def main() -> int:
    pipeline = Pipeline(anatomy_stages())
    totals: dict[str, list[int]] = {}
    seconds: dict[str, float] = {}
    for corpus, name, article in _documents():
        outcome = pipeline.run(article)
        found = getattr(outcome, "article", None)
        hits = found.signals if found is not None else ()
        for run in found.stages if found is not None else ():
            seconds[run.name] = seconds.get(run.name, 0.0) + run.seconds
        seen, flagged = totals.setdefault(corpus, [0, 0])
        totals[corpus] = [seen + 1, flagged + bool(hits)]
        for signal in hits:
            print(f"  {corpus}/{name}: {signal.kind} ({signal.where}): {signal.text[:90]!r}")
    for corpus, (seen, flagged) in totals.items():
        print(f"{corpus}: {flagged} of {seen} stories with a wire mark found")
    stories = sum(seen for seen, _ in totals.values())
    anatomy = sum(seconds.values())
    print(f"signals stage: {seconds.get('signals', 0.0) / stories * 1e6:.0f} us per story, "
          f"{seconds.get('signals', 0.0) / anatomy:.1%} of the anatomy stages' time "
          f"({anatomy / stories * 1e3:.2f} ms per story)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
