"""Which broker kinds a test session runs on (tests/brokers.py)."""

from __future__ import annotations

import pytest

from tests.brokers import active_kinds


def test_both_kinds_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIRE_INGEST_BROKERS", raising=False)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert active_kinds() == ("tansu", "kafka")


def test_an_external_cluster_stands_for_its_kind_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIRE_INGEST_BROKERS", raising=False)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k1:9092")
    monkeypatch.delenv("KAFKA_BROKER_KIND", raising=False)
    assert active_kinds() == ("kafka",)
    monkeypatch.setenv("KAFKA_BROKER_KIND", "tansu")
    assert active_kinds() == ("tansu",)


def test_the_selection_is_explicit_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIRE_INGEST_BROKERS", "kafka")
    assert active_kinds() == ("kafka",)
    monkeypatch.setenv("WIRE_INGEST_BROKERS", "tansu, redpanda")
    with pytest.raises(ValueError, match="unknown kind"):
        active_kinds()
