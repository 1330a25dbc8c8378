"""Raw records on the Kafka topic are untrusted: oversized, non-JSON and
schema-violating values are dead-lettered with a reason, and nothing a
producer can write crashes a worker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.config import Settings
from service.pipeline.registry import default_pipeline
from service.transport.serde import encode_raw
from service.worker.handler import Enriched, Rejected, handle_raw
from tests.kafka_helpers import drain, produce_raw, running_worker
from tests.security.test_field_limits import RAW

PIPELINE = default_pipeline()
MAX = 64 * 1024
VALID = orjson.loads(encode_raw(RAW))

HOSTILE: dict[str, bytes | None] = {
    "tombstone": None,
    "empty": b"",
    "oversized": b'{"id": "' + b"x" * (MAX + 1) + b'"}',
    "not JSON": b"{not json",
    "invalid UTF-8": b'{"id": "\xff\xfe"}',
    "lone surrogate escape": b'{"id": "\\ud800"}',
    "JSON array": b"[1, 2, 3]",
    "JSON string": b'"hello"',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "huge number": b'{"id": 1e999999}',
    "NUL bytes": b"\x00" * 100,
    "missing feed": orjson.dumps({k: v for k, v in VALID.items() if k != "feed"}),
    "wrong id type": orjson.dumps({**VALID, "id": 42}),
    "empty id": orjson.dumps({**VALID, "id": "   "}),
    "naive time": orjson.dumps({**VALID, "fetched_at": "2025-01-01T00:00:00"}),
    "bad time": orjson.dumps({**VALID, "published_at": "yesterday"}),
    "authors not strings": orjson.dumps({**VALID, "authors": [1, {"a": 2}]}),
    "media without url": orjson.dumps({**VALID, "media": [{"type": "image/jpeg"}]}),
    "big integer": b'{"id": "x", "version": 99999999999999999999999999}',
    "future record version": orjson.dumps({**VALID, "record_version": 99}),
    "boolean version": orjson.dumps({**VALID, "version": True}),
    "unknown text source": orjson.dumps({**VALID, "text_source": "telepathy"}),
    "nothing to enrich": orjson.dumps({**VALID, "title": None, "content": None, "summary": None}),
    "content not a string": orjson.dumps({**VALID, "content": {"html": "<p>x</p>"}}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_record_is_rejected_with_a_reason(name: str) -> None:
    handled = handle_raw(HOSTILE[name], PIPELINE, max_bytes=MAX)
    assert isinstance(handled, Rejected), handled
    assert handled.reason in {"invalid-record", "input-too-large", "stage-failure"}
    assert handled.message


def test_media_with_wrong_field_types_is_rejected() -> None:
    value = orjson.dumps({**VALID, "media": [{"url": "https://a.example/", "width": "x"}]})
    assert isinstance(handle_raw(value, PIPELINE, max_bytes=MAX), Rejected)


def test_valid_record_is_enriched() -> None:
    assert isinstance(handle_raw(encode_raw(RAW), PIPELINE, max_bytes=MAX), Enriched)


JSON = st.recursive(st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False)
                    | st.text(max_size=50),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
FIELDS = st.sampled_from(sorted(VALID))


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(FIELDS, JSON, max_size=6))
def test_any_field_values_give_enriched_or_rejected(overrides: dict[str, Any]) -> None:
    value = orjson.dumps({**VALID, **overrides})
    assert isinstance(handle_raw(value, PIPELINE, max_bytes=MAX), Enriched | Rejected)


@settings(max_examples=150, deadline=2000)
@given(st.binary(max_size=2048))
def test_any_bytes_give_enriched_or_rejected(value: bytes) -> None:
    assert isinstance(handle_raw(value, PIPELINE, max_bytes=MAX), Enriched | Rejected)


# ------------------------------------------------------------ real worker



@pytest.mark.integration
@pytest.mark.timeout(120)
def test_worker_on_a_real_broker_dead_letters_hostile_records(kafka_settings: Settings) -> None:
    s = replace(kafka_settings, max_record_bytes=MAX)
    hostile = {name: value for name, value in HOSTILE.items()
               if value is not None and len(value) < 900_000}
    produce_raw(s, [*((name.encode(), value) for name, value in hostile.items()),
                    (b"good", encode_raw(RAW))])
    with running_worker(s) as worker:
        dead = drain(s, s.dlq_topic, len(hostile))
        enriched = drain(s, s.enriched_topic, 1)
    assert sorted(r.key.decode() for r in dead) == sorted(hostile)
    assert all(dict(r.headers)["dlq-reason"] for r in dead)
    assert {r.value for r in dead} == set(hostile.values())  # original bytes kept
    assert len(enriched) == 1 and worker.stats.enriched == 1
