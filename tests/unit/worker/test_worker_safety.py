"""Start-up refusal of client configurations that contradict the delivery mode,
and readiness/logging while the broker is away."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from service.config import load_settings
from service.errors import ConfigError
from service.observability.health import Health
from service.worker.brokerwatch import BrokerWatch
from service.worker.loop import Worker
from service.worker.safety import check_delivery_config, delivery_problems

BASE = load_settings({}, kafka_bootstrap_servers="127.0.0.1:9", http_listen="")


@pytest.mark.parametrize("mode", ["at-least-once", "exactly-once"])
def test_the_worker_builds_configs_that_pass_its_own_check(mode: str) -> None:
    producer, consumer = Worker(replace(BASE, delivery_mode=mode), pipeline=object()).client_configs()  # type: ignore[arg-type]
    assert consumer["enable_auto_commit"] is False
    assert consumer["isolation_level"] == "read_committed"
    assert bool(producer.get("transactional_id")) == (mode == "exactly-once")


def _configs(mode: str) -> tuple[dict[str, object], dict[str, object]]:
    return Worker(replace(BASE, delivery_mode=mode), pipeline=object()).client_configs()  # type: ignore[arg-type]


@pytest.mark.parametrize(("mode", "kind", "key", "value", "says"), [
    ("at-least-once", "consumer", "enable_auto_commit", True, "enable_auto_commit"),
    ("at-least-once", "consumer", "auto_offset_reset", "latest", "auto_offset_reset"),
    ("at-least-once", "producer", "enable_idempotence", False, "enable_idempotence"),
    ("at-least-once", "producer", "acks", 1, "acks"),
    ("at-least-once", "producer", "transactional_id", "t", "DELIVERY_MODE=at-least-once"),
    ("exactly-once", "consumer", "isolation_level", "read_uncommitted", "isolation_level"),
    ("exactly-once", "producer", "transactional_id", None, "transactional"),
    ("exactly-once", "producer", "transaction_timeout_ms", 1000, "transaction_timeout_ms"),
    ("exactly-once", "consumer", "max_poll_records", 10_000, "MAX_IN_FLIGHT"),
    ("exactly-once", "consumer", "request_timeout_ms", 5000, "KAFKA_REQUEST_TIMEOUT_MS"),
])
def test_a_contradicting_setting_is_refused_with_its_name(mode: str, kind: str, key: str,
                                                         value: object, says: str) -> None:
    producer, consumer = _configs(mode)
    (producer if kind == "producer" else consumer)[key] = value
    with pytest.raises(ConfigError, match=says):
        check_delivery_config(replace(BASE, delivery_mode=mode), producer, consumer)


def test_a_grace_period_longer_than_the_poll_interval_is_refused() -> None:
    s = replace(BASE, shutdown_grace_s=120.0)
    producer, consumer = _configs("at-least-once")
    assert any("SHUTDOWN_GRACE_S" in p for p in delivery_problems(s, producer, consumer))


def test_broker_outage_logs_once_per_interval_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    health = Health()
    watch = BrokerWatch(health, log_interval_s=30, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="service.worker.brokerwatch"):
        for _ in range(100):  # one observation per poll: 50 s of outage
            watch.failed("no connection to any broker")
            now[0] += 0.5
        assert not health.ready()[0]
        assert health.ready()[1]["broker"]["detail"] == "no connection to any broker"
        watch.up()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # at 0 s and 30 s
    assert watch.warnings_logged == 2
    assert health.ready()[1]["broker"]["ok"]
    assert "reachable again" in caplog.records[-1].getMessage()


def test_a_probe_problem_is_not_hidden_by_the_loop_and_vice_versa() -> None:
    health = Health()
    watch = BrokerWatch(health)
    watch.up()
    watch.probed("127.0.0.1:9092 did not answer within 3s")
    watch.up()  # the loop still gets records from its fetch buffer
    assert not health.ready()[0]
    assert "did not answer" in health.ready()[1]["broker"]["detail"]
    watch.probed(None)
    assert health.ready()[0]
    watch.failed("deliver: KafkaTimeoutError")
    watch.probed(None)  # the broker answers probes but refuses the batch
    assert not health.ready()[0]
    watch.up()
    assert health.ready()[0]
