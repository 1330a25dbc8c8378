"""Topics: the plan (names, partitions, replication and the topic configs a
production cluster needs), idempotent creation, bringing the configs of
existing topics up to the plan, and reading them back."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError

from service.config import Settings
from service.errors import ConfigError
from service.transport.kafka import client_security_config

log = logging.getLogger(__name__)

COMPACTED = {"cleanup.policy": "compact"}
# The configs `topics list` reads back, in this order.
SHOWN_CONFIGS = ("cleanup.policy", "retention.ms", "min.insync.replicas", "max.message.bytes")


def min_insync_replicas(s: Settings) -> int | None:
    """min.insync.replicas for created topics: None with one replica (the
    broker default then applies), else the setting or replication - 1."""
    if s.topic_replication <= 1:
        return None
    return s.topic_min_insync_replicas or s.topic_replication - 1


def topic_configs(s: Settings) -> dict[str, dict[str, str]]:
    """Topic name -> the configs wire-ingest sets on it. Feeds and feed
    state are compacted (the last value per feed id is the state, and
    must survive forever); raw, enriched and dead letters are deleted after
    their retention."""
    isr = min_insync_replicas(s)
    durable = {"min.insync.replicas": str(isr)} if isr else {}
    deleted = {"cleanup.policy": "delete", **durable}
    # the broker's default (message.max.bytes, 1 MiB) is below KAFKA_MAX_MESSAGE_BYTES
    sized = {**deleted, "max.message.bytes": str(s.kafka_max_message_bytes)}
    return {
        s.raw_topic: {**sized, "retention.ms": str(s.topic_raw_retention_ms)},
        s.enriched_topic: {**sized, "retention.ms": str(s.topic_enriched_retention_ms)},
        s.dlq_topic: {**sized, "retention.ms": str(s.topic_dlq_retention_ms)},
        s.feeds_topic: {**COMPACTED, **durable},
        s.feed_state_topic: {**COMPACTED, **durable},
        **{topic: _cluster_topic_configs(s, role, deleted, durable)
           for role, topic in s.cluster_topics.items()},
    }


def _cluster_topic_configs(s: Settings, role: str, deleted: dict[str, str],
                           durable: dict[str, str]) -> dict[str, str]:
    """The assigner's state is compacted like feed state; its published
    assignments live as long as enriched documents; the steps in between
    (keys, matches, decisions) only as long as raw records."""
    if role == "state":
        return {**COMPACTED, **durable}
    retention = s.topic_enriched_retention_ms if role == "clusters" else s.topic_raw_retention_ms
    return {**deleted, "retention.ms": str(retention)}


def topic_plan(s: Settings) -> dict[str, dict[str, object]]:
    """Every topic wire-ingest uses, with how it should be created."""
    plain = {"num_partitions": s.topic_partitions, "replication_factor": s.topic_replication}
    return {name: {**plain, "configs": configs} for name, configs in topic_configs(s).items()}


@contextlib.contextmanager
def admin_client(s: Settings) -> Iterator[KafkaAdminClient]:
    admin = KafkaAdminClient(bootstrap_servers=s.bootstrap_servers, client_id=f"{s.kafka_client_id}-admin",
                             request_timeout_ms=s.kafka_request_timeout_ms, **client_security_config(s))
    try:
        yield admin
    finally:
        admin.close()


def ensure_topics(s: Settings, plan: dict[str, dict[str, object]] | None = None, *,
                  check_sizes: bool = True) -> list[str]:
    """Create missing topics; return the names created. Existing topics are
    left as they are; with `check_sizes`, a ConfigError when one of them
    accepts smaller records than KAFKA_MAX_MESSAGE_BYTES."""
    plan = plan if plan is not None else topic_plan(s)
    with admin_client(s) as admin:
        existing = set(admin.list_topics())
        missing = {name: spec for name, spec in plan.items() if name not in existing}
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance won the race
                admin.create_topics(missing, timeout_ms=10_000, wait_for_metadata=True)
            log.info("created topics", extra={"topics": sorted(missing)})
        if check_sizes:
            check_message_sizes(s, admin, [n for n, spec in plan.items() if "max.message.bytes"
                                           in (spec.get("configs") or {})])  # type: ignore[operator]
        return sorted(missing)


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
            f"{', '.join(too_small)}; run `wire-ingest topics create` (it raises them), raise them "
            "with kafka-configs --alter, or lower KAFKA_MAX_MESSAGE_BYTES (and MAX_RECORD_BYTES)")


def read_topic_configs(s: Settings, names: list[str]) -> dict[str, dict[str, str]]:
    """Topic -> {config: value} as the broker reports them (every config
    in SHOWN_CONFIGS it knows, defaults included). A broker that keeps no
    topic configs (Tansu) gives empty dicts."""
    resources = [ConfigResource(ConfigResourceType.TOPIC, name, list(SHOWN_CONFIGS)) for name in names]
    with admin_client(s) as admin:
        described: dict[str, Any] = admin.describe_configs(resources, config_filter="all")
    topics = described.get("topic", {})
    return {name: {key: str(entry["value"]) for key, entry in (topics.get(name) or {}).items()
                   if key in SHOWN_CONFIGS and entry.get("value") is not None}
            for name in names}


def read_topic_layout(s: Settings, names: list[str]) -> dict[str, tuple[int, int]]:
    """Topic -> (partitions, replication factor), for the topics that exist."""
    with admin_client(s) as admin:
        existing = set(admin.list_topics())
        wanted = [n for n in names if n in existing]
        described = admin.describe_topics(wanted) if wanted else []
    layout = {}
    for topic in described:
        partitions = topic.get("partitions") or []
        replicas = max((len(p.get("replica_nodes") or []) for p in partitions), default=0)
        layout[topic["name"]] = (len(partitions), replicas)
    return layout


def apply_topic_configs(s: Settings) -> dict[str, list[str] | str]:
    """Bring every existing topic's configs up to the plan with incremental
    SETs (other configs an operator set are kept). Topic -> the keys
    changed, or the reason they could not be (a broker without topic
    configs, missing ACLs)."""
    wanted = topic_configs(s)
    try:
        actual = read_topic_configs(s, list(wanted))
    except KafkaError as exc:
        return dict.fromkeys(wanted, f"cannot read topic configs: {exc}")
    changes = {name: {k: v for k, v in configs.items() if actual.get(name, {}).get(k) != v}
               for name, configs in wanted.items()}
    resources = [ConfigResource(ConfigResourceType.TOPIC, name, dict(diff))
                 for name, diff in changes.items() if diff]
    if not resources:
        return {name: [] for name in wanted}
    with admin_client(s) as admin:
        try:
            results = admin.alter_configs(resources, incremental=True).get("topic", {})
        except KafkaError as exc:
            return {name: f"cannot alter topic configs: {exc}" if diff else []
                    for name, diff in changes.items()}
    out: dict[str, list[str] | str] = {}
    for name, diff in changes.items():
        result = results.get(name, "OK") if diff else "OK"
        out[name] = sorted(diff) if str(result) == "OK" else f"not altered: {result}"
    log.info("topic configs applied", extra={"topics": {k: v for k, v in out.items() if v}})
    return out
