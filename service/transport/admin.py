"""Topic creation: idempotent, with the configured names and partition counts."""

from __future__ import annotations

import contextlib
import logging

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError

from service.config import Settings
from service.errors import ConfigError
from service.transport.kafka import client_security_config

log = logging.getLogger(__name__)

COMPACTED = {"cleanup.policy": "compact"}


def topic_plan(s: Settings) -> dict[str, dict[str, object]]:
    """Every topic wire-ingest uses, with how it should be created."""
    plain = {"num_partitions": s.topic_partitions, "replication_factor": s.topic_replication}
    # the broker's default (message.max.bytes, 1 MiB) is below KAFKA_MAX_MESSAGE_BYTES
    sized = {**plain, "configs": {"max.message.bytes": str(s.kafka_max_message_bytes)}}
    return {
        s.raw_topic: dict(sized),
        s.enriched_topic: dict(sized),
        s.dlq_topic: dict(sized),
        s.feeds_topic: {**plain, "configs": dict(COMPACTED)},
        s.feed_state_topic: {**plain, "configs": dict(COMPACTED)},
    }


def ensure_topics(s: Settings, plan: dict[str, dict[str, object]] | None = None) -> list[str]:
    """Create missing topics; return the names created. Existing topics are left as they are."""
    plan = plan if plan is not None else topic_plan(s)
    admin = KafkaAdminClient(bootstrap_servers=s.bootstrap_servers, client_id=f"{s.kafka_client_id}-admin",
                             request_timeout_ms=s.kafka_request_timeout_ms, **client_security_config(s))
    try:
        existing = set(admin.list_topics())
        missing = {name: spec for name, spec in plan.items() if name not in existing}
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance won the race
                admin.create_topics(missing, timeout_ms=10_000, wait_for_metadata=True)
            log.info("created topics", extra={"topics": sorted(missing)})
        check_message_sizes(s, admin, [n for n, spec in plan.items() if "max.message.bytes"
                                       in (spec.get("configs") or {})])  # type: ignore[operator]
        return sorted(missing)
    finally:
        admin.close()


def existing_topics(s: Settings) -> set[str]:
    """The topics the broker has (raises KafkaError when it cannot be reached)."""
    admin = KafkaAdminClient(bootstrap_servers=s.bootstrap_servers, client_id=f"{s.kafka_client_id}-admin",
                             request_timeout_ms=s.kafka_request_timeout_ms, **client_security_config(s))
    try:
        return set(admin.list_topics())
    finally:
        admin.close()


def check_message_sizes(s: Settings, admin: KafkaAdminClient, topics: list[str]) -> None:
    """Refuse to run when a topic's max.message.bytes is below
    KAFKA_MAX_MESSAGE_BYTES: the broker would refuse records the service
    accepts (and a refused record would stop its partition). Brokers that do
    not report the setting are taken on trust."""
    if not topics:
        return
    try:
        described = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, None) for name in topics],
            config_filter="all")
    except KafkaError as exc:
        log.info("topic configurations not readable; message sizes not checked",
                 extra={"error": repr(exc)})
        return
    too_small = []
    for name, configs in (described.get("topic") or {}).items():
        value = (configs.get("max.message.bytes") or {}).get("value")
        if value is not None and str(value).isdigit() and int(value) < s.kafka_max_message_bytes:
            too_small.append(f"{name} max.message.bytes={value}")
    if too_small:
        raise ConfigError(
            f"topics accept smaller records than KAFKA_MAX_MESSAGE_BYTES={s.kafka_max_message_bytes}: "
            f"{', '.join(too_small)}; raise the topics' max.message.bytes (kafka-configs --alter) or "
            "lower KAFKA_MAX_MESSAGE_BYTES (and MAX_RECORD_BYTES with it)")
