"""The topic configs `wire-ingest topics create` asks a cluster for."""

from __future__ import annotations

import pytest

from service.config import load_settings
from service.errors import ConfigError
from service.transport.admin import topic_configs, topic_plan

BASE = {"KAFKA_BOOTSTRAP_SERVERS": "k:9092"}


def test_feeds_and_feed_state_are_compacted_the_rest_deleted_after_retention() -> None:
    s = load_settings({**BASE, "TOPIC_RAW_RETENTION_MS": "3600000", "TOPIC_DLQ_RETENTION_MS": "-1"})
    configs = topic_configs(s)
    assert configs[s.feeds_topic]["cleanup.policy"] == "compact"
    assert configs[s.feed_state_topic]["cleanup.policy"] == "compact"
    assert "retention.ms" not in configs[s.feed_state_topic]  # compacted state is kept for ever
    assert configs[s.raw_topic] == {"cleanup.policy": "delete", "retention.ms": "3600000",
                                    "max.message.bytes": str(s.kafka_max_message_bytes)}
    assert configs[s.enriched_topic]["retention.ms"] == str(30 * 86_400_000)
    assert configs[s.dlq_topic]["retention.ms"] == "-1"


def test_one_replica_leaves_min_insync_replicas_to_the_broker() -> None:
    s = load_settings(BASE)
    assert all("min.insync.replicas" not in c for c in topic_configs(s).values())
    assert {spec["replication_factor"] for spec in topic_plan(s).values()} == {1}


def test_three_replicas_ask_two_in_sync_on_every_topic() -> None:
    s = load_settings({**BASE, "TOPIC_REPLICATION": "3"})
    plan = topic_plan(s)
    assert {spec["replication_factor"] for spec in plan.values()} == {3}
    assert {spec["configs"]["min.insync.replicas"] for spec in plan.values()} == {"2"}  # type: ignore[index]


def test_min_insync_replicas_can_be_set_but_not_above_the_replication() -> None:
    s = load_settings({**BASE, "TOPIC_REPLICATION": "5", "TOPIC_MIN_INSYNC_REPLICAS": "3"})
    assert topic_configs(s)[s.raw_topic]["min.insync.replicas"] == "3"
    with pytest.raises(ConfigError, match="TOPIC_MIN_INSYNC_REPLICAS=4 exceeds TOPIC_REPLICATION=3"):
        load_settings({**BASE, "TOPIC_REPLICATION": "3", "TOPIC_MIN_INSYNC_REPLICAS": "4"})
