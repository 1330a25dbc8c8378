"""`wire-ingest topics create|list` against Apache Kafka: the topics get the
configs a production cluster needs (compacted feeds and feed state,
retention on raw, enriched and dead letters), read back with the admin API;
an existing topic whose configs drifted is brought back to the plan, and
`topics list` shows what the broker reports. (Tansu keeps no topic configs:
there `create` says so per topic and still creates them.)"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from kafka.admin import ConfigResource, ConfigResourceType

from service.config import Settings, settings_environ
from service.transport.admin import admin_client
from tests.conftest import REPO_ROOT, make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.brokers("kafka")]


def wire_ingest(s: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings_environ(s)}
    return subprocess.run([sys.executable, "-m", "service.cli.main", *args], env=env, cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


def broker_configs(s: Settings, topic: str) -> dict[str, Any]:
    """The topic's configs as the broker reports them (admin API, not our code)."""
    with admin_client(s) as admin:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)],
                                           config_filter="all")
    return {k: v["value"] for k, v in described["topic"][topic].items()}


def test_topics_create_sets_the_production_configs_and_list_shows_them(broker: str) -> None:
    s = make_test_settings(broker, topic_partitions=2, topic_raw_retention_ms=3_600_000,
                           topic_dlq_retention_ms=1_209_600_000)
    created = wire_ingest(s, "topics", "create")
    assert created.returncode == 0, created.stderr
    assert f"{s.feed_state_topic}\tcreated\n" in created.stdout

    for topic in (s.feeds_topic, s.feed_state_topic):
        assert broker_configs(s, topic)["cleanup.policy"] == "compact"
    raw, enriched, dlq = (broker_configs(s, t) for t in (s.raw_topic, s.enriched_topic, s.dlq_topic))
    assert (raw["cleanup.policy"], raw["retention.ms"]) == ("delete", "3600000")
    assert enriched["retention.ms"] == str(30 * 86_400_000)
    assert dlq["retention.ms"] == "1209600000"

    # an operator (or an older release) left the raw topic with another retention
    with admin_client(s) as admin:
        admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, s.raw_topic,
                                            {"retention.ms": "60000", "segment.ms": "3600000"})],
                            incremental=True)
    listed = wire_ingest(s, "topics", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("\t")[0]: line for line in listed.stdout.splitlines()}
    assert "partitions=2\treplication=1\t" in rows[s.raw_topic]
    assert "retention.ms=60000" in rows[s.raw_topic]
    assert rows[s.raw_topic].endswith("plan differs: retention.ms=3600000")
    assert "cleanup.policy=compact" in rows[s.feeds_topic]
    assert "plan differs" not in rows[s.feeds_topic]

    again = wire_ingest(s, "topics", "create")
    assert again.returncode == 0, again.stderr
    assert f"{s.raw_topic}\texists\tconfigs set: retention.ms\n" in again.stdout
    assert f"{s.enriched_topic}\texists\n" in again.stdout
    raw = broker_configs(s, s.raw_topic)
    assert raw["retention.ms"] == "3600000"
    assert raw["segment.ms"] == "3600000", "configs outside the plan are left as the operator set them"
