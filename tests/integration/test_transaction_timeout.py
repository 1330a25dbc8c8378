"""Exactly-once with a transaction timeout (KAFKA_MAX_POLL_INTERVAL_MS +
KAFKA_REQUEST_TIMEOUT_MS) above the broker's transaction.max.timeout.ms: the
worker and the cluster assigner stop with a configuration error (exit 2)
naming the settings, instead of retrying a broker they think unreachable."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from service.config import Settings, settings_environ
from tests.apache_kafka import TRANSACTION_MAX_TIMEOUT_MS
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


@pytest.mark.brokers("kafka")  # Tansu has no transaction timeout limit to exceed
@pytest.mark.parametrize("command", ["work", "cluster"])
def test_transaction_timeout_above_the_broker_limit_exits_2(
        kafka_settings: Settings, command: str) -> None:
    request_ms = kafka_settings.kafka_request_timeout_ms
    poll_ms = TRANSACTION_MAX_TIMEOUT_MS - request_ms + 5_000  # 5 s over the limit
    s = replace(kafka_settings, delivery_mode="exactly-once", kafka_max_poll_interval_ms=poll_ms)
    env = {**settings_environ(s), "SHUTDOWN_GRACE_S": "2"}
    done = subprocess.run([sys.executable, "-m", "service.cli.main", command], env=env,
                          cwd=REPO_ROOT, capture_output=True, timeout=30)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err[-3000:]
    total = poll_ms + request_ms
    # the line the CLI prints for any configuration error, naming the settings
    assert ("wire-ingest: configuration error: DELIVERY_MODE=exactly-once: "
            f"KAFKA_MAX_POLL_INTERVAL_MS + KAFKA_REQUEST_TIMEOUT_MS = {poll_ms} + {request_ms} = "
            f"{total} ms") in err, err[-3000:]
    assert "exceeds the broker's transaction.max.timeout.ms" in err
