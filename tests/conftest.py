"""Shared fixtures. Integration tests get one real broker per kind per session
(Tansu and Apache Kafka, see tests/brokers.py; or the cluster named by
KAFKA_BOOTSTRAP_SERVERS) and their own topics. A test that uses `broker`
(or `broker_kind`) runs once per kind, its id ending in `[tansu]`/`[kafka]`;
`@pytest.mark.brokers("kafka")` restricts it to the kinds named."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings, load_settings
from tests.brokers import KINDS, BrokerPool, BrokerUnavailable, RunningBroker, active_kinds

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the repository (looked at {SHARED})")
    return SHARED


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "brokers(*kinds): run only on these broker kinds "
                            f"(of {', '.join(KINDS)})")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that needs a broker by broker kind."""
    if "broker_kind" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("brokers")
    wanted = [k for k in KINDS if marker is None or k in marker.args]
    active = active_kinds()
    params = [pytest.param(k, id=k, marks=() if k in active else pytest.mark.skip(
        reason=f"broker kind {k!r} not selected (WIRE_INGEST_BROKERS / KAFKA_BOOTSTRAP_SERVERS "
               f"select {', '.join(active)})")) for k in wanted]
    metafunc.parametrize("broker_kind", params, indirect=True, scope="session")


@pytest.fixture(scope="session")
def broker_pool() -> Iterator[BrokerPool]:
    pool = BrokerPool()
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(scope="session")
def broker_kind(request: pytest.FixtureRequest) -> str:
    """"tansu" or "kafka": the kind of broker this test runs on."""
    return str(request.param)


@pytest.fixture(scope="session")
def running_broker(broker_pool: BrokerPool, broker_kind: str) -> RunningBroker:
    """The session's broker of this kind (bootstrap, pid, kind); shared:
    tests that freeze or stop a broker use one of their own."""
    try:
        return broker_pool.get(broker_kind)
    except BrokerUnavailable as exc:
        # in CI (CI=true) a missing broker is a failure, never a skip
        if os.environ.get("WIRE_INGEST_REQUIRE_BROKERS") or os.environ.get("CI"):
            pytest.fail(f"{broker_kind} broker unavailable: {exc}")
        pytest.skip(f"{broker_kind} broker unavailable: {exc}")


@pytest.fixture(scope="session")
def broker(running_broker: RunningBroker) -> str:
    """Bootstrap address of a real Kafka-compatible broker."""
    return running_broker.bootstrap


def make_test_settings(bootstrap: str, **overrides: object) -> Settings:
    """Settings for a test: its own topics and consumer groups (a member left
    behind by an earlier test must not hold up this test's rebalances), short
    group timeouts, loopback allowed."""
    own = f"t{uuid.uuid4().hex[:10]}"
    base: dict[str, object] = {
        "kafka_bootstrap_servers": bootstrap,
        "topic_prefix": f"{own}.",
        "worker_group": f"{own}-workers",
        "poller_group": f"{own}-pollers",
        "cluster_group": f"{own}-clusters",
        "topic_partitions": 3,
        "kafka_session_timeout_ms": 6000,
        "kafka_heartbeat_interval_ms": 1000,
        "kafka_max_poll_interval_ms": 20000,
        # transaction timeout = poll interval + request timeout = 30 s, the
        # longest tests/apache_kafka.py's broker allows
        "kafka_request_timeout_ms": 10000,
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
