"""Fuzz target: the article pipeline (every enrichment stage) and the ninjs
serialisation.

Input: first byte even -> the rest is HTML, odd -> plain text. Contract
checked: a stage may refuse input only with a `PoisonError`; any other
exception is a bug (the runner would dead-letter it, the fuzzer reports it),
and the enriched document always serialises."""

from __future__ import annotations

from datetime import UTC, datetime

import atheris

with atheris.instrument_imports(include=["service"]):
    from service.errors import StageFailure
    from service.model import FeedRef, RawArticle
    from service.pipeline.inputs import article_from_raw
    from service.pipeline.ninjs import to_ninjs
    from service.pipeline.registry import default_pipeline
    from service.pipeline.runner import Failure
    from service.transport.serde import encode_enriched

PIPELINE = default_pipeline()
FEED = FeedRef("fuzz", "Fuzz", "https://fuzz.example/feed", "Asia/Damascus")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    text = data[1:].decode("utf-8", "replace")
    first_line = text.split("\n", 1)[0][:300]
    raw = RawArticle(id="urn:fuzz:1", feed=FEED, url="https://fuzz.example/a", title=first_line,
                     fetched_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
                     published_original="Sat, 01 Mar 2025 09:30:00 +0200", content=text,
                     content_type="text/html" if data[0] % 2 == 0 else "text/plain")
    outcome = PIPELINE.run(article_from_raw(raw))
    if isinstance(outcome, Failure):
        if isinstance(outcome.error, StageFailure):
            raise outcome.error.cause  # a stage crashed instead of refusing cleanly
        return
    encode_enriched(to_ninjs(outcome.article))


if __name__ == "__main__":
    from fuzz.targets.common import main

    main(test_one_input)
