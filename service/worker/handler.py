"""From the bytes of one raw record to what should be produced: an enriched
document or a dead letter. Pure apart from the pipeline's own timing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.errors import PoisonError
from service.model import Article, RawArticle
from service.pipeline.inputs import article_from_raw
from service.pipeline.ninjs import to_ninjs
from service.pipeline.runner import Failure, Pipeline
from service.transport.serde import decode_raw, encode_enriched, enriched_headers

Headers = list[tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Enriched:
    value: bytes
    headers: Headers
    article: Article
    raw: RawArticle


@dataclass(frozen=True, slots=True)
class Rejected:
    stage: str
    reason: str
    error_class: str
    message: str


Handled = Enriched | Rejected


def handle_raw(value: bytes | None, pipeline: Pipeline, *, max_bytes: int) -> Handled:
    try:
        raw = decode_raw(value, max_bytes=max_bytes)
    except PoisonError as exc:
        return Rejected("decode", exc.reason, type(exc).__name__, str(exc))
    outcome = pipeline.run(article_from_raw(raw))
    if isinstance(outcome, Failure):
        return Rejected(outcome.stage, outcome.error.reason, outcome.error_class, str(outcome.error))
    try:
        doc = to_ninjs(outcome.article)
        data = encode_enriched(doc)
    except Exception as exc:  # serialisation bug on this input: poison, not a crash
        return Rejected("serialise", "stage-failure", type(exc).__name__, str(exc))
    return Enriched(data, enriched_headers(raw.version), outcome.article, raw)


def dead_letter_headers(rej: Rejected, *, topic: str, partition: int, offset: int,
                        failed_at: datetime) -> Headers:
    """Reason headers of a dead letter; the value stays the original bytes."""
    return [
        ("dlq-stage", rej.stage.encode()),
        ("dlq-reason", rej.reason.encode()),
        ("dlq-error-class", rej.error_class.encode()),
        ("dlq-message", rej.message[:2000].encode("utf-8", "replace")),
        ("dlq-source-topic", topic.encode()),
        ("dlq-source-partition", str(partition).encode()),
        ("dlq-source-offset", str(offset).encode()),
        ("dlq-failed-at", failed_at.isoformat().encode()),
    ]
