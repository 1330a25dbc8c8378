"""Shared fixtures. Integration tests get one real broker per session (Tansu,
or the cluster named by KAFKA_BOOTSTRAP_SERVERS) and their own topics."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the repository (looked at {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def broker() -> Iterator[str]:
    """Bootstrap address of a real Kafka-compatible broker."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    if external:
        yield external
        return
    from service.transport.embedded import EmbeddedBroker

    with EmbeddedBroker() as embedded:
        yield embedded.bootstrap


def make_test_settings(bootstrap: str, **overrides: object) -> Settings:
    """Settings for a test: its own topics, short group timeouts, loopback allowed."""
    base: dict[str, object] = {
        "kafka_bootstrap_servers": bootstrap,
        "topic_prefix": f"t{uuid.uuid4().hex[:10]}.",
        "topic_partitions": 3,
        "kafka_session_timeout_ms": 6000,
        "kafka_heartbeat_interval_ms": 1000,
        "kafka_max_poll_interval_ms": 20000,
        "http_allow_private": True,
        "http_listen": "",
        "min_poll_interval_s": 0.5,
        "shutdown_grace_s": 5.0,
    }
    base.update(overrides)
    return load_settings({}, **base)


@pytest.fixture
def kafka_settings(broker: str) -> Settings:
    return make_test_settings(broker)
