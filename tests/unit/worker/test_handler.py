from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import orjson

from service.model import Article, FeedRef, RawArticle
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Pipeline, Stage
from service.transport.serde import SCHEMA_HEADER, encode_raw
from service.worker.handler import Enriched, Rejected, dead_letter_headers, handle_raw

RAW = RawArticle(
    id="urn:test:1", feed=FeedRef("f", "Test Wire", "http://127.0.0.1/f.rss", "UTC"),
    url="https://news.example.com/a", title="Floods close port of Lagos",
    fetched_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC), published_original="Sun, 01 Mar 2026 10:00:00 GMT",
    content="<p>LAGOS (Reuters) - Floods closed the port of Lagos on Sunday, officials said.</p>"
            "<p>Shipping was suspended for a second day.</p>")


def test_a_valid_record_becomes_a_ninjs_document_with_schema_header() -> None:
    out = handle_raw(encode_raw(RAW), default_pipeline(), max_bytes=1 << 20)
    assert isinstance(out, Enriched)
    doc = orjson.loads(out.value)
    assert doc["headlines"][0]["value"] == "Floods close port of Lagos"
    assert doc["standard"]["name"] == "ninjs"
    assert dict(out.headers)[SCHEMA_HEADER]


def test_undecodable_bytes_are_rejected_at_decode() -> None:
    out = handle_raw(b"\x00garbage", default_pipeline(), max_bytes=1 << 20)
    assert isinstance(out, Rejected)
    assert (out.stage, out.reason) == ("decode", "invalid-record")


def test_a_stage_that_raises_is_named_in_the_rejection() -> None:
    def explode(a: Article) -> Article:
        raise ValueError("cannot parse this")

    pipeline = Pipeline([Stage("boom", "1", explode)])
    out = handle_raw(encode_raw(RAW), pipeline, max_bytes=1 << 20)
    assert isinstance(out, Rejected)
    assert out.stage == "boom"
    assert out.error_class == "ValueError"
    assert "cannot parse this" in out.message


def test_dead_letter_headers_carry_origin_and_reason() -> None:
    rej = Rejected("boom", "stage-failure", "ValueError", "x" * 5000)
    headers = dict(dead_letter_headers(rej, topic="wire.raw", partition=2, offset=41,
                                       failed_at=datetime(2026, 1, 1, tzinfo=UTC)))
    assert headers["dlq-stage"] == b"boom"
    assert headers["dlq-source-partition"] == b"2"
    assert headers["dlq-source-offset"] == b"41"
    assert len(headers["dlq-message"]) == 2000


def test_pipeline_records_stage_versions_and_times() -> None:
    out = handle_raw(encode_raw(replace(RAW)), default_pipeline(), max_bytes=1 << 20)
    assert isinstance(out, Enriched)
    names = [s.name for s in out.article.stages]
    assert names == default_pipeline().names
    assert all(s.seconds >= 0 for s in out.article.stages)
