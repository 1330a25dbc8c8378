"""`wire-ingest topics list` asks the broker (issue 12, item 10): without
one it says so and exits non-zero instead of printing the plan."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from service.config import Settings, settings_environ
from service.transport.admin import ensure_topics
from service.transport.embedded import free_port
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def _topics(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli.main", "topics", "list"],
                          env={**os.environ, **env}, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=90)


def test_topics_list_without_a_broker_fails_saying_so() -> None:
    done = _topics({"KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
                    "KAFKA_REQUEST_TIMEOUT_MS": "3000"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "could not reach the broker" in done.stderr
    assert "partitions=" not in done.stdout


def test_topics_list_shows_what_the_broker_has(kafka_settings: Settings) -> None:
    env = settings_environ(kafka_settings)
    before = _topics(env)
    assert before.returncode == 0, before.stderr
    assert f"{kafka_settings.raw_topic}\tmissing" in before.stdout
    ensure_topics(kafka_settings)
    after = _topics(env)
    assert after.returncode == 0 and f"{kafka_settings.raw_topic}\tpartitions=" in after.stdout
