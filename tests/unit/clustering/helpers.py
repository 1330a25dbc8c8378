"""Sketching generated stories the way the worker does (anatomy stages, then
the sketch stage) without a broker."""

from __future__ import annotations

from datetime import UTC, datetime

from service.clustering.keys import key_records
from service.clustering.sketch import Sketch, syndication_sketch
from service.model import Article
from service.pipeline.registry import anatomy_stages
from service.pipeline.runner import Pipeline, Success

_PIPELINE = Pipeline([*anatomy_stages(), syndication_sketch])
T0 = datetime(2026, 3, 2, tzinfo=UTC).timestamp()


def enrich(doc_id: str, text: str, source: str = "outlet") -> Article:
    a = Article(id=doc_id, url=None, source_name=source, source_timezone="UTC",
                fetched_at=None, input_content=text, input_type="text/plain")
    result = _PIPELINE.run(a)
    assert isinstance(result, Success), result
    return result.article


def sketch_of(text: str) -> Sketch:
    s = enrich("x", text).extra["syndication"]
    assert isinstance(s, Sketch)
    return s


def records(doc_id: str, text: str, seen: float, partitions: int = 4,
            source: str = "outlet") -> list[tuple[bytes, bytes]]:
    return key_records(enrich(doc_id, text, source), partitions, seen=seen)
