"""Benchmark of the wire-copy anatomy stages (raw input -> clean structured text).

    python bench/bench_anatomy.py [--articles N] [--rounds N]

The corpus is generated: wire stories of realistic length (300-1,200 words)
with a header time line, byline, dateline, photo captions, quotes,
cross-promotion lines, a repeated paragraph and trailing credits, half as
plain text and half as full HTML pages; plus the hand-written fixture stories
in tests/fixtures/stories. The baseline, measured in the same run on the same
inputs, is what any extractor must do anyway: a bare lxml parse and paragraph
split (plain text: a split on blank lines). Throughput is articles per
CPU-second of this single-threaded process, i.e. articles/second/core.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.model import Article  # noqa: E402
from service.pipeline.registry import anatomy_stages  # noqa: E402
from service.pipeline.runner import Pipeline, Success  # noqa: E402

STORIES = REPO / "tests" / "fixtures" / "stories"
PLACES = ["AMMAN", "BEIRUT", "NAIROBI", "LIMA", "OSLO", "MANILA", "ACCRA", "QUITO", "HANOI", "RIGA"]
AGENCIES = ["Reuters", "AFP", "AP", "dpa", "Xinhua", "EFE", "Kyodo", "Yonhap", "PTI", "Anadolu"]
FIRST = ["Jane", "Omar", "Lena", "Kim", "Ahmed", "Sofia", "Tomas", "Priya", "Chen", "Maria"]
LAST = ["Doe", "Haddad", "Marlow", "Soo-yeon", "Rahimi", "Costa", "Novak", "Raman", "Wei", "Ortega"]
SENTENCE_WORDS = ("government officials said the ministry would review the plan after talks with "
                  "regional leaders and union representatives on wages prices and energy supplies "
                  "before the end of the month while analysts expected further delays in parliament")
WORDS = SENTENCE_WORDS.split(" ")


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 28))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))


def _story(rng: random.Random, words: int) -> tuple[str, list[str]]:
    """(headline, paragraphs as a publisher lays them out)."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    agency = rng.choice(AGENCIES)
    paragraphs = [f"Published: {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}, March "
                  f"{rng.randint(1, 28)}, 2024 | Updated: 23:59, March 28, 2024",
                  f"By {name}, {agency}",
                  f"{_sentence(rng)[:-1]}. ({rng.choice(LAST).upper()} {rng.choice(FIRST).upper()} / AFP)",
                  f"{rng.choice(PLACES)} ({agency}) - {_paragraph(rng)}"]
    body: list[str] = []
    while sum(len(p.split()) for p in body) < words:
        roll = rng.random()
        if roll < 0.12:
            body.append(f"\u201c{_sentence(rng)[:-1]},\u201d said {rng.choice(FIRST)} "
                        f"{rng.choice(LAST)}, a spokesman for the ministry.")
        elif roll < 0.15:
            body.append(f"ALSO READ: {_sentence(rng)[:60]}")
        else:
            body.append(_paragraph(rng))
    body.insert(len(body) // 2, body[1])  # printed twice by the publisher
    body.append(f"(Reporting by {name}; Editing by {rng.choice(FIRST)} {rng.choice(LAST)})")
    return _sentence(rng)[:70].rstrip("."), paragraphs + body


def _page(headline: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><title>{headline} | News</title>"
            f"<meta property='og:title' content='{headline}'><script>var x = 1;</script></head>"
            f"<body><nav><a href='/'>Home</a><a href='/world'>World</a></nav><article>"
            f"<h1>{headline}</h1><div class='share'><a href='#'>Share</a></div>{body}</article>"
            f"<footer><p>Copyright</p></footer></body></html>")


def corpus(count: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    base = dict(url=None, source_name="bench", source_timezone="Europe/London",
                fetched_at=datetime(2024, 4, 1, tzinfo=UTC))
    articles = []
    for i in range(count):
        headline, paragraphs = _story(rng, rng.randint(300, 1200))
        if i % 2:
            content, kind = _page(headline, paragraphs), "text/html"
        else:
            content, kind = "\n\n".join([headline, *paragraphs]), "text/plain"
        articles.append(Article(id=f"gen-{i}", input_content=content, input_type=kind, **base))  # type: ignore[arg-type]
    for path in sorted(STORIES.glob("*.txt")) + sorted(STORIES.glob("*.html")):
        kind = "text/html" if path.suffix == ".html" else "text/plain"
        articles.append(Article(id=path.stem, input_content=path.read_text("utf-8"),
                                input_type=kind, **base))  # type: ignore[arg-type]
    return articles


_BLANK = re.compile(r"\n\s*\n")


def baseline(article: Article) -> list[str]:
    """A bare parse and paragraph split: the floor any extractor pays."""
    if article.input_type == "text/plain":
        return [p.strip() for p in _BLANK.split(article.input_content) if p.strip()]
    doc = lxml.html.document_fromstring(article.input_content)
    return [p.text_content().strip() for p in doc.iter("p")]


def measure(run: Callable[[Article], object], articles: list[Article], rounds: int) -> tuple[float, list[float]]:
    """(articles per CPU-second, per-article wall latencies in seconds)."""
    latencies = []
    cpu_started = time.process_time()
    for _ in range(rounds):
        for article in articles:
            started = time.perf_counter()
            run(article)
            latencies.append(time.perf_counter() - started)
    return rounds * len(articles) / (time.process_time() - cpu_started), latencies


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=160)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pipeline = Pipeline(anatomy_stages())
    articles = corpus(args.articles)
    pipeline.run(articles[0])  # one-off lazy loads (language model), regex compilation
    stage_seconds: dict[str, float] = defaultdict(float)
    for article in articles:  # warm-up pass, also checks every article enriches
        outcome = pipeline.run(article)
        assert isinstance(outcome, Success), f"{article.id}: {outcome}"
        for run in outcome.article.stages:
            stage_seconds[run.name] += run.seconds
    words = statistics.mean(len(a.input_content.split()) for a in articles)
    print(f"corpus: {len(articles)} articles (mean {words:.0f} words of input), {args.rounds} rounds")
    base_rate, base_lat = measure(baseline, articles, args.rounds)
    rate, lat = measure(pipeline.run, articles, args.rounds)
    print(f"{'':28s}{'articles/s/core':>16s}{'p50 ms':>9s}{'p99 ms':>9s}")
    print(f"{'baseline (parse + split)':28s}{base_rate:16.0f}{_pct(base_lat, 50) * 1e3:9.3f}"
          f"{_pct(base_lat, 99) * 1e3:9.3f}")
    print(f"{'anatomy stages':28s}{rate:16.0f}{_pct(lat, 50) * 1e3:9.3f}{_pct(lat, 99) * 1e3:9.3f}")
    print(f"ratio anatomy/baseline: throughput x{rate / base_rate:.3f}, "
          f"p50 x{_pct(lat, 50) / _pct(base_lat, 50):.1f}, p99 x{_pct(lat, 99) / _pct(base_lat, 99):.1f}")
    total = sum(stage_seconds.values())
    shares = ", ".join(f"{name} {100 * s / total:.0f}%" for name, s in
                       sorted(stage_seconds.items(), key=lambda kv: -kv[1])[:6])
    print(f"time by stage (warm-up pass): {shares}")


if __name__ == "__main__":
    main()
