"""Start-up check of the message sizes against a real broker: topics that
accept smaller records than KAFKA_MAX_MESSAGE_BYTES stop the service with a
configuration error naming them (issue 12, item 1)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from service.config import Settings, settings_environ
from service.errors import ConfigError
from service.transport.admin import ensure_topics
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


def test_topics_create_sets_max_message_bytes(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    admin = KafkaAdminClient(bootstrap_servers=kafka_settings.bootstrap_servers)
    try:
        described = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, kafka_settings.raw_topic, None)],
            config_filter="all")
    finally:
        admin.close()
    value = described["topic"][kafka_settings.raw_topic]["max.message.bytes"]["value"]
    assert int(value) == kafka_settings.kafka_max_message_bytes


def test_topics_smaller_than_the_message_size_are_refused(kafka_settings: Settings) -> None:
    small = replace(kafka_settings, max_record_bytes=256 * 1024,
                    kafka_max_message_bytes=512 * 1024)
    ensure_topics(small)
    with pytest.raises(ConfigError, match=rf"{kafka_settings.raw_topic} max.message.bytes=524288"):
        ensure_topics(kafka_settings)
    # the worker process exits 2 with the message, as for any configuration error
    env = {**settings_environ(kafka_settings), "SHUTDOWN_GRACE_S": "2"}
    done = subprocess.run([sys.executable, "-m", "service.cli.main", "work"], env=env,
                          cwd=REPO_ROOT, capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr[-2000:]
    assert b"max.message.bytes=524288" in done.stderr
